// The stand-in Wallaroo chart (test/chart/wallaroo) checked with the real helm 3 and helm 4:
// lint, render, schema rejections, the chart's own `fail` rules, and packaging.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { helmMajors, helmPath, isolatedHelmEnv, repoRoot, scratchDir, type HelmMajor } from '../support/tools.ts';

const chartDir = join(repoRoot, 'test', 'chart', 'wallaroo');
const chartVersion = '2025.1.0-6290';
const appVersion = '2025.1.0';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Spec;
  data?: Record<string, string>;
  type?: string;
  provisioner?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}
interface Run { code: number; stdout: string; stderr: string }
type Values = Record<string, unknown>;

/** Values an installer would write for an internal EKS install with most options on. */
const sampleValues: Values = {
  kubernetes_distribution: 'eks',
  ingress_mode: 'internal',
  generate_secrets: true,
  domainPrefix: 'acme',
  domainSuffix: 'wallaroo.example.com',
  imageRegistry: 'registry.internal:5000/wallaroo',
  tag: '2025.1.0-6290',
  imagePullSecretName: 'regcred',
  apilb: {
    serviceType: 'LoadBalancer',
    annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    external_inference_endpoints_enabled: true,
  },
  privateModelRegistry: {
    enabled: true, secretName: '', registry: 'models.internal:5000', email: 'ml@example.com',
    username: 'robot', password: 'model-pass',
  },
  ociRegistry: {
    enabled: true, secretName: 'edge-registry', registry: 'oci.internal:5000', repository: 'wallaroo/edge',
    email: '', username: '', password: '',
  },
  pipelines: { enabled: true },
  edgelb: { enabled: true },
  assays: { enabled: true, version: 'v1' },
  keycloak: {
    providers: [
      { id: 'github', displayName: 'GitHub', provider: 'github', clientId: 'gh-client', clientSecret: 'gh-secret', url: '' },
      { id: 'corp-sso', provider: 'oidc', clientId: 'sso-client', clientSecret: 'sso-secret', url: 'https://sso.example.com/realms/x' },
    ],
  },
  fluentbit: { retentionDays: 14 },
  prometheus: { enabled: true, retentionSize: '20GB', retentionTime: '30d' },
  plateau: { enabled: true, diskSize: '250Gi' },
  privatePypi: { enabled: true, url: 'https://pypi.internal', username: 'pip', password: 'pip-pass', onlyPrivate: true },
  uninstallHook: { enable: true },
};

/** The 8-core column of the sizing table. */
const smallCluster: Values = {
  kubernetes_distribution: 'gke',
  jupyter: { enabled: true, multipleLabs: false },
  alerting: { enabled: false },
  modelValidation: { enabled: false },
  plateau: { enabled: false },
  assays: { enabled: false },
};

const fullDeployments = [
  'alerting', 'api-lb', 'arbex', 'dashboard', 'engine', 'engine-lb', 'grafana', 'jupyter-hub', 'keycloak',
  'model-conversion', 'model-validation', 'nats', 'orchestration', 'plateau', 'postgres', 'prometheus', 'wsproxy',
];

const pemCert = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const pemKey = '-----BEGIN EC PRIVATE KEY-----\nMHcfake\n-----END EC PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function podSpecOf(o: K8sObject): Spec | undefined {
  if (o.kind === 'Deployment' || o.kind === 'Job') return o.spec.template.spec;
  return undefined;
}

