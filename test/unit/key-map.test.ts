// Resolving every setting's key against a chart: what counts as evidence that a chart has a
// key, first candidates when no chart is at hand, documented keys a chart must have, settings
// the chart cannot take (default vs asked for), and where each secret ends up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, cpSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartKnows, templateValuePaths } from '../../src/wallaroo/chart-keys.ts';
import { resolveKeyMap, unresolvedKeyMap, keyOf } from '../../src/wallaroo/key-map.ts';
import { SETTINGS, SETTING_IDS } from '../../src/wallaroo/keys.ts';
import { planValues } from '../../src/wallaroo/values.ts';
import { explicitPaths, explicitSource } from '../../src/wallaroo/provenance.ts';
import { inspectChart } from '../../src/flows/chart-check.ts';
import { buildPlan } from '../../src/flows/plan.ts';
import { valuesFileHeader } from '../../src/flows/values-file.ts';
import { answers } from '../support/answers.ts';
import { helmPath, isolatedHelmEnv, repoRoot, scratchDir } from '../support/tools.ts';

const standIn = join(repoRoot, 'test', 'chart', 'wallaroo');
const alt = join(repoRoot, 'test', 'chart-alt', 'wallaroo');
const opts = (secrets = new Map<string, string>()) => ({ secretsIn: 'kubernetes' as const, secrets });

test('every setting is documented or conventional, with at least one candidate per field and a source in the answers', () => {
  for (const id of SETTING_IDS) {
    const def = SETTINGS[id];
    assert.ok(['documented', 'conventional'].includes(def.certainty), id);
    for (const [field, candidates] of Object.entries(def.fields)) assert.ok(candidates.length >= 1, `${id}.${field}`);
    if (def.certainty === 'documented') for (const c of Object.values(def.fields)) assert.equal(c.length, 1, `${id}: a documented key has one name`);
    assert.ok(def.from.length >= 1, id);
  }
});

test('without a chart: first candidates, no chart named, and no speculative Secret-reference fields', () => {
  const m = unresolvedKeyMap();
  assert.equal(m.chart, undefined);
  assert.equal(keyOf(m, 'modelValidation', 'enabled'), 'modelValidation.enabled');
  assert.equal(keyOf(m, 'multipleLabs', 'enabled'), 'jupyter.multipleLabs');
  assert.equal(keyOf(m, 'pypi', 'secretName'), undefined, 'a probe field is never assumed');
  assert.equal(keyOf(m, 'edgeRegistry', 'secretName'), 'ociRegistry.secretName');
});

test('evidence a chart has a key: defaults, schema, Chart.yaml conditions, subchart defaults, templates; a wildcard schema is no evidence', () => {
  const knows = chartKnows({
    values: { jupyter: { enabled: true }, empty: null },
    schema: {
      properties: {
        kubernetes_distribution: { type: 'string' } as never,
        apilb: { $ref: '#/definitions/lb' },
        strict: { additionalProperties: false, properties: { a: {} } },
        loose: { additionalProperties: { type: 'string' } as never },
        both: { allOf: [{ properties: { x: {} } }, { properties: { y: {} } }] },
      },
      definitions: { lb: { properties: { serviceType: {} } } },
    },
    conditions: ['jupyterhub.enabled, hub.enabled'],
    subcharts: new Map([['nats', { jetstream: { enabled: true } }]]),
    templates: ['{{ .Values.fromTemplate.deep.key }}', '{{- $v := .Values -}}\n{{ $v.aliased.key }}', '{{ .Values.strict.b }}'],
  });
  for (const yes of ['jupyter.enabled', 'kubernetes_distribution', 'apilb.serviceType', 'both.x', 'both.y', 'jupyterhub.enabled', 'hub.enabled',
    'nats.jetstream.enabled', 'fromTemplate.deep.key', 'aliased.key', 'strict.a', 'empty']) assert.ok(knows(yes), yes);
  for (const no of ['jupyter.multipleLabs', 'loose.anything', 'nats.other', 'strict.b', 'apilb.annotations', 'missing']) assert.ok(!knows(no), no);
  assert.deepEqual([...templateValuePaths(['{{ .Values.a.b-c }} {{ $x := .Values }}{{ $x.d }}'])].sort(), ['a', 'a.b-c', 'd']);
  assert.deepEqual([...templateValuePaths(['{{- $v := .root.Values -}}{{ $v.e.f }} {{ index .Values "g" "h" }} {{ $.Values.i }} {{ $w := .Values.j }}{{ $w.k }}'])].sort(),
    ['e', 'e.f', 'g', 'g.h', 'i', 'j']);
});

