// Every Wallaroo Helm values key we write, declared once, with how sure we are of it.
//
// The real chart is private and renames keys between releases. So each *setting* (one thing an
// admin decides: "model validation on", "the private PyPI") is either
//   - documented: Wallaroo's docs name the key. A chart without it is not a chart we know, and
//     is refused before anything touches the cluster; or
//   - conventional: our best knowledge ([conv] in the chart contract), with the names we have
//     seen or expect (camelCase vs snake_case, renamed parents). At run time each field takes
//     the first candidate the chart actually has (see key-map.ts); a setting the chart has no
//     key for is left out (with a warning), or stops the run when the admin asked for it.
// A rename in a new chart version is a new candidate here, nothing else.

export type Certainty = 'documented' | 'conventional';

export interface SettingDef {
  /** For messages: "chart X has no setting for <label>". */
  label: string;
  certainty: Certainty;
  /** Values keys of the setting: field → candidate key paths, in order of preference. */
  fields: Readonly<Record<string, readonly string[]>>;
  /**
   * Fields that exist only in some charts (a Secret-reference form): used when the chart at
   * hand has them, never assumed for values that were not resolved against a chart.
   */
  probe?: readonly string[];
  /** Answer key paths (dotted) that make the value explicit when the admin gave them. */
  from: readonly string[];
}

/** Candidates under several possible parents: alt(['jupyter','jupyterhub'], ['enabled']). */
function alt(roots: readonly string[], leaves: readonly string[]): string[] {
  return roots.flatMap((r) => leaves.map((l) => `${r}.${l}`));
}
const doc = (label: string, fields: Record<string, string[]>, from: string[]): SettingDef => ({ label, certainty: 'documented', fields, from });
const conv = (label: string, fields: Record<string, string[]>, from: string[], probe?: string[]): SettingDef =>
  ({ label, certainty: 'conventional', fields, from, ...(probe ? { probe } : {}) });
const toggle = (label: string, roots: string[], service: string): SettingDef => conv(label, { enabled: alt(roots, ['enabled']) }, [`services.${service}`]);

const JUPYTER = ['jupyter', 'jupyterhub', 'jupyterHub'];
const OCI = ['ociRegistry', 'oci_registry', 'edgeRegistry', 'edge_registry'];
const PYPI = ['privatePypi', 'private_pypi', 'pypi'];
const NODE_AFFINITY = ['nodeAffinity', 'node_affinity'];
const SECRET_REF = ['secretName', 'existingSecret'];
const placement = (label: string, roots: string[]) =>
  conv(`node placement of ${label}`, { nodeSelector: alt(roots, ['nodeSelector']), tolerations: alt(roots, ['tolerations']) }, ['advanced.nodePools']);

