// The objects of `helm template`'s output read by lines give what the YAML parser gives, for the
// stand-in charts' real output and for documents written every other way (those go to the parser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { hookEvents, parseManifest, scanObjectRefs } from '../../src/helm/manifest.ts';
import { chartDir } from '../support/e2e.ts';
import { helmPath } from '../support/tools.ts';

const byParser = (text: string) => parseManifest(text).map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), hook: hookEvents(o).length > 0 }));

test('the stand-in chart as helm renders it: the same objects, hooks marked', () => {
  const text = execFileSync(helmPath(4), ['template', 'wallaroo', chartDir, '--namespace', 'wallaroo', '--set', 'kubernetes_distribution=eks', '--set', 'domainSuffix=example.com'], { encoding: 'utf8' });
  const refs = scanObjectRefs(text);
  assert.deepEqual(refs, byParser(text));
  assert.ok(refs.length >= 20, `${refs.length} objects`);
  assert.ok(refs.some((r) => r.hook) && refs.some((r) => r.kind === 'StorageClass' && !r.namespace));
});

const DOCS = [
  // plain block style, comments, quoted values and keys
  `# Source: x\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "plain"   # a comment\n  namespace: 'ns-1'\n  labels:\n    name: not-this\n  annotations:\n    "helm.sh/hook": pre-install\ndata:\n  name: nor-this\n`,
  // four-space indent, annotations before name, a hook list with blanks
  `kind: Job\napiVersion: batch/v1\nmetadata:\n    annotations:\n        helm.sh/hook: " post-install , post-upgrade"\n        other: x\n    name: job-a\nspec: {}\n`,
  // flow-style metadata, anchors, tags, block scalars: the parser decides
  `apiVersion: v1\nkind: Secret\nmetadata: {name: flow, namespace: n}\n`,
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: &a anchored\n`,
  `apiVersion: v1\nkind: !!str Secret\nmetadata:\n  name: tagged\n`,
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: >-\n    folded\n`,
  `apiVersion: v1\nkind: Secret\nmetadata:\n  annotations: {helm.sh/hook: test}\n  name: inline-ann\n`,
  // YAML 1.1 readings: 0123 is a number, yes a boolean
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 0123\n`,
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yes\n`,
  // no object: comments only, a list, a document without a name
  `# only a comment\n`,
  `- a\n- b\n`,
  `apiVersion: v1\nkind: ConfigMap\n`,
  // a name with # and a value with a colon inside
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a#b\n  namespace: x:y\n`,
  // no apiVersion: v1 assumed, as the parser's reading does
  `kind: Namespace\nmetadata:\n  name: nsx\n`,
  // YAML 1.1 floats and specials: the parser's reading
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: +.5\n`,
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: .inf\n  namespace: .\n`,
  // a hook written as a number or a YAML 1.1 boolean: read as helm reads a string
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j1\n  annotations:\n    helm.sh/hook: 1\n`,
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j2\n  annotations:\n    helm.sh/hook: yes\n`,
];

test('every way a document may be written: the same answer as the parser', () => {
  for (const d of DOCS) assert.deepEqual(scanObjectRefs(d), byParser(d), d);
  const all = DOCS.join('---\n');
  assert.deepEqual(scanObjectRefs(all), byParser(all));
  assert.deepEqual(scanObjectRefs(DOCS[0] + '---   \n' + DOCS[1]), byParser(DOCS[0] + '---\n' + DOCS[1]), 'a separator with trailing blanks');
});