test('the stand-in chart resolves every setting to its first candidate; the second stand-in to its renamed keys or none', () => {
  const std = inspectChart(standIn);
  assert.deepEqual(std.info, { name: 'wallaroo', version: '2025.1.0-6290' });
  const first = unresolvedKeyMap();
  for (const id of SETTING_IDS) assert.deepEqual(std.keyMap.keys.get(id), first.keys.get(id), id);

  const a = inspectChart(alt).keyMap;
  assert.equal(a.chart?.version, '2025.2.0-7001');
  const expect: [Parameters<typeof keyOf>[1], string, string | undefined][] = [
    ['distribution', 'value', 'kubernetes_distribution'],
    ['generateSecrets', 'value', 'generateSecrets'],
    ['jupyter', 'enabled', 'jupyterhub.enabled'],
    ['multipleLabs', 'enabled', 'jupyterhub.multiple_labs'],
    ['modelValidation', 'enabled', 'model_validation.enabled'],
    ['alerting', 'enabled', undefined],
    ['modelConversion', 'enabled', undefined],
    ['assaysVersion', 'value', undefined],
    ['fluentbitRetentionDays', 'value', undefined],
    ['tlsInline', 'cert', undefined],
    ['modelInsights', 'enabled', 'modelInsights.enabled'],
    ['prometheusRetentionTime', 'value', 'prometheus.retention.time'],
    ['plateauDiskSize', 'value', 'plateau.storage.size'],
    ['edgeRegistry', 'secretName', 'oci_registry.existingSecret'],
    ['pypi', 'secretName', 'private_pypi.existingSecret'],
    ['pypiOnlyPrivate', 'value', 'private_pypi.only_private'],
    ['identityProviders', 'value', 'keycloak.identityProviders'],
    ['uninstallHook', 'value', 'uninstall_hook.enabled'],
    ['placementDatabase', 'nodeSelector', 'postgresql.nodeSelector'],
    ['nodeAffinity', 'engineValue', 'nodeAffinity.engine_value'],
  ];
  for (const [id, field, key] of expect) assert.equal(keyOf(a, id, field), key, `${id}.${field}`);
});

test('a packaged chart archive is read the same as its folder, subcharts (archived, aliased) included', () => {
  const dir = scratchDir('keymap-archive');
  const env = { ...process.env, ...isolatedHelmEnv(dir) };
  const chart = join(dir, 'wallaroo');
  cpSync(alt, chart, { recursive: true });
  const sub = join(dir, 'natsbox');
  mkdirSync(sub);
  writeFileSync(join(sub, 'Chart.yaml'), 'apiVersion: v2\nname: natsbox\nversion: 0.1.0\n');
  writeFileSync(join(sub, 'values.yaml'), 'cluster:\n  size: 3\n');
  mkdirSync(join(chart, 'charts'));
  execFileSync(helmPath(3), ['package', sub, '--destination', join(chart, 'charts')], { env });
  writeFileSync(join(chart, 'Chart.yaml'), readFileSync(join(alt, 'Chart.yaml'), 'utf8') + 'dependencies:\n  - name: natsbox\n    version: 0.1.0\n    alias: bus\n    condition: bus.enabled\n');
  // The strict schema must let the subchart's section through (helm validates it too).
  const schema = JSON.parse(readFileSync(join(alt, 'values.schema.json'), 'utf8'));
  schema.properties.bus = { type: 'object' };
  writeFileSync(join(chart, 'values.schema.json'), JSON.stringify(schema));
  const out = join(dir, 'out');
  execFileSync(helmPath(3), ['package', chart, '--destination', out], { env });
  const tgz = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  const packed = inspectChart(tgz);
  assert.deepEqual([...packed.keyMap.keys], [...inspectChart(alt).keyMap.keys]);
  assert.ok(packed.knows('bus.cluster.size'), 'a subchart default, under its alias');
  assert.ok(packed.knows('bus.enabled'), 'a dependency condition');
  assert.ok(!packed.knows('natsbox.cluster.size'), 'not under its own name when aliased');
});