export const SETTINGS = {
  // ---- documented ----
  distribution: doc('the Kubernetes distribution', { value: ['kubernetes_distribution'] }, ['distribution']),
  ingressMode: doc('the ingress mode', { value: ['ingress_mode'] }, ['ingress']),
  apiLoadBalancer: doc('the API load balancer', { serviceType: ['apilb.serviceType'], annotations: ['apilb.annotations'] }, ['ingress']),
  domain: doc('the domain', { prefix: ['domainPrefix'], suffix: ['domainSuffix'] }, ['domain']),
  tls: doc('custom TLS', { stage: ['deploymentStage'], secret: ['custTlsSecret'] }, ['tls']),
  imageRegistry: doc('the image registry', { value: ['imageRegistry'] }, ['registries.images.registry']),
  imageTag: doc('the image tag', { value: ['tag'] }, ['registries.images.tag']),
  modelRegistry: doc('the private model registry', Object.fromEntries(
    ['enabled', 'secretName', 'registry', 'email', 'username', 'password'].map((f) => [f, [`privateModelRegistry.${f}`]])), ['registries.models']),

  // ---- conventional ----
  tlsInline: conv('the TLS certificate and key given inline', { cert: ['custTlsCert'], key: ['custTlsKey'] }, ['tls']),
  imagePullSecret: conv('the image pull secret', { value: ['imagePullSecretName', 'imagePullSecret', 'image_pull_secret_name', 'global.imagePullSecretName'] }, ['registries.images.pullSecret']),
  generateSecrets: conv('generated service secrets', { value: ['generate_secrets', 'generateSecrets'] }, ['advanced.generateSecrets']),
  externalInferenceEndpoints: conv('external inference endpoints', {
    value: ['apilb.external_inference_endpoints_enabled', 'apilb.externalInferenceEndpointsEnabled', 'apilb.externalInferenceEndpoints.enabled', 'externalInferenceEndpoints.enabled', 'external_inference_endpoints.enabled'],
  }, ['services.externalInferenceEndpoints']),
  edgeRegistry: conv('the edge OCI registry', {
    enabled: alt(OCI, ['enabled']), registry: alt(OCI, ['registry']), repository: alt(OCI, ['repository']),
    secretName: alt(OCI, SECRET_REF), username: alt(OCI, ['username']), password: alt(OCI, ['password']),
  }, ['registries.edge']),
  edgeRegistryEmail: conv('the edge OCI registry email', { value: alt(OCI, ['email']) }, ['registries.edge.email']),
  pypi: conv('the private PyPI', {
    enabled: alt(PYPI, ['enabled']), url: alt(PYPI, ['url', 'indexUrl', 'index_url']),
    username: alt(PYPI, ['username']), password: alt(PYPI, ['password']), secretName: alt(PYPI, SECRET_REF),
  }, ['registries.pypi'], ['secretName']),
  pypiOnlyPrivate: conv('private-only PyPI (never the public index)', { value: alt(PYPI, ['onlyPrivate', 'only_private']) }, ['registries.pypi.onlyPrivate']),

  engine: toggle('the inference engine', ['engine', 'inferenceEngine'], 'engine'),
  dashboard: toggle('the dashboard', ['dashboard'], 'dashboard'),
  jupyter: toggle('JupyterHub', JUPYTER, 'jupyter'),
  multipleLabs: conv('multiple JupyterHub labs', { enabled: alt(JUPYTER, ['multipleLabs', 'multiple_labs']) }, ['services.multipleLabs']),
  prometheus: toggle('Prometheus', ['prometheus'], 'prometheus'),
  alerting: toggle('alerting', ['alerting', 'alertmanager'], 'alerting'),
  modelValidation: toggle('model validation', ['modelValidation', 'model_validation'], 'modelValidation'),
  dashboardGraphs: toggle('dashboard graphs (Grafana)', ['grafana', 'dashboardGraphs', 'dashboard_graphs'], 'dashboardGraphs'),
  plateau: toggle('Plateau (the inference-log store)', ['plateau'], 'plateau'),
  modelInsights: toggle('model insights (assays)', ['assays', 'modelInsights', 'model_insights'], 'modelInsights'),
  modelConversion: toggle('model conversion', ['modelConversion', 'model_conversion'], 'modelConversion'),
  nats: toggle('NATS', ['nats'], 'nats'),
  arbEx: toggle('arbitrary execution (arbEx)', ['arbEx', 'arbex', 'arb_ex'], 'arbEx'),
  orchestration: toggle('orchestration', ['orchestration', 'orchestrations'], 'orchestration'),
  wsProxy: toggle('dashboard notifications (wsProxy)', ['wsProxy', 'ws_proxy', 'wsproxy'], 'wsProxy'),
  pipelines: toggle('edge pipeline publishing', ['pipelines'], 'pipelines'),
  edgeObservability: toggle('edge observability', ['edgelb', 'edgeLB', 'edgeObservability', 'edge_observability'], 'edgeObservability'),

  assaysVersion: conv('the assays version', { value: alt(['assays', 'modelInsights', 'model_insights'], ['version']) }, ['advanced.assaysVersion']),
  plateauDiskSize: conv('the Plateau disk size', { value: alt(['plateau'], ['diskSize', 'disk_size', 'storage.size', 'persistence.size']) }, ['advanced.plateauDiskSize']),
  prometheusRetentionSize: conv('the Prometheus retention size', { value: alt(['prometheus'], ['retentionSize', 'retention_size', 'retention.size']) }, ['advanced.prometheusRetentionSize']),
  prometheusRetentionTime: conv('the Prometheus retention time', { value: alt(['prometheus'], ['retentionTime', 'retention_time', 'retention.time']) }, ['advanced.prometheusRetentionTime']),
  fluentbitRetentionDays: conv('the orchestration log retention (fluent-bit)', { value: alt(['fluentbit', 'fluentBit', 'fluent-bit'], ['retentionDays', 'retention_days']) }, ['advanced.fluentbitRetentionDays']),
  identityProviders: conv('identity providers (Keycloak)', { value: alt(['keycloak'], ['providers', 'identityProviders', 'identity_providers']) }, ['advanced.keycloakProviders']),
  uninstallHook: conv('the uninstall hook', { value: alt(['uninstallHook', 'uninstall_hook'], ['enable', 'enabled']) }, ['advanced.uninstallHook']),
  nodeAffinity: conv('the engine node affinity', { key: alt(NODE_AFFINITY, ['key']), engineValue: alt(NODE_AFFINITY, ['engineValue', 'engine_value']) }, ['advanced.nodePools']),
  placementEngine: placement('the inference engine', ['engine', 'inferenceEngine']),
  placementEngineLB: placement('the engine load balancer', ['engineLB', 'engineLb', 'engine_lb']),
  placementDatabase: placement('the database', ['postgres', 'postgresql', 'database']),
  placementGrafana: placement('Grafana', ['grafana', 'dashboardGraphs', 'dashboard_graphs']),
  placementPrometheus: placement('Prometheus', ['prometheus']),
  placementLabs: placement('the JupyterHub labs', JUPYTER),
} satisfies Record<string, SettingDef>;

