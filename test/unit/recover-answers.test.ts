// Recovery of answers from helm values is the inverse of buildHelmValues: for answers A,
// recover(values(A)) plus only what it says it could not recover gives answers whose values
// are values(A) again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answersSchema, type Answers, type AnswersInput } from '../../src/config/schema.ts';
import { secretFields } from '../../src/config/secret-fields.ts';
import { keyPath } from '../../src/config/problems.ts';
import { buildHelmValues, type HelmValues } from '../../src/wallaroo/values.ts';
import { effectiveServices } from '../../src/wallaroo/services.ts';
import { recoverAnswers, chartVersionOf, VALUE_PATHS, type RecoveredAnswers } from '../../src/session/recover-answers.ts';
import { answers } from '../support/answers.ts';

const secretsOf = (a: Answers) => new Map(secretFields(a).map((f) => [keyPath(f.path), `secret-of-${keyPath(f.path)}`]));
const valuesOf = (a: Answers) => buildHelmValues(a, { secretsIn: 'kubernetes', secrets: secretsOf(a) });

/** The recovered answers completed with exactly what recovery listed as unrecovered, from A. */
function complete(r: RecoveredAnswers, a: Answers): Answers {
  const out = structuredClone(r.answers) as any;
  const keys = r.unrecovered.map((u) => u.key);
  if (keys.includes('chart')) out.chart = a.chart;
  for (const k of ['models', 'edge'] as const) {
    if (keys.includes(`registries.${k}.password`)) out.registries[k].password = a.registries[k]!.password;
    if (keys.includes(`registries.${k}.username`)) out.registries[k].username = a.registries[k]!.username;
  }
  if (keys.includes('registries.pypi.password')) out.registries.pypi.password = a.registries.pypi!.password;
  a.advanced.keycloakProviders.forEach((p, i) => {
    if (keys.includes(`advanced.keycloakProviders[${i}].clientSecret`)) out.advanced.keycloakProviders[i].clientSecret = p.clientSecret;
  });
  return answersSchema.parse(out);
}

const CASES: Record<string, Partial<AnswersInput>> = {
  'eks internal 16, Replicated channel': {},
  'kurl air gap 8, ingress none, images with a pull secret, a service over its size': {
    distribution: 'kurl', ingress: 'none', size: 8, chart: { archive: '/tmp/wallaroo-2025.1.0-6290.tgz' },
    registries: { images: { registry: 'registry.local:5000/wallaroo', tag: 'v1', pullSecret: { name: 'pull', username: 'u', password: 'env:P' } } },
    services: { plateau: true, modelConversion: false },
  },
  'aks external 32, every advanced answer, three registries, custom nodepools': {
    distribution: 'aks', ingress: 'external', size: 32,
    tls: { secret: 'corp-tls' },
    registries: {
      models: { registry: 'models.example.com', username: 'm', password: 'env:M', email: 'm@example.com' },
      edge: { registry: 'edge.example.com:443', repository: 'w/edge', username: 'e', password: 'env:E' },
      pypi: { url: 'https://pypi.example.com/simple', username: 'py', password: 'env:PY', onlyPrivate: true },
    },
    services: { orchestration: false, wsProxy: false, nats: false, externalInferenceEndpoints: false },
    advanced: {
      generateSecrets: false, assaysVersion: 'v1', plateauDiskSize: '250Gi', fluentbitRetentionDays: 3,
      prometheusRetentionSize: '20GB', prometheusRetentionTime: '7d', uninstallHook: false,
      keycloakProviders: [{ id: 'gh', provider: 'github', clientId: 'cid', clientSecret: 'env:GH' }, { id: 'sso', displayName: 'SSO', url: 'https://sso.example.com', clientId: 'c2', clientSecret: 'file:/s' }],
      nodePools: {
        general: { label: { key: 'pool', value: 'gen' } },
        persistent: { label: { key: 'pool', value: 'db' }, taint: null },
        pipelines: { label: { key: 'pool', value: 'infer' }, taint: { key: 'dedicated', value: 'infer', effect: 'NoExecute' } },
      },
    },
  },
  'gke internal 16, TLS from files, only the pipelines pool custom': {
    distribution: 'gke', tls: { certFile: '/c.pem', keyFile: '/k.pem', secretName: 'made-tls' },
    advanced: { nodePools: { pipelines: { label: { key: 'gpu', value: 'yes' } } } },
  },
  'oke 8 with the sizing table as is': { distribution: 'oke', size: 8 },
};