test('a chart without a documented key is refused, naming the key and the chart version', () => {
  const knows = chartKnows({ values: { ingress_mode: 'internal' }, schema: { properties: { kubernetes_distribution: {} } } });
  const { missingDocumented } = resolveKeyMap({ name: 'wallaroo', version: '9.9.9' }, knows);
  const keys = missingDocumented.map((m) => m.key);
  assert.ok(keys.includes('domainSuffix') && keys.includes('apilb.serviceType') && keys.includes('privateModelRegistry.secretName'), keys.join(', '));
  assert.ok(!keys.includes('ingress_mode') && !keys.includes('kubernetes_distribution'));
  assert.ok(!keys.some((k) => k.startsWith('jupyter')), 'conventional keys are never a reason to refuse');
});

test('provenance: what the preset sets is explicit, the rest (sizing table, defaults) is not', () => {
  const e = explicitPaths({ apiVersion: 'x', size: 8, services: { plateau: true }, registries: { pypi: { url: 'https://p' } }, advanced: { keycloakProviders: [{ id: 'a' }] } });
  assert.ok(e.has('services.plateau') && e.has('registries.pypi.url') && e.has('advanced.keycloakProviders'));
  assert.equal(explicitSource('plateau', e), 'services.plateau');
  assert.equal(explicitSource('modelValidation', e), undefined, 'from the sizing table');
  assert.equal(explicitSource('pypi', e), 'registries.pypi');
  assert.equal(explicitSource('pypiOnlyPrivate', e), undefined, 'onlyPrivate was not written: its default');
  assert.equal(explicitSource('identityProviders', e), 'advanced.keycloakProviders');
  assert.equal(explicitSource('assaysVersion', undefined), 'advanced.assaysVersion', 'unknown provenance counts as explicit');
});

test('values for the second stand-in: renamed keys, unsupported settings left out, the Secret reference preferred', () => {
  const keyMap = inspectChart(alt).keyMap;
  const a = answers({
    size: 16,
    registries: {
      edge: { registry: 'edge.example.com', repository: 'w/edge', username: 'e', password: 'env:E' },
      pypi: { url: 'https://pypi.example.com', username: 'p', password: 'env:P' },
    },
    advanced: { keycloakProviders: [{ id: 'corp', provider: 'oidc', clientId: 'c', clientSecret: 'env:S' }] },
  });
  const secrets = new Map([['registries.edge.password', 'edge-pw'], ['registries.pypi.password', 'pypi-pw'], ['advanced.keycloakProviders[0].clientSecret', 'idp-pw']]);
  const v = planValues(a, keyMap, opts(secrets));
  const values = v.values as any;
  assert.equal(values.jupyterhub.multiple_labs, true);
  assert.equal(values.model_validation.enabled, true);
  assert.equal(values.alerting, undefined, 'no key: left out, not written under a guessed name');
  assert.equal(values.modelConversion, undefined);
  assert.deepEqual(values.oci_registry, { enabled: true, registry: 'edge.example.com', repository: 'w/edge', existingSecret: 'wallaroo-edge-registry' });
  assert.deepEqual(values.private_pypi, { enabled: true, url: 'https://pypi.example.com', existingSecret: 'wallaroo-private-pypi', only_private: false });
  assert.deepEqual(v.secretRefs, { tls: false, models: false, edge: true, pypi: true });
  assert.deepEqual(v.inlineSecrets, [{ answer: 'advanced.keycloakProviders[0].clientSecret', label: 'the client secret of identity provider corp', key: 'keycloak.identityProviders' }]);
  assert.deepEqual(v.unsupported.map((u) => u.id).sort(), ['alerting', 'assaysVersion', 'modelConversion']);
  assert.ok(!JSON.stringify(values).includes('pypi-pw') && !JSON.stringify(values).includes('edge-pw'));

  const std = planValues(a, unresolvedKeyMap(), opts(secrets));
  assert.deepEqual(std.inlineSecrets.map((s) => `${s.answer} as ${s.key}`), [
    'registries.pypi.password as privatePypi.password',
    'advanced.keycloakProviders[0].clientSecret as keycloak.providers',
  ]);
  assert.equal((std.values as any).privatePypi.password, 'pypi-pw', 'the known chart takes the PyPI password only inline');
});