for (const major of helmMajors) {
  describe(`stand-in wallaroo chart with helm ${major}`, () => {
    let dir = '';
    let env: NodeJS.ProcessEnv = {};
    let fileCount = 0;

    before(() => {
      helmPath(major); // fails early with a clear message when the tools are missing
      dir = scratchDir(`chart-helm${major}`);
      const base: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HELM_')) base[k] = v;
      env = { ...base, ...isolatedHelmEnv(dir, join(dir, 'no-kubeconfig')) };
    });
    after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

    function helm(args: string[]): Promise<Run> {
      return new Promise((resolve) => {
        execFile(helmPath(major as HelmMajor), args, { cwd: repoRoot, env, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        });
      });
    }
    function valuesFile(values: Values): string {
      const file = join(dir, `values-${++fileCount}.yaml`);
      // helm reads values as YAML 1.1, where a plain `yes`/`on` is a boolean: quote like 1.1.
      writeFileSync(file, stringify(values, { version: '1.1' }), { mode: 0o600 });
      return file;
    }
    async function template(values: Values, extra: string[] = [], chart = chartDir): Promise<Run> {
      return helm(['template', 'wallaroo', chart, '--namespace', 'wallaroo', '-f', valuesFile(values), ...extra]);
    }
    async function render(values: Values, chart = chartDir): Promise<K8sObject[]> {
      const r = await template(values, [], chart);
      assert.equal(r.code, 0, `helm template failed:\n${r.stderr}`);
      const docs = parseAllDocuments(r.stdout);
      for (const d of docs) assert.equal(d.errors.length, 0, `bad YAML rendered: ${d.errors.join('; ')}`);
      return docs.map((d) => d.toJS() as K8sObject | null).filter((o): o is K8sObject => o != null);
    }
    const find = (objs: K8sObject[], kind: string, name: string) =>
      objs.find((o) => o.kind === kind && o.metadata.name === name);
    const get = (objs: K8sObject[], kind: string, name: string): K8sObject => {
      const o = find(objs, kind, name);
      assert.ok(o, `${kind}/${name} not rendered`);
      return o;
    };
    const names = (objs: K8sObject[], kind: string) =>
      objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();

    async function rejected(values: Values): Promise<string> {
      const r = await template(values);
      assert.notEqual(r.code, 0, 'helm template should have failed');
      return r.stderr;
    }

    // ---- lint ----
    it('lints with a sample installer values file (eks, internal LoadBalancer)', async () => {
      const r = await helm(['lint', '--strict', chartDir, '-f', valuesFile(sampleValues)]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /0 chart\(s\) failed/);
    });

    it('lints with the bare defaults plus kubernetes_distribution', async () => {
      const r = await helm(['lint', '--strict', chartDir, '--set', 'kubernetes_distribution=eks']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    // ---- rendering ----
    it('renders the front door, the admin secret, images, pull secrets and labels from the sample values', async () => {
      const objs = await render(sampleValues);

      const svc = get(objs, 'Service', 'api-lb-ext');
      assert.equal(svc.spec.type, 'LoadBalancer');
      assert.equal(svc.metadata.annotations?.['service.beta.kubernetes.io/aws-load-balancer-internal'], 'true');
      const ports = Object.fromEntries(svc.spec.ports.map((p: Spec) => [p.name, p]));
      assert.deepEqual([ports.https.port, ports.http.port], [443, 80]);
      const lb = get(objs, 'Deployment', 'api-lb');
      const lbPod = lb.spec.template;
      for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>)) {
        assert.equal(lbPod.metadata.labels[k], v, `api-lb pods must match the Service selector ${k}`);
      }
      const cports = Object.fromEntries(lbPod.spec.containers[0].ports.map((p: Spec) => [p.name, p.containerPort]));
      assert.equal(cports[ports.https.targetPort], 8443);
      assert.equal(cports[ports.http.targetPort], 8080);
      assert.equal(lbPod.spec.containers[0].image, 'registry.internal:5000/wallaroo/envoy:2025.1.0-6290');

      const admin = get(objs, 'Secret', 'keycloak-admin-secret');
      assert.equal(unb64(admin.data!.KEYCLOAK_ADMIN_USER), 'admin');
      assert.match(unb64(admin.data!.KEYCLOAK_ADMIN_PASSWORD), /^[A-Za-z0-9]{24}$/);

      // Every object carries part-of=wallaroo; every pod lists the pull secret and uses the registry.
      for (const o of objs) {
        assert.equal(o.metadata.labels?.['app.kubernetes.io/part-of'], 'wallaroo', `${o.kind}/${o.metadata.name} label`);
        const pod = podSpecOf(o);
        if (!pod) continue;
        assert.deepEqual(pod.imagePullSecrets, [{ name: 'regcred' }], `${o.kind}/${o.metadata.name} imagePullSecrets`);
        assert.equal(o.spec.template.metadata.labels['app.kubernetes.io/part-of'], 'wallaroo');
        for (const c of pod.containers) assert.match(c.image, /^registry\.internal:5000\/wallaroo\/[a-z-]+:2025\.1\.0-6290$/);
      }

      // The domain model (2025.1: one domain, path routing) and the non-secret configuration.
      const cm = get(objs, 'ConfigMap', 'wallaroo-config').data!;
      assert.equal(cm.domain, 'acme.wallaroo.example.com');
      assert.equal(cm.domainRouting, 'paths');
      for (const s of ['dashboard', 'api', 'keycloak', 'jupyter']) assert.equal(cm[`${s}Fqdn`], 'acme.wallaroo.example.com', s);
      assert.deepEqual([cm.dashboardUrl, cm.apiUrl, cm.keycloakUrl, cm.jupyterUrl], [
        'https://acme.wallaroo.example.com', 'https://acme.wallaroo.example.com/v1/api',
        'https://acme.wallaroo.example.com/auth', 'https://acme.wallaroo.example.com/hub',
      ]);
      assert.equal(cm.assaysVersion, 'v1');
      assert.equal(cm.fluentbitRetentionDays, '14');
      assert.equal(cm.prometheusRetentionSize, '20GB');
      assert.equal(cm.prometheusRetentionTime, '30d');
      assert.equal(cm.externalInferenceEndpoints, 'true');
      const providers = JSON.parse(cm.keycloakProviders) as Record<string, string>[];
      assert.deepEqual(providers.map((p) => p.id), ['github', 'corp-sso']);
      assert.ok(providers.every((p) => !('clientSecret' in p)), 'no client secrets in the ConfigMap');
      assert.doesNotMatch(JSON.stringify(cm), /gh-secret|sso-secret|model-pass|pip-pass/);
      const kcSecrets = get(objs, 'Secret', 'keycloak-providers').data!;
      assert.equal(unb64(kcSecrets['github-client-secret']), 'gh-secret');

      // Registry credentials: inline password -> the chart's own Secret; secretName -> referenced only.
      const pmr = get(objs, 'Secret', 'private-model-registry');
      assert.equal(pmr.type, 'kubernetes.io/dockerconfigjson');
      const auths = JSON.parse(unb64(pmr.data!['.dockerconfigjson'])).auths;
      assert.equal(auths['models.internal:5000'].username, 'robot');
      assert.equal(unb64(auths['models.internal:5000'].auth), 'robot:model-pass');
      assert.equal(find(objs, 'Secret', 'oci-registry'), undefined, 'secretName given: no own Secret');
      const pipelinesVols = get(objs, 'Deployment', 'pipelines').spec.template.spec.volumes;
      assert.ok(pipelinesVols.some((v: Spec) => v.secret?.secretName === 'edge-registry'));
      assert.equal(cm.ociRegistrySecret, 'edge-registry');
      const engineVols = get(objs, 'Deployment', 'engine').spec.template.spec.volumes;
      assert.ok(engineVols.some((v: Spec) => v.secret?.secretName === 'private-model-registry'));
      assert.equal(unb64(get(objs, 'Secret', 'private-pypi').data!.password), 'pip-pass');
      const orchEnv = get(objs, 'Deployment', 'orchestration').spec.template.spec.containers[0].env;
      assert.ok(orchEnv.some((e: Spec) => e.name === 'WALLAROO_PYPI_URL' && e.value === 'https://pypi.internal'));

      // Hooks.
      const setup = get(objs, 'Job', 'jupyter-hub-setup');
      assert.equal(setup.metadata.annotations?.['helm.sh/hook'], 'post-install,post-upgrade');
      assert.equal(setup.metadata.annotations?.['helm.sh/hook-delete-policy'], 'before-hook-creation');
      const uninstall = get(objs, 'Job', 'wallaroo-uninstall');
      assert.equal(uninstall.metadata.annotations?.['helm.sh/hook'], 'pre-delete');
      assert.equal(uninstall.metadata.annotations?.['helm.sh/hook-delete-policy'], 'before-hook-creation,hook-succeeded');

      assert.equal(get(objs, 'PersistentVolumeClaim', 'plateau-managed-disk').spec.resources.requests.storage, '250Gi');
      assert.ok(find(objs, 'Deployment', 'edge-lb'));
      // Only the kinds the fake API serves.
      const kinds = new Set(objs.map((o) => o.kind));
      for (const k of kinds) assert.ok(['Deployment', 'Job', 'Service', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'StorageClass'].includes(k), k);
    });

    it('renders the bare defaults: 16-core services, ClusterIP, appVersion tag, default placement', async () => {
      const objs = await render({ kubernetes_distribution: 'aks' });
      assert.deepEqual(names(objs, 'Deployment'), fullDeployments);
      assert.equal(get(objs, 'Service', 'api-lb-ext').spec.type, 'ClusterIP');
      assert.equal(get(objs, 'Service', 'api-lb-ext').metadata.annotations, undefined);
      for (const o of objs) {
        const pod = podSpecOf(o);
        if (!pod) continue;
        assert.equal(pod.imagePullSecrets, undefined, `${o.metadata.name}: no pull secret by default`);
        for (const c of pod.containers) assert.match(c.image, new RegExp(`^ghcr\\.io/wallaroolabs/[a-z-]+:${appVersion.replaceAll('.', '\\.')}$`));
      }
      const pod = (name: string) => get(objs, 'Deployment', name).spec.template.spec;
      const purpose = (name: string) => pod(name).nodeSelector?.['wallaroo.ai/node-purpose'];
      const taints = (name: string) => (pod(name).tolerations ?? []).map((t: Spec) => `${t.key}=${t.value}:${t.effect}`);
      assert.equal(purpose('engine'), 'pipelines');
      assert.deepEqual(taints('engine'), ['wallaroo.ai/pipelines=true:NoSchedule']);
      assert.deepEqual(
        pod('engine').affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0],
        { key: 'wallaroo.ai/node-purpose', operator: 'In', values: ['pipelines'] });
      for (const n of ['postgres', 'jupyter-hub']) {
        assert.equal(purpose(n), 'persistent', n);
        assert.deepEqual(taints(n), ['wallaroo.ai/persistent=true:NoSchedule'], n);
      }
      for (const n of ['grafana', 'prometheus', 'engine-lb']) {
        assert.equal(purpose(n), 'general', n);
        assert.deepEqual(taints(n), [], n);
      }
      assert.equal(purpose('dashboard'), undefined);
      const admin = get(objs, 'Secret', 'keycloak-admin-secret');
      assert.match(unb64(admin.data!.KEYCLOAK_ADMIN_PASSWORD), /^[A-Za-z0-9]{24}$/);
      const sc = get(objs, 'StorageClass', 'wallaroo-standard');
      assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
      assert.equal(sc.allowVolumeExpansion, true);
      assert.equal(get(objs, 'PersistentVolumeClaim', 'plateau-managed-disk').spec.storageClassName, 'wallaroo-standard');
      assert.equal(get(objs, 'PersistentVolumeClaim', 'plateau-managed-disk').spec.resources.requests.storage, '100Gi');
    });

    it('adds and removes Deployments with the sizing toggles', async () => {
      const small = await render(smallCluster);
      assert.deepEqual(names(small, 'Deployment'),
        fullDeployments.filter((n) => !['alerting', 'model-validation', 'plateau'].includes(n)));
      assert.equal(find(small, 'PersistentVolumeClaim', 'plateau-managed-disk'), undefined);
      assert.equal(get(small, 'ConfigMap', 'wallaroo-config').data!.assaysEnabled, 'false');

      const bare = await render({
        kubernetes_distribution: 'oke',
        engine: { enabled: false }, dashboard: { enabled: false }, grafana: { enabled: false },
        prometheus: { enabled: false }, modelConversion: { enabled: false }, jupyter: { enabled: false },
        orchestration: { enabled: false }, wsProxy: { enabled: false }, nats: { enabled: false }, arbEx: { enabled: false },
        alerting: { enabled: false }, modelValidation: { enabled: false }, plateau: { enabled: false },
        uninstallHook: { enable: false },
      });
      assert.deepEqual(names(bare, 'Deployment'), ['api-lb', 'keycloak', 'postgres']);
      assert.deepEqual(names(bare, 'Job'), []);
      assert.equal(get(bare, 'ConfigMap', 'wallaroo-config').data!.jupyterFqdn, undefined);
    });

    it('keeps the generic admin password when generate_secrets is false', async () => {
      const objs = await render({ kubernetes_distribution: 'kurl', generate_secrets: false });
      assert.equal(unb64(get(objs, 'Secret', 'keycloak-admin-secret').data!.KEYCLOAK_ADMIN_PASSWORD), 'admin');
    });

    it('mounts custom TLS: an existing custTlsSecret, or wallaroo-cust-tls made from custTlsCert/custTlsKey', async () => {
      const tlsVolume = (objs: K8sObject[]) =>
        get(objs, 'Deployment', 'api-lb').spec.template.spec.volumes.find((v: Spec) => v.name === 'tls')?.secret?.secretName;

      const existing = await render({ kubernetes_distribution: 'eks', deploymentStage: 'cust', custTlsSecret: 'corp-tls' });
      assert.equal(tlsVolume(existing), 'corp-tls');
      assert.equal(find(existing, 'Secret', 'wallaroo-cust-tls'), undefined);

      const inline = await render({ kubernetes_distribution: 'eks', deploymentStage: 'cust', custTlsCert: b64(pemCert), custTlsKey: b64(pemKey) });
      assert.equal(tlsVolume(inline), 'wallaroo-cust-tls');
      const secret = get(inline, 'Secret', 'wallaroo-cust-tls');
      assert.equal(secret.type, 'kubernetes.io/tls');
      assert.equal(unb64(secret.data!['tls.crt']), pemCert);
      assert.equal(unb64(secret.data!['tls.key']), pemKey);

      const none = await render({ kubernetes_distribution: 'eks' });
      assert.equal(tlsVolume(none), undefined);
    });

    it('chooses the StorageClass provisioner by kubernetes_distribution', async () => {
      const expected: Record<string, string> = {
        aks: 'disk.csi.azure.com', eks: 'ebs.csi.aws.com', gke: 'pd.csi.storage.gke.io',
        oke: 'blockvolume.csi.oraclecloud.com', kurl: 'openebs.io/local',
      };
      await Promise.all(Object.entries(expected).map(async ([dist, provisioner]) => {
        const r = await template({ kubernetes_distribution: dist }, ['--show-only', 'templates/storageclass.yaml']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal((parse(r.stdout) as K8sObject).provisioner, provisioner, dist);
      }));
    });

    // ---- schema ----
    it('the schema rejects unknown keys, wrong types, a missing kubernetes_distribution and bad enums', async () => {
      const schemaError = /values don't meet the specifications of the schema/;
      const cases: [string, Values, RegExp][] = [
        ['unknown top-level key', { kubernetes_distribution: 'eks', notAWallarooKey: true }, /notAWallarooKey/],
        ['unknown key under apilb', { kubernetes_distribution: 'eks', apilb: { loadBalancerIP: '10.0.0.1' } }, /loadBalancerIP/],
        ['wrong type', { kubernetes_distribution: 'eks', plateau: { enabled: 'yes' } }, /plateau/],
        ['missing kubernetes_distribution', {}, /kubernetes_distribution/],
        ['bad kubernetes_distribution', { kubernetes_distribution: 'openshift' }, /kubernetes_distribution/],
        ['bad ingress_mode', { kubernetes_distribution: 'eks', ingress_mode: 'public' }, /ingress_mode/],
        ['bad apilb.serviceType', { kubernetes_distribution: 'eks', apilb: { serviceType: 'NodePort' } }, /serviceType/],
        ['bad assays.version', { kubernetes_distribution: 'eks', assays: { version: 'v3' } }, /version/],
        ['bad plateau.diskSize', { kubernetes_distribution: 'eks', plateau: { diskSize: '100 GB' } }, /diskSize/],
        ['fluentbit.retentionDays below 1', { kubernetes_distribution: 'eks', fluentbit: { retentionDays: 0 } }, /retentionDays/],
        ['annotation that is not a string', { kubernetes_distribution: 'eks', apilb: { annotations: { a: true } } }, /annotations/],
        ['provider without clientSecret', { kubernetes_distribution: 'eks', keycloak: { providers: [{ id: 'x', clientId: 'y' }] } }, /clientSecret/],
        ['unknown key in a provider', { kubernetes_distribution: 'eks', keycloak: { providers: [{ id: 'x', clientId: 'y', clientSecret: 'z', realm: 'r' }] } }, /realm/],
        ['unknown key under uninstallHook', { kubernetes_distribution: 'eks', uninstallHook: { enabled: false } }, /enabled/],
        ['toleration that is not an object', { kubernetes_distribution: 'eks', engine: { tolerations: ['x'] } }, /tolerations/],
      ];
      const results = await Promise.all(cases.map(([, values]) => rejected(values)));
      cases.forEach(([label, , pattern], i) => {
        assert.match(results[i], schemaError, `${label}: ${results[i]}`);
        assert.match(results[i], pattern, `${label}: ${results[i]}`);
      });
    });

    // ---- the chart's own cross-field rules ----
    it('fails with clear messages on cross-field rules the schema cannot express', async () => {
      const eks = { kubernetes_distribution: 'eks' };
      const cases: [Values, string][] = [
        [{ ...eks, arbEx: { enabled: false } }, 'orchestration.enabled requires nats.enabled and arbEx.enabled'],
        [{ ...eks, nats: { enabled: false } }, 'orchestration.enabled requires nats.enabled and arbEx.enabled'],
        [{ ...eks, nats: { enabled: false }, orchestration: { enabled: false } }, 'wsProxy.enabled requires nats.enabled'],
        [{ ...eks, pipelines: { enabled: true } }, 'pipelines.enabled requires ociRegistry.enabled'],
        [{ ...eks, custTlsCert: b64(pemCert) }, 'custTlsCert is set but custTlsKey is not'],
        [{ ...eks, custTlsKey: b64(pemKey) }, 'custTlsKey is set but custTlsCert is not'],
        [{ ...eks, custTlsCert: b64('not a pem'), custTlsKey: b64(pemKey) }, 'custTlsCert must be the base64 encoding of a PEM certificate'],
        [{ ...eks, custTlsCert: pemCert, custTlsKey: b64(pemKey) }, 'custTlsCert must be the base64 encoding of a PEM certificate'],
        [{ ...eks, custTlsSecret: 'x', custTlsCert: b64(pemCert), custTlsKey: b64(pemKey) }, 'set either custTlsSecret or custTlsCert/custTlsKey, not both'],
        [{ ...eks, deploymentStage: 'cust' }, 'deploymentStage "cust" needs custTlsSecret, or custTlsCert and custTlsKey'],
        [{ ...eks, ingress_mode: 'none', apilb: { serviceType: 'LoadBalancer' } }, 'ingress_mode "none" is cluster-local only'],
        [{ ...eks, privateModelRegistry: { enabled: true, registry: 'r:5000' } }, 'privateModelRegistry.enabled needs secretName, or registry, username and password'],
        [{ ...eks, ociRegistry: { enabled: true, secretName: 's' } }, 'ociRegistry.enabled needs repository'],
        [{ ...eks, ociRegistry: { enabled: true, repository: 'r', username: 'u' } }, 'ociRegistry.enabled needs secretName, or registry, username and password'],
        [{ ...eks, privatePypi: { enabled: true, url: 'pypi.internal' } }, 'privatePypi.enabled needs url'],
        [{ ...eks, keycloak: { providers: [{ id: 'a', clientId: 'b', clientSecret: 'c' }, { id: 'a', clientId: 'd', clientSecret: 'e' }] } }, 'keycloak.providers has id "a" twice'],
      ];
      const results = await Promise.all(cases.map(([values]) => rejected(values)));
      cases.forEach(([values, message], i) => {
        assert.ok(results[i].includes(`wallaroo: ${message}`), `expected "${message}" for ${JSON.stringify(values)}, got:\n${results[i]}`);
      });
    });

    // ---- packaging ----
    it('packages into a .tgz that renders and shows the same values', async () => {
      const out = join(dir, 'pkg');
      const r = await helm(['package', chartDir, '-d', out]);
      assert.equal(r.code, 0, r.stderr);
      const tgz = join(out, `wallaroo-${chartVersion}.tgz`);
      assert.ok(existsSync(tgz), `${tgz} missing: ${r.stdout}`);

      const objs = await render({ kubernetes_distribution: 'eks' }, tgz);
      assert.deepEqual(names(objs, 'Deployment'), fullDeployments);

      const show = await helm(['show', 'values', tgz]);
      assert.equal(show.code, 0, show.stderr);
      assert.deepEqual(parse(show.stdout), parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')));
      const chart = await helm(['show', 'chart', tgz]);
      assert.equal(chart.code, 0, chart.stderr);
      const meta = parse(chart.stdout) as Record<string, string>;
      assert.deepEqual([meta.apiVersion, meta.name, meta.version, meta.appVersion], ['v2', 'wallaroo', chartVersion, appVersion]);
    });

    it('repackaged as a pre-2024.2 version, uses one name per service', async () => {
      const out = join(dir, 'pkg-old');
      const r = await helm(['package', chartDir, '-d', out, '--version', '2024.1.0-5000', '--app-version', '2024.1.0']);
      assert.equal(r.code, 0, r.stderr);
      const objs = await render({ kubernetes_distribution: 'eks', domainPrefix: 'acme' }, join(out, 'wallaroo-2024.1.0-5000.tgz'));
      const cm = get(objs, 'ConfigMap', 'wallaroo-config').data!;
      assert.equal(cm.domainRouting, 'subdomains');
      assert.equal(cm.dashboardFqdn, 'acme.wallaroo.example.com');
      assert.equal(cm.apiFqdn, 'acme.api.wallaroo.example.com');
      assert.equal(cm.keycloakUrl, 'https://acme.keycloak.wallaroo.example.com');
      assert.equal(cm.jupyterFqdn, 'acme.jupyter.wallaroo.example.com');
      assert.match(get(objs, 'Deployment', 'api-lb').spec.template.spec.containers[0].image, /:2024\.1\.0$/);
    });
  });
}

// ---- helm-independent: values.yaml and values.schema.json describe the same keys ----
describe('stand-in wallaroo chart files', () => {
  it('values.yaml has a default for every schema key (except kubernetes_distribution) and no others', () => {
    const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['kubernetes_distribution']);
    assert.ok(!('kubernetes_distribution' in values), 'kubernetes_distribution has no default');
    assert.deepEqual(Object.keys(values).sort(),
      Object.keys(schema.properties).filter((k) => k !== 'kubernetes_distribution').sort());
    for (const [key, prop] of Object.entries(schema.properties as Record<string, Spec>)) {
      if (prop.type !== 'object' || !prop.properties) continue;
      assert.equal(prop.additionalProperties, false, `${key} must reject unknown keys`);
      assert.deepEqual(Object.keys(values[key] as object).sort(), Object.keys(prop.properties).sort(), `${key} defaults`);
    }
  });
});
