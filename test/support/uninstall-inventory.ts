// A made-up inventory with something in every group, for the plan's unit tests and the
// uninstall screens' tests (no cluster needed).
import type { Inventory, InventoryItem } from '../../src/flows/uninstall/types.ts';

const NS = 'wallaroo';

export function sampleInventory(over: Partial<Inventory> = {}): Inventory {
  const items: InventoryItem[] = [
    ...['api-lb', 'engine', 'keycloak', 'plateau', 'postgres'].map((name): InventoryItem => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: NS, group: 'release', inRelease: true })),
    { apiVersion: 'v1', kind: 'Service', name: 'api-lb-ext', namespace: NS, group: 'release', inRelease: true },
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'wallaroo-standard', group: 'release', inRelease: true },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'wallaroo-config', namespace: NS, group: 'release', inRelease: true, note: 'already gone' },
    { apiVersion: 'batch/v1', kind: 'Job', name: 'jupyter-hub-setup', namespace: NS, group: 'hooks', note: 'post-install,post-upgrade hook' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'pipeline-registry', namespace: NS, group: 'hooks', note: 'made at run time' },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'plateau-managed-disk', namespace: NS, group: 'data', inRelease: true, pvc: { size: '100Gi', storageClass: 'wallaroo-standard', phase: 'Bound', volume: 'pvc-0a1b', reclaimPolicy: 'Delete', reclaimFrom: 'volume' } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'minio', namespace: NS, group: 'data', pvc: { size: '50Gi', storageClass: 'gp3', phase: 'Bound', volume: 'pvc-2c3d', reclaimPolicy: 'Retain', reclaimFrom: 'storageClass' } },
    { apiVersion: 'v1', kind: 'Namespace', name: 'houseprice-28', group: 'namespaces', note: 'pipeline namespace', ns: { matchedBy: 'label', confirmed: true, unmarked: [], marked: 3, pvcs: 1 } },
    { apiVersion: 'v1', kind: 'Namespace', name: 'assay-5f2c', group: 'namespaces', note: 'assay namespace', ns: { matchedBy: 'name', confirmed: true, unmarked: ['ConfigMap/team-notes'], marked: 1, pvcs: 0 } },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'assay-config', namespace: 'assay-5f2c', group: 'namespaces', note: 'Wallaroo object in a namespace that also holds others' },
    { apiVersion: 'v1', kind: 'Namespace', name: 'shop-12', group: 'namespaces', ns: { matchedBy: 'name', confirmed: false, unmarked: ['ConfigMap/cart'], marked: 0, pvcs: 0 },
      protectedBecause: 'its name looks like a pipeline namespace, but nothing in it carries app.kubernetes.io/part-of=wallaroo' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'stray', namespace: 'default', group: 'namespaces', protectedBecause: 'it is in namespace default, which wallaroo-install never touches' },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'wallaroo-fluent-bit', group: 'cluster' },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'wallaroo-fluent-bit', group: 'cluster' },
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'pipelines.wallaroo.ai', group: 'cluster', crd: { kind: 'Pipeline', customResources: 2 } },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'wallaroo-install-wallaroo', namespace: NS, group: 'install', note: 'answers of the install (no secrets in it)' },
  ];
  return {
    context: 'prod-eks', cluster: 'prod', server: 'https://k8s.example.com', release: 'wallaroo', namespace: NS,
    helmRelease: { exists: true, status: 'deployed', revision: 3, chart: 'wallaroo-2025.1.0-6290', deleteHooks: ['Job/wallaroo-uninstall'], others: [] },
    items, releaseNamespace: { exists: true, marked: true, unmarked: [] },
    access: {
      address: { hostname: 'internal-wallaroo.elb.amazonaws.com' }, ingress: 'internal',
      endpoints: [{ service: 'dashboard', fqdn: 'wallaroo.example.com', url: 'https://wallaroo.example.com' }],
      dnsRecords: [{ name: 'wallaroo.example.com', type: 'CNAME', value: 'internal-wallaroo.elb.amazonaws.com' }],
    },
    storageDriver: 'secret',
    ...over,
  };
}
