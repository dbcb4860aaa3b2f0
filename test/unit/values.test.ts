import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unresolvedKeyMap } from '../../src/wallaroo/key-map.ts';
import { buildHelmValues } from '../../src/wallaroo/values.ts';
import { DISTRIBUTIONS, INGRESS_MODES } from '../../src/wallaroo/distributions.ts';
import { answers } from '../support/answers.ts';

const kube = (a: ReturnType<typeof answers>, secrets = new Map<string, string>()) => buildHelmValues(a, unresolvedKeyMap(), { secretsIn: 'kubernetes', secrets }) as any;

const INTERNAL: Record<string, Record<string, string>> = {
  aks: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
  eks: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
  gke: { 'networking.gke.io/load-balancer-type': 'Internal' },
  oke: { 'service.beta.kubernetes.io/oci-load-balancer-internal': 'true' },
  kurl: {},
};

for (const distribution of DISTRIBUTIONS) {
  for (const ingress of INGRESS_MODES) {
    test(`${distribution} + ingress ${ingress}: distribution, ingress mode, API load balancer`, () => {
      const v = kube(answers({ distribution, ingress }));
      assert.equal(v.kubernetes_distribution, distribution);
      assert.equal(v.ingress_mode, ingress);
      assert.equal(v.apilb.serviceType, ingress === 'none' ? 'ClusterIP' : 'LoadBalancer');
      assert.deepEqual(v.apilb.annotations, ingress === 'internal' ? INTERNAL[distribution] : {});
      assert.equal(v.apilb.external_inference_endpoints_enabled, ingress !== 'none');
    });
  }
}

test('domain prefix and suffix', () => {
  const v = kube(answers({ domain: { prefix: 'ml', suffix: 'corp.example.com' } }));
  assert.equal(v.domainPrefix, 'ml');
  assert.equal(v.domainSuffix, 'corp.example.com');
});

test('TLS from an existing secret', () => {
  const v = kube(answers({ tls: { secret: 'my-tls' } }));
  assert.equal(v.deploymentStage, 'cust');
  assert.equal(v.custTlsSecret, 'my-tls');
  assert.equal(v.custTlsCert, undefined);
});

test('TLS from files: a Secret reference for installs, base64 PEM when inline', () => {
  const a = answers({ tls: { certFile: '/x.crt', keyFile: '/x.key' } });
  const v = kube(a);
  assert.equal(v.deploymentStage, 'cust');
  assert.equal(v.custTlsSecret, 'wallaroo-tls');
  assert.equal(v.custTlsKey, undefined);
  const inline: any = buildHelmValues(a, unresolvedKeyMap(), { secretsIn: 'inline', secrets: new Map(), tlsFiles: { cert: 'CERT-PEM', key: 'KEY-PEM' } });
  assert.equal(inline.custTlsSecret, undefined);
  assert.equal(Buffer.from(inline.custTlsCert, 'base64').toString(), 'CERT-PEM');
  assert.equal(Buffer.from(inline.custTlsKey, 'base64').toString(), 'KEY-PEM');
});

test('no TLS: the chart default (no deploymentStage)', () => {
  assert.equal(kube(answers()).deploymentStage, undefined);
});

test('air-gap image registry, tag and pull secret', () => {
  const v = kube(answers({ registries: { images: { registry: 'reg.local:5000/wallaroo', tag: '2025.1.0', pullSecret: { name: 'regcred' } } } }));
  assert.equal(v.imageRegistry, 'reg.local:5000/wallaroo');
  assert.equal(v.tag, '2025.1.0');
  assert.equal(v.imagePullSecretName, 'regcred');
  const online = kube(answers());
  assert.equal(online.imageRegistry, undefined, 'online installs leave imageRegistry alone');
  assert.equal(online.imagePullSecretName, undefined);
});

const secrets = new Map([
  ['registries.models.password', 'model-pw'],
  ['registries.edge.password', 'edge-pw'],
  ['registries.pypi.password', 'pypi-pw'],
  ['advanced.keycloakProviders[0].clientSecret', 'idp-secret'],
]);

