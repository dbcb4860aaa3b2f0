// helm's release record (Secret/ConfigMap driver) and manifests: decoding, the in-place edit
// that marks claims kept, and parsing objects out of multi-document YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeRecord, encodeRecord, readTopLevelString, replaceTopLevelString } from '../../src/helm/release-record.ts';
import { annotateManifest, hookEvents, parseManifest } from '../../src/helm/manifest.ts';
import { chartName, isWallarooChart } from '../../src/helm/list.ts';

const MANIFEST = `---
# Source: wallaroo/templates/plateau.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: plateau-managed-disk
  labels:
    app.kubernetes.io/part-of: wallaroo
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 100Gi } }
---
# Source: wallaroo/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  flag: on
  mode: 010
---
# Source: wallaroo/templates/minio.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: minio
  annotations:
    owner: platform
spec: {}
`;

test('a record decodes and encodes for both drivers (Secret data is base64 once more)', () => {
  const json = JSON.stringify({ name: 'wallaroo', manifest: MANIFEST, version: 3 });
  for (const driver of ['secret', 'configmap'] as const) assert.equal(decodeRecord(encodeRecord(json, driver), driver), json);
  // What helm writes: base64(gzip(json)); a Secret's data base64-encodes that text again.
  const helmWritten = Buffer.from(gzipSync(Buffer.from(json)).toString('base64')).toString('base64');
  assert.equal(decodeRecord(helmWritten, 'secret'), json);
});

test('only the top-level manifest string changes: nested keys, escapes and big numbers stay byte for byte', () => {
  const raw = '{"name":"w","config":{"manifest":"not this one","big":12345678901234567890123},"manifest":"a\\"b\\\\c\\n---\\n","hooks":[{"manifest":"nor this"}],"version":2}';
  assert.equal(readTopLevelString(raw, 'manifest'), 'a"b\\c\n---\n');
  const out = replaceTopLevelString(raw, 'manifest', 'new "text"\n');
  assert.equal(out, '{"name":"w","config":{"manifest":"not this one","big":12345678901234567890123},"manifest":"new \\"text\\"\\n","hooks":[{"manifest":"nor this"}],"version":2}');
  assert.throws(() => replaceTopLevelString('{"name":"x"}', 'manifest', ''), /no "manifest"/);
});

test('claims are annotated helm.sh/resource-policy: keep; other documents are left exactly as they were', () => {
  const { text, changed } = annotateManifest(MANIFEST, 'PersistentVolumeClaim', 'helm.sh/resource-policy', 'keep');
  assert.deepEqual(changed, ['plateau-managed-disk', 'minio']);
  const objs = parseManifest(text);
  assert.equal(objs.find((o) => o.name === 'plateau-managed-disk')!.annotations['helm.sh/resource-policy'], 'keep');
  assert.deepEqual(objs.find((o) => o.name === 'minio')!.annotations, { owner: 'platform', 'helm.sh/resource-policy': 'keep' });
  assert.ok(!text.includes('!!omap'), 'a plain mapping, which helm can read');
  const cfg = (t: string) => t.slice(t.indexOf('# Source: wallaroo/templates/config.yaml'), t.indexOf('# Source: wallaroo/templates/minio.yaml'));
  assert.equal(cfg(text), cfg(MANIFEST), 'the ConfigMap (on, 010) is untouched');
  assert.deepEqual(annotateManifest(text, 'PersistentVolumeClaim', 'helm.sh/resource-policy', 'keep').changed, [], 'again: nothing to change');
  assert.deepEqual(annotateManifest(MANIFEST, 'PersistentVolumeClaim', 'helm.sh/resource-policy', 'keep', ['minio']).changed, ['minio']);
});

test('manifests parse into objects; hooks name their events; broken documents are skipped', () => {
  const objs = parseManifest(`${MANIFEST}---\n# comment only\n---\nkind: [broken\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: wallaroo-uninstall\n  namespace: other\n  annotations:\n    helm.sh/hook: pre-delete, post-delete\n`);
  assert.deepEqual(objs.map((o) => `${o.kind}/${o.name}`), ['PersistentVolumeClaim/plateau-managed-disk', 'ConfigMap/cfg', 'PersistentVolumeClaim/minio', 'Job/wallaroo-uninstall']);
  const job = objs[3];
  assert.equal(job.namespace, 'other');
  assert.deepEqual(hookEvents(job), ['pre-delete', 'post-delete']);
});

test('Wallaroo charts are told by name, whatever the version', () => {
  assert.equal(chartName('wallaroo-2025.1.0-6290'), 'wallaroo');
  assert.equal(chartName('wallaroo-enterprise-v1.2.3'), 'wallaroo-enterprise');
  assert.ok(isWallarooChart('wallaroo-2024.4.1-5800'));
  assert.ok(!isWallarooChart('ingress-nginx-4.11.0'));
  assert.ok(!isWallarooChart('cert-manager-v1.15.0'));
});
