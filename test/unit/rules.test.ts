import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossFieldErrors, answerWarnings } from '../../src/config/rules.ts';
import { keyPath } from '../../src/config/problems.ts';
import { answers, parseIssues } from '../support/answers.ts';

const codes = (over: Parameters<typeof parseIssues>[0]) => parseIssues(over).map((i) => `${(i as any).params?.code ?? i.code}@${i.path.join('.')}`);

test('orchestration without nats and arbEx is an error naming the key and the fix', () => {
  const issues = parseIssues({ services: { orchestration: true, nats: false, arbEx: false } });
  assert.equal(issues.length, 2, 'orchestration and wsProxy rules both fire');
  const orch = issues.find((i) => (i as any).params.code === 'E_ORCHESTRATION_NEEDS_NATS_ARBEX')!;
  assert.deepEqual(orch.path, ['services', 'orchestration']);
  assert.match(orch.message, /nats and arbEx/);
  assert.match((orch as any).params.fix, /services\.nats: true and services\.arbEx: true, or services\.orchestration: false/);
});

test('turning nats off leaves orchestration (default on) without it: reported at services.nats', () => {
  assert.deepEqual(codes({ services: { nats: false, wsProxy: false } }), ['E_ORCHESTRATION_NEEDS_NATS_ARBEX@services.nats']);
  assert.deepEqual(codes({ services: { nats: false, orchestration: false } }), ['E_WSPROXY_NEEDS_NATS@services.nats']);
  assert.deepEqual(codes({ services: { nats: false, orchestration: false, wsProxy: false } }), []);
});

test('wsProxy without nats', () => {
  assert.deepEqual(codes({ services: { wsProxy: true, nats: false, orchestration: false } }), ['E_WSPROXY_NEEDS_NATS@services.wsProxy']);
});

test('pipelines without an OCI registry', () => {
  assert.deepEqual(codes({ services: { pipelines: true } }), ['E_PIPELINES_NEED_OCI_REGISTRY@services.pipelines']);
  assert.deepEqual(codes({ services: { pipelines: true }, registries: { edge: { registry: 'r.example.com', repository: 'x', username: 'u', password: 'env:P' } } }), []);
});

test('a certificate without its key, and the reverse; two TLS sources; empty tls', () => {
  assert.deepEqual(codes({ tls: { certFile: 'a.crt' } }), ['E_TLS_CERT_WITHOUT_KEY@tls.keyFile']);
  assert.deepEqual(codes({ tls: { keyFile: 'a.key' } }), ['E_TLS_KEY_WITHOUT_CERT@tls.certFile']);
  assert.deepEqual(codes({ tls: { secret: 's', certFile: 'a.crt', keyFile: 'a.key' } }), ['E_TLS_TWO_SOURCES@tls.secret']);
  assert.deepEqual(codes({ tls: {} }), ['E_TLS_EMPTY@tls']);
});

test('a registry not in host:port form', () => {
  for (const bad of ['https://models.example.com', 'models.example.com/path', 'host:port']) {
    const issues = parseIssues({ registries: { models: { registry: bad, username: 'u', password: 'env:P' } } });
    assert.equal(issues.length, 1, bad);
    assert.deepEqual(issues[0].path, ['registries', 'models', 'registry']);
    assert.match(issues[0].message, /host:port/);
  }
  assert.deepEqual(codes({ registries: { models: { registry: 'models.example.com:5000', username: 'u', password: 'env:P' } } }), []);
});

test('chart source rules', () => {
  assert.deepEqual(codes({ chart: {} }), ['E_CHART_SOURCE@chart']);
  assert.deepEqual(codes({ chart: { channel: '2025-1' } }), ['E_CHART_VERSION@chart.version']);
  assert.deepEqual(codes({ chart: { archive: 'w.tgz', channel: 'x', version: '1.0.0' } }), ['E_CHART_TWO_SOURCES@chart.archive']);
  assert.deepEqual(codes({ chart: { archive: 'w.tgz', login: { username: 'u', password: 'env:X' } } }), ['E_CHART_LOGIN_ARCHIVE@chart.login']);
});

test('pull secret and PyPI credentials come in pairs; multiple labs need JupyterHub', () => {
  assert.deepEqual(codes({ registries: { images: { registry: 'r:5000/w', pullSecret: { username: 'u' } } } }), ['E_PULL_SECRET_CREDENTIALS@registries.images.pullSecret.password']);
  assert.deepEqual(codes({ registries: { pypi: { url: 'https://p.example.com', password: 'env:X' } } }), ['E_PYPI_CREDENTIALS@registries.pypi.username']);
  assert.deepEqual(codes({ services: { jupyter: false, multipleLabs: true } }), ['E_LABS_NEED_JUPYTER@services.multipleLabs']);
});

const warnCodes = (a: ReturnType<typeof answers>) => answerWarnings(a).map((w) => `${w.code}@${keyPath(w.path)}`);

test('external ingress warns', () => {
  assert.deepEqual(warnCodes(answers({ ingress: 'external' })), ['W_EXTERNAL_INGRESS@ingress']);
  assert.deepEqual(warnCodes(answers({ ingress: 'internal' })), []);
});

test('plateau disk under 100Gi warns (only when plateau runs)', () => {
  assert.deepEqual(warnCodes(answers({ advanced: { plateauDiskSize: '50Gi' } })), ['W_PLATEAU_DISK_SMALL@advanced.plateauDiskSize']);
  assert.deepEqual(warnCodes(answers({ advanced: { plateauDiskSize: '100Gi' } })), []);
  assert.deepEqual(warnCodes(answers({ size: 8, advanced: { plateauDiskSize: '50Gi' } })), [], 'plateau is off at 8 cores');
});

test('kurl with a LoadBalancer warns; kurl with ingress none does not', () => {
  assert.deepEqual(warnCodes(answers({ distribution: 'kurl', ingress: 'internal' })), ['W_KURL_LOADBALANCER@ingress']);
  assert.deepEqual(warnCodes(answers({ distribution: 'kurl', ingress: 'none' })), []);
});

test('a service above the size warns; inline secrets warn; air gap without a registry warns', () => {
  assert.deepEqual(warnCodes(answers({ size: 8, services: { alerting: true } })), ['W_SERVICE_ABOVE_SIZE@services.alerting']);
  assert.deepEqual(warnCodes(answers({ chart: { channel: 'c', version: '2025.1.0-6290', login: { username: 'u', password: 'plain-text' } } })), ['W_SECRET_INLINE@chart.login.password']);
  assert.deepEqual(warnCodes(answers({ chart: { archive: '/w.tgz' } })), ['W_AIRGAP_NO_REGISTRY@registries.images']);
});

test('crossFieldErrors is pure and shared (the wizard uses it too)', () => {
  assert.deepEqual(crossFieldErrors(answers()), []);
});