for (const [name, over] of Object.entries(CASES)) {
  test(`recovery inverts the values: ${name}`, () => {
    const a = answers(over);
    const values = valuesOf(a);
    const r = recoverAnswers(values, { release: a.release, namespace: a.namespace, chart: 'wallaroo-2025.1.0-6290' });
    const back = complete(r, a);
    assert.deepEqual(valuesOf(back), values, 'the recovered answers make the same values');
    assert.equal(back.distribution, a.distribution);
    assert.equal(back.ingress, a.ingress);
    assert.deepEqual(back.domain, a.domain);
    assert.deepEqual(effectiveServices(back), effectiveServices(a));
    assert.deepEqual(back.advanced.nodePools ?? {}, a.advanced.nodePools ?? {});
    // What it could not know, it says; what it guessed, it says too.
    const keys = r.unrecovered.map((u) => u.key);
    assert.ok(keys.includes('chart'));
    assert.equal(r.answers.chart?.version, '2025.1.0-6290');
    for (const f of secretFields(a)) {
      const k = keyPath(f.path);
      // An image pull secret is reused as it is (the values only name it): that is said too.
      const said = keys.includes(k) || (k.startsWith('registries.images.pullSecret') && r.assumed.some((x) => x.key === 'registries.images.pullSecret'));
      assert.ok(said, `${k} is listed as not recovered`);
    }
    if (a.size !== 8) assert.ok(r.assumed.some((x) => x.key === 'size'), '16 and 32 cannot be told apart');
    else assert.equal(back.size, 8);
    if (a.tls) assert.deepEqual(back.tls?.secret, a.tls.secret ?? a.tls.secretName);
    // Nothing secret ends up in the recovered answers.
    for (const v of secretsOf(a).values()) assert.ok(!JSON.stringify(r).includes(v));
  });
}

test('recovery from an install made by other means: user values plus the chart\'s computed ones', () => {
  const user: HelmValues = { kubernetes_distribution: 'eks', domainSuffix: 'corp.example.com' };
  const computed: HelmValues = {
    ...user, ingress_mode: 'internal', generate_secrets: true, domainPrefix: '',
    apilb: { serviceType: 'LoadBalancer', annotations: {}, external_inference_endpoints_enabled: false },
    engine: { enabled: true }, dashboard: { enabled: true }, jupyter: { enabled: true, multipleLabs: true }, prometheus: { enabled: true },
    alerting: { enabled: true }, modelValidation: { enabled: true }, grafana: { enabled: true }, plateau: { enabled: true, diskSize: '100Gi' },
    assays: { enabled: true, version: 'v2' }, modelConversion: { enabled: true },
    deploymentStage: '', custTlsSecret: '',
  };
  const r = recoverAnswers(user, { release: 'w', namespace: 'ns', chart: 'wallaroo-2024.4.0-1', computed });
  assert.equal(r.answers.distribution, 'eks');
  assert.equal(r.answers.ingress, 'internal');
  assert.deepEqual(r.answers.domain, { prefix: '', suffix: 'corp.example.com' });
  assert.equal(r.answers.size, 16);
  assert.equal(r.answers.tls, undefined, 'no custom TLS');
  assert.equal(r.answers.advanced?.plateauDiskSize, undefined, 'chart defaults are not turned into answers');
});

test('what the values cannot say is listed, and a foreign value is not taken for an answer', () => {
  const r = recoverAnswers({ kubernetes_distribution: 'openshift', apilb: { serviceType: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }, deploymentStage: 'cust', custTlsCert: 'LS0t' }, { release: 'w', namespace: 'ns' });
  const keys = Object.fromEntries(r.unrecovered.map((u) => [u.key, u.reason]));
  assert.match(keys.distribution, /"openshift", which is not one of aks, eks, gke, oke, kurl/);
  assert.equal(r.answers.ingress, 'internal', 'read from the internal-LB annotation');
  assert.ok(r.assumed.some((a) => a.key === 'ingress'));
  assert.match(keys.tls, /inline/);
  assert.match(keys.domain, /suffix/);
  assert.match(keys.size, /no service switches/);
  assert.deepEqual(r.answers.chart, {});
});

test('chart versions out of helm\'s chart field', () => {
  assert.equal(chartVersionOf('wallaroo-2025.1.0-6290'), '2025.1.0-6290');
  assert.equal(chartVersionOf('wallaroo-ee-2024.4.1'), '2024.4.1');
  assert.equal(chartVersionOf(undefined), undefined);
  assert.equal(chartVersionOf('nochartversion'), undefined);
});

test('every values path recovery reads comes from the one lookup table', () => {
  for (const [setting, paths] of Object.entries(VALUE_PATHS)) {
    assert.ok(paths.length >= 1 && paths.every((p) => p.length >= 1 && p.every((k) => typeof k === 'string' && k)), setting);
  }
});
