// Answers → preset YAML → answers: the wizard's answers file and the answers ConfigMap must
// replay to the very same answers, hold no secret value, and stay YAML 1.1-safe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { loadPreset } from '../../src/config/load-preset.ts';
import { answersToPresetYaml, answersWithSecretRefs, parseAnswersYaml, secretEnvName } from '../../src/session/answers-yaml.ts';
import { answersConfigMap } from '../../src/session/answers-store.ts';
import { repoRoot, scratchDir } from '../support/tools.ts';
import { answers } from '../support/answers.ts';

function load(file: string) {
  const r = loadPreset(file, {}, repoRoot, { resolveSecrets: false });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems, null, 1));
  return r.preset.answers;
}

/** A shipped preset in a folder of its own, with the files it points at (relative to it). */
function shippedPresetCopy(name: string): string {
  const dir = scratchDir('answers-preset');
  copyFileSync(join(repoRoot, 'presets', name), join(dir, name));
  mkdirSync(join(dir, 'tls'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(dir, 'tls/wallaroo.crt'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(dir, 'tls/wallaroo.key'));
  writeFileSync(join(dir, 'wallaroo-2025.1.0-6290.tgz'), gzipSync(Buffer.alloc(1024))); // a gzip, as a chart archive is
  writeFileSync(join(dir, 'image-values.yaml'), '{}\n');
  return join(dir, name);
}

/** Saved in another folder than the preset's, as the ConfigMap copy is. */
function saveElsewhere(text: string): string {
  const file = join(scratchDir('answers-saved'), 'answers.yaml');
  writeFileSync(file, text);
  return file;
}

test('every shipped preset round-trips: load → save → load gives equal answers', () => {
  const names = readdirSync(join(repoRoot, 'presets')).filter((f) => f.endsWith('.yaml'));
  assert.ok(names.length >= 6);
  for (const name of names) {
    const first = load(shippedPresetCopy(name));
    const text = answersToPresetYaml(first);
    assert.match(text, /^apiVersion: wallaroo-install\/v1\n/, name);
    assert.deepEqual(load(saveElsewhere(text)), first, name);
  }
});

test('saved with their provenance, answers replay with the same provenance: a default is not written, so it is not "asked for"', () => {
  const names = readdirSync(join(repoRoot, 'presets')).filter((f) => f.endsWith('.yaml'));
  for (const name of names) {
    const r = loadPreset(shippedPresetCopy(name), {}, repoRoot, { resolveSecrets: false });
    assert.ok(r.ok, name);
    const text = answersToPresetYaml(r.preset.answers, { explicit: r.preset.explicit });
    const again = loadPreset(saveElsewhere(text), {}, repoRoot, { resolveSecrets: false });
    assert.ok(again.ok, name);
    assert.deepEqual(again.preset.answers, r.preset.answers, name);
    assert.deepEqual([...again.preset.explicit!].sort(), [...r.preset.explicit!].sort(), name);
  }
  // A default the preset did not give (the assays version: a conventional setting) stays a default.
  const minimal = answersToPresetYaml(answers(), { explicit: new Set(['apiVersion', 'chart', 'chart.channel', 'chart.version', 'distribution', 'domain', 'domain.suffix']) });
  const o = parse(minimal);
  assert.equal(o.advanced, undefined);
  assert.equal(o.size, undefined);
  assert.equal(o.domain.suffix, 'example.com');
});

const FULL = `apiVersion: wallaroo-install/v1
release: "yes"
namespace: "no"
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login:
    registry: registry.replicated.com
    username: admin@example.com
    password: file:./license.txt
distribution: aks
ingress: external
domain:
  prefix: "on"
  suffix: example.com
tls:
  secret: my-tls
registries:
  images:
    registry: registry.example.com:5000/wallaroo
    tag: "2025.1"
    pullSecret:
      name: pull
      username: robot
      password: env:PULL_PW
      email: robot@example.com
  models:
    registry: models.example.com
    username: m
    password: hunter2-literal-secret
  edge:
    registry: edge.example.com:443
    repository: wallaroo/edge
    username: e
    password: env:EDGE_PW
  pypi:
    url: https://pypi.example.com/simple
    username: py
    password: env:PYPI_PW
    onlyPrivate: true
size: 32
services:
  plateau: false
  pipelines: true
  externalInferenceEndpoints: false
advanced:
  generateSecrets: false
  assaysVersion: v1
  keycloakProviders:
    - id: corp-sso
      displayName: Corp SSO
      provider: oidc
      url: https://sso.example.com
      clientId: wallaroo
      clientSecret: another-literal-secret-value
  fluentbitRetentionDays: 7
  prometheusRetentionSize: 50GB
  prometheusRetentionTime: 15d
  plateauDiskSize: 200Gi
  nodePools:
    general:
      label: { key: pool, value: gen }
    persistent:
      label: { key: pool, value: db }
      taint: null
    pipelines:
      label: { key: pool, value: infer }
      taint: { key: dedicated, value: infer, effect: NoExecute }
  uninstallHook: false
  helmTimeout: 25m
  domainRouting: paths
`;

test('every answer is kept; literal secrets become env: references, relative file: references absolute', () => {
  const dir = scratchDir('answers-full');
  const file = join(dir, 'full.yaml');
  writeFileSync(file, FULL);
  const a = load(file);
  const text = answersToPresetYaml(a, { refBase: dir, header: ['saved by a test'] });
  assert.match(text, /^# saved by a test\n/);
  for (const secret of ['hunter2-literal-secret', 'another-literal-secret-value']) assert.ok(!text.includes(secret), `${secret} is not written`);
  assert.match(text, /password: env:WALLAROO_MODELS_PASSWORD/);
  assert.match(text, /clientSecret: env:WALLAROO_IDP_CORP_SSO_CLIENT_SECRET/);
  assert.match(text, new RegExp(`password: file:${join(dir, 'license.txt').replace(/[.]/g, '\\.')}`));
  assert.match(text, /password: env:PULL_PW/);

  const expected = structuredClone(a);
  expected.registries.models!.password = 'env:WALLAROO_MODELS_PASSWORD';
  expected.advanced.keycloakProviders[0].clientSecret = 'env:WALLAROO_IDP_CORP_SSO_CLIENT_SECRET';
  expected.chart.login!.password = `file:${join(dir, 'license.txt')}`;
  assert.deepEqual(load(saveElsewhere(text)), expected);

  // Without refBase and without literals, the file is the answers exactly.
  const noLiterals = answersWithSecretRefs(a).answers;
  assert.deepEqual(load(saveElsewhere(answersToPresetYaml(noLiterals))), noLiterals);
});

test('YAML 1.1: yes/no/on stay strings for any YAML reader', () => {
  const dir = scratchDir('answers-yaml11');
  writeFileSync(join(dir, 'full.yaml'), FULL);
  const text = answersToPresetYaml(load(join(dir, 'full.yaml')));
  const as11 = parse(text, { version: '1.1' });
  assert.equal(as11.release, 'yes');
  assert.equal(as11.namespace, 'no');
  assert.equal(as11.domain.prefix, 'on');
  assert.equal(as11.registries.images.tag, '2025.1');
  assert.equal(as11.advanced.nodePools.persistent.taint, null, 'a pool without a taint stays explicit');
});

test('defaults are written out; unset optionals and empty lists are not', () => {
  const text = answersToPresetYaml(answers());
  const o = parse(text);
  assert.equal(o.release, 'wallaroo');
  assert.equal(o.ingress, 'internal');
  assert.equal(o.size, 16);
  assert.equal(o.advanced.plateauDiskSize, '100Gi');
  assert.equal(o.advanced.uninstallHook, true);
  assert.equal(o.advanced.keycloakProviders, undefined);
  assert.equal(o.services, undefined);
  assert.equal(o.tls, undefined);
  assert.deepEqual(Object.keys(o)[0], 'apiVersion');
});

test('parseAnswersYaml validates like a preset and names the problems', () => {
  const ok = parseAnswersYaml(answersToPresetYaml(answers()));
  assert.ok(ok.ok);
  const bad = parseAnswersYaml('apiVersion: wallaroo-install/v1\ndistribution: minikube\nchart: {}\ndomain: {suffix: x.com}\n');
  assert.ok(!bad.ok);
  assert.ok(bad.problems.some((p) => p.startsWith('distribution:')), bad.problems.join('\n'));
  assert.ok(!parseAnswersYaml('a: [').ok);
});

test('secret env names are stable and valid variable names', () => {
  const a = answers({ advanced: { keycloakProviders: [{ id: 'my-idp', clientId: 'c', clientSecret: 'x' }] } });
  assert.equal(secretEnvName(['chart', 'login', 'password'], a), 'WALLAROO_CHART_PASSWORD');
  assert.equal(secretEnvName(['advanced', 'keycloakProviders', 0, 'clientSecret'], a), 'WALLAROO_IDP_MY_IDP_CLIENT_SECRET');
  assert.match(secretEnvName(['registries', 'images', 'pullSecret', 'password'], a), /^[A-Z_][A-Z0-9_]*$/);
});

test('the answers ConfigMap: contract name, labels and key; the YAML replays', () => {
  const a = answers({ release: 'prod', namespace: 'wallaroo-prod', registries: { models: { registry: 'm.example.com', username: 'u', password: 'literal-pw-1234' } } });
  const cm = answersConfigMap(a, { revision: 3, source: 'the wizard' });
  assert.equal(cm.metadata!.name, 'wallaroo-install-prod');
  assert.equal(cm.metadata!.namespace, 'wallaroo-prod');
  assert.deepEqual(cm.metadata!.labels, { 'app.kubernetes.io/managed-by': 'wallaroo-install', 'app.kubernetes.io/part-of': 'wallaroo', 'wallaroo-install/release': 'prod' });
  assert.equal(cm.metadata!.annotations!['wallaroo-install/revision'], '3');
  const yaml = cm.data!['answers.yaml'];
  assert.ok(!JSON.stringify(cm).includes('literal-pw-1234'));
  const back = parseAnswersYaml(yaml);
  assert.ok(back.ok);
  assert.equal(back.answers.registries.models!.password, 'env:WALLAROO_MODELS_PASSWORD');
  assert.match(yaml, /^# Answers of release prod in namespace wallaroo-prod, revision 3: saved by wallaroo-install .* from the wizard\.$/m);
});
