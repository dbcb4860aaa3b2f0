// Every Wallaroo Helm values key we write, in one place. The real chart is private and has
// renamed keys between releases: a rename is a change to this file only. Keys marked [conv]
// in the chart contract (../shared/wallaroo-reference.md) are our best knowledge, checked at
// install time against `helm show values` of the chosen chart version.

export const K = {
  distribution: 'kubernetes_distribution',
  ingressMode: 'ingress_mode',
  generateSecrets: 'generate_secrets',
  apilb: {
    root: 'apilb',
    serviceType: 'serviceType',
    annotations: 'annotations',
    externalInferenceEndpoints: 'external_inference_endpoints_enabled',
  },
  imageRegistry: 'imageRegistry',
  imageTag: 'tag',
  imagePullSecretName: 'imagePullSecretName',
  tls: {
    deploymentStage: 'deploymentStage',
    customStage: 'cust',
    secret: 'custTlsSecret',
    cert: 'custTlsCert',
    key: 'custTlsKey',
  },
  domainPrefix: 'domainPrefix',
  domainSuffix: 'domainSuffix',
  privateModelRegistry: 'privateModelRegistry',
  ociRegistry: 'ociRegistry',
  privatePypi: 'privatePypi',
  edgeObservability: 'edgelb',
  assays: 'assays',
  jupyter: { root: 'jupyter', multipleLabs: 'multipleLabs' },
  keycloak: { root: 'keycloak', providers: 'providers' },
  fluentbit: { root: 'fluentbit', retentionDays: 'retentionDays' },
  prometheus: { root: 'prometheus', retentionSize: 'retentionSize', retentionTime: 'retentionTime' },
  plateau: { root: 'plateau', diskSize: 'diskSize' },
  nodeAffinity: { root: 'nodeAffinity', key: 'key', engineValue: 'engineValue' },
  uninstallHook: { root: 'uninstallHook', enable: 'enable' },
  enabled: 'enabled',
  nodeSelector: 'nodeSelector',
  tolerations: 'tolerations',
} as const;

/** Service toggles (answers name → values key holding `{enabled}`). */
export const SERVICE_KEYS = {
  engine: 'engine',
  dashboard: 'dashboard',
  jupyter: 'jupyter',
  prometheus: 'prometheus',
  alerting: 'alerting',
  modelValidation: 'modelValidation',
  dashboardGraphs: 'grafana',
  plateau: 'plateau',
  modelInsights: 'assays',
  modelConversion: 'modelConversion',
  nats: 'nats',
  arbEx: 'arbEx',
  orchestration: 'orchestration',
  wsProxy: 'wsProxy',
  pipelines: 'pipelines',
  edgeObservability: 'edgelb',
} as const;

/** Components that take nodeSelector/tolerations, and the nodepool each defaults to. */
export const PLACEMENT_KEYS = {
  engine: { key: 'engine', pool: 'pipelines' },
  engineLB: { key: 'engineLB', pool: 'general' },
  database: { key: 'postgres', pool: 'persistent' },
  grafana: { key: 'grafana', pool: 'general' },
  prometheus: { key: 'prometheus', pool: 'general' },
  labs: { key: 'jupyter', pool: 'persistent' },
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