test('the plan classifies unsupported settings: explicit ones name the preset key, defaults do not', () => {
  const keyMap = inspectChart(alt).keyMap;
  const raw = { apiVersion: 'wallaroo-install/v1', chart: { archive: '/x.tgz' }, distribution: 'eks', domain: { suffix: 'example.com' }, services: { alerting: true }, advanced: { assaysVersion: 'v1' } };
  const a = answers(raw as never);
  const plan = buildPlan({ answers: a, secrets: new Map(), explicit: explicitPaths(raw) }, keyMap);
  const byId = Object.fromEntries(plan.unsupported.map((u) => [u.id, u.explicitFrom]));
  assert.deepEqual(byId, { alerting: 'services.alerting', modelConversion: undefined, assaysVersion: 'advanced.assaysVersion' });
});

test('the values file header names the chart version, or says UNRESOLVED, and lists exactly the secrets it holds', () => {
  const a = answers({ registries: { pypi: { url: 'https://pypi.example.com', username: 'p', password: 'env:P' } } });
  const secrets = new Map([['registries.pypi.password', 'pw']]);
  const unresolved = valuesFileHeader(buildPlan({ answers: a, secrets }), '/p.yaml');
  assert.match(unresolved, /UNRESOLVED: not checked against a chart/);
  assert.match(unresolved, /Secrets in this file \(keep it private.*\n\s+registries\.pypi\.password as privatePypi\.password \(inline: stored in helm's release, readable by anyone who can read Secrets in namespace wallaroo\)/);
  const resolved = valuesFileHeader(buildPlan({ answers: a, secrets }, inspectChart(alt).keyMap), '/p.yaml');
  assert.match(resolved, /Resolved against chart wallaroo 2025\.2\.0-7001/);
  assert.match(resolved, /Secrets in this file: none\. Keys and passwords are in the Kubernetes Secrets it names\./);
  assert.match(resolved, /Left out \(chart wallaroo 2025\.2\.0-7001 has no key for them.*\): alerting, model conversion, the assays version\./);
  const none = valuesFileHeader(buildPlan({ answers: answers(), secrets: new Map() }, inspectChart(standIn).keyMap), '/p.yaml');
  assert.match(none, /Secrets in this file: none\.$/m);
});

test('a secret that was not resolved (render without it) is left empty and listed, never written as "undefined"', () => {
  const a = answers({ registries: { models: { registry: 'm.example.com:5000', username: 'u', password: 'env:M' }, pypi: { url: 'https://p.example.com', username: 'p', password: 'env:P' } } });
  const plan = buildPlan({ answers: a, secrets: new Map() });
  assert.deepEqual(plan.missingSecrets.sort(), ['registries.models.password', 'registries.pypi.password']);
  assert.ok(!JSON.stringify(plan.kubeSecrets).includes('undefined') && !JSON.stringify(plan.values).includes('undefined'));
});