test('private model registry and edge OCI registry: by Secret name, or inline', () => {
  const a = answers({ registries: {
    models: { registry: 'models.example.com:443', username: 'u', password: 'env:M' },
    edge: { registry: 'edge.example.com', repository: 'wallaroo/edge', username: 'e', password: 'env:E', email: 'ops@example.com' },
  } });
  const v = kube(a, secrets);
  assert.deepEqual(v.privateModelRegistry, { enabled: true, registry: 'models.example.com:443', secretName: 'wallaroo-model-registry' });
  assert.deepEqual(v.ociRegistry, { enabled: true, registry: 'edge.example.com', repository: 'wallaroo/edge', secretName: 'wallaroo-edge-registry' });
  assert.equal(v.pipelines.enabled, true, 'pipelines default on with an edge registry');
  assert.equal(v.edgelb.enabled, true, 'edge observability default on with an edge registry');
  const i: any = buildHelmValues(a, unresolvedKeyMap(), { secretsIn: 'inline', secrets });
  assert.deepEqual(i.privateModelRegistry, { enabled: true, registry: 'models.example.com:443', username: 'u', password: 'model-pw' });
  assert.deepEqual(i.ociRegistry, { enabled: true, registry: 'edge.example.com', repository: 'wallaroo/edge', username: 'e', password: 'edge-pw', email: 'ops@example.com' });
});

test('private PyPI, identity providers, retention, plateau disk, assays version, uninstall hook', () => {
  const v = kube(answers({
    registries: { pypi: { url: 'https://pypi.example.com/simple', username: 'p', password: 'env:P', onlyPrivate: true } },
    advanced: {
      keycloakProviders: [{ id: 'corp', provider: 'oidc', url: 'https://idp.example.com', clientId: 'wallaroo', clientSecret: 'env:S' }],
      fluentbitRetentionDays: 14, prometheusRetentionSize: '50GB', prometheusRetentionTime: '30d',
      plateauDiskSize: '200Gi', assaysVersion: 'v1', uninstallHook: false, generateSecrets: false,
    },
  }), secrets);
  assert.deepEqual(v.privatePypi, { enabled: true, url: 'https://pypi.example.com/simple', onlyPrivate: true, username: 'p', password: 'pypi-pw' });
  assert.deepEqual(v.keycloak.providers, [{ id: 'corp', provider: 'oidc', url: 'https://idp.example.com', clientId: 'wallaroo', clientSecret: 'idp-secret' }]);
  assert.equal(v.fluentbit.retentionDays, 14);
  assert.equal(v.prometheus.retentionSize, '50GB');
  assert.equal(v.prometheus.retentionTime, '30d');
  assert.equal(v.plateau.diskSize, '200Gi');
  assert.equal(v.assays.version, 'v1');
  assert.deepEqual(v.uninstallHook, { enable: false });
  assert.equal(v.generate_secrets, false);
});

test('nats, arbEx, orchestration, wsProxy default on and follow overrides', () => {
  const v = kube(answers());
  for (const k of ['nats', 'arbEx', 'orchestration', 'wsProxy']) assert.equal(v[k].enabled, true, k);
  const w = kube(answers({ services: { orchestration: false, wsProxy: false, nats: false, arbEx: false } }));
  for (const k of ['nats', 'arbEx', 'orchestration', 'wsProxy']) assert.equal(w[k].enabled, false, k);
});

test('default nodepools write no placement; custom taints and labels are mirrored to every component', () => {
  const plain = kube(answers());
  assert.equal(plain.nodeAffinity, undefined);
  assert.equal(plain.engine.nodeSelector, undefined);
  const v = kube(answers({ advanced: { nodePools: {
    pipelines: { label: { key: 'example.com/pool', value: 'gpu' }, taint: { key: 'example.com/gpu', value: 'yes', effect: 'NoExecute' } },
    persistent: { label: { key: 'example.com/pool', value: 'disks' }, taint: null },
  } } }));
  assert.deepEqual(v.nodeAffinity, { key: 'example.com/pool', engineValue: 'gpu' });
  // helm merges maps: the chart's stock selector label is removed (null), or no node would match.
  assert.deepEqual(v.engine.nodeSelector, { 'wallaroo.ai/node-purpose': null, 'example.com/pool': 'gpu' });
  assert.deepEqual(v.engine.tolerations, [{ key: 'example.com/gpu', operator: 'Equal', value: 'yes', effect: 'NoExecute' }]);
  assert.deepEqual(v.postgres.nodeSelector, { 'wallaroo.ai/node-purpose': null, 'example.com/pool': 'disks' });
  assert.deepEqual(v.postgres.tolerations, [], 'taint: null means a pool without a taint');
  assert.deepEqual(v.jupyter.nodeSelector, { 'wallaroo.ai/node-purpose': null, 'example.com/pool': 'disks' });
  assert.deepEqual(v.grafana.nodeSelector, { 'wallaroo.ai/node-purpose': 'general' });
  assert.deepEqual(v.engineLB.tolerations, []);
  assert.deepEqual(v.prometheus.nodeSelector, { 'wallaroo.ai/node-purpose': 'general' });
});