export type SettingId = keyof typeof SETTINGS;
export const SETTING_IDS = Object.keys(SETTINGS) as SettingId[];

/** Service toggles: answers service id → setting. */
export const SERVICE_SETTINGS = {
  engine: 'engine', dashboard: 'dashboard', jupyter: 'jupyter', multipleLabs: 'multipleLabs', prometheus: 'prometheus',
  alerting: 'alerting', modelValidation: 'modelValidation', dashboardGraphs: 'dashboardGraphs', plateau: 'plateau',
  modelInsights: 'modelInsights', modelConversion: 'modelConversion', nats: 'nats', arbEx: 'arbEx',
  orchestration: 'orchestration', wsProxy: 'wsProxy', pipelines: 'pipelines', edgeObservability: 'edgeObservability',
  externalInferenceEndpoints: 'externalInferenceEndpoints',
} as const satisfies Record<string, SettingId>;

/** Components that take nodeSelector/tolerations, and the nodepool each defaults to. */
export const PLACEMENTS = [
  { setting: 'placementEngine', pool: 'pipelines' },
  { setting: 'placementEngineLB', pool: 'general' },
  { setting: 'placementDatabase', pool: 'persistent' },
  { setting: 'placementGrafana', pool: 'general' },
  { setting: 'placementPrometheus', pool: 'general' },
  { setting: 'placementLabs', pool: 'persistent' },
] as const satisfies readonly { setting: SettingId; pool: string }[];

/** deploymentStage for a custom TLS certificate. */
export const TLS_CUSTOM_STAGE = 'cust';

/** Documented keys other code reads back from a live release (status). */
export const K = {
  distribution: 'kubernetes_distribution',
  ingressMode: 'ingress_mode',
  domainPrefix: 'domainPrefix',
  domainSuffix: 'domainSuffix',
} as const;

/** Objects the chart creates that the installer reads after install. */
export const OBJECTS = {
  adminSecret: 'keycloak-admin-secret',
  adminUserKey: 'KEYCLOAK_ADMIN_USER',
  adminPasswordKey: 'KEYCLOAK_ADMIN_PASSWORD',
  apiService: 'api-lb-ext',
  apiServicePortName: 'https',
  partOfLabel: 'app.kubernetes.io/part-of=wallaroo',
} as const;
