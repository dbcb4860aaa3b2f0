// What Wallaroo leaves in a cluster at run time, created the way Wallaroo would (the chart
// contract's "What Wallaroo leaves in a cluster"), and the bystanders every uninstall must leave
// alone: an unrelated namespace, an unlabelled object in the release namespace, a namespace whose
// name only looks like a pipeline's, Wallaroo-labelled objects in `default` and `kube-system`.
import type { FakeKube } from '../kube/server.ts';

const PART_OF = { 'app.kubernetes.io/part-of': 'wallaroo' };
const NS = 'wallaroo';

const crd = (plural: string, kind: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.wallaroo.ai` },
  spec: { group: 'wallaroo.ai', scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind }, versions: [{ name: 'v1', served: true, storage: true }] },
});

const deployment = (name: string, namespace: string, labels: Record<string, string>) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { ...labels, app: name } }, spec: { containers: [{ name, image: `registry.example/${name}:1` }] } } },
});

const claim = (name: string, namespace: string, size: string, labels: Record<string, string> = PART_OF) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace, labels },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: size } } },
});

/** Leftovers in every group, as Wallaroo makes them while it runs. */
export function seedWallarooLeftovers(kube: FakeKube): void {
  kube.put(crd('modelconfigs', 'ModelConfig'));
  kube.put(crd('pipelines', 'Pipeline'));
  // A pipeline deployment: its own namespace <pipeline>-<id>, labelled, with an engine, a claim, a custom resource.
  kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'houseprice-28', labels: PART_OF } });
  kube.put(deployment('engine-houseprice', 'houseprice-28', PART_OF));
  kube.put(claim('engine-cache', 'houseprice-28', '5Gi'));
  kube.put({ apiVersion: 'wallaroo.ai/v1', kind: 'Pipeline', metadata: { name: 'houseprice', namespace: 'houseprice-28', labels: PART_OF }, spec: { version: 28 } });
  // An assay namespace found by its name only: confirmed by the labelled object inside.
  kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'assay-5f2c' } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'assay-config', namespace: 'assay-5f2c', labels: PART_OF }, data: { window: '24h' } });
  // A task (orchestration run) namespace.
  kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'task-8d1e', labels: PART_OF } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'task-run', namespace: 'task-8d1e', labels: PART_OF } });
  // In the release namespace: claims from StatefulSets and at run time, a model config, a run-time object.
  kube.put(claim('minio', NS, '50Gi'));
  kube.put(claim('data-postgres-0', NS, '10Gi', { ...PART_OF, 'app.kubernetes.io/name': 'postgres' }));
  kube.put({ apiVersion: 'wallaroo.ai/v1', kind: 'ModelConfig', metadata: { name: 'ccfraud', namespace: NS, labels: PART_OF }, spec: { runtime: 'onnx' } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pipeline-registry', namespace: NS, labels: PART_OF }, data: { pipelines: 'houseprice' } });
  // Cluster-wide: the ClusterRoles and bindings the reference lists.
  for (const name of ['wallaroo-fluent-bit', 'wallaroo-multi-scaler', 'wallaroo-rest-api']) {
    kube.put({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels: PART_OF }, rules: [] });
    kube.put({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels: PART_OF },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name, namespace: NS }] });
  }
  // What wallaroo-install itself keeps (CONTRACTS.md): the answers ConfigMap and an expired install Lease.
  const installLabels = { 'app.kubernetes.io/managed-by': 'wallaroo-install', ...PART_OF, 'wallaroo-install/release': 'wallaroo' };
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallaroo-install-wallaroo', namespace: NS, labels: installLabels },
    data: { 'answers.yaml': 'apiVersion: wallaroo-install/v1\ndistribution: eks\ndomain:\n  prefix: wallaroo\n  suffix: example.com\nchart:\n  version: 2025.1.0-6290\n' } });
  kube.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'wallaroo-install-wallaroo', namespace: NS, labels: installLabels },
    spec: { holderIdentity: 'admin-laptop:4242', leaseDurationSeconds: 60, renewTime: new Date(Date.now() - 3_600_000).toISOString() } });
}

/** Objects no uninstall may touch. */
export function seedBystanders(kube: FakeKube): void {
  kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  kube.put(deployment('billing', 'team-a', { team: 'a' }));
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', namespace: NS }, data: { owner: 'platform team' } });
  kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-12' } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cart', namespace: 'shop-12' } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'default', labels: PART_OF } });
  kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gpu-plugin', namespace: 'kube-system', labels: PART_OF } });
  kube.put({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'team-a-reader' }, rules: [] });
}

/** Every bystander is still there, unchanged in kind and name. */
export function bystandersLeft(kube: FakeKube): string[] {
  const missing: string[] = [];
  const check = (av: string, kind: string, ns: string | undefined, name: string) => { if (!kube.get(av, kind, ns, name)) missing.push(`${kind} ${ns ?? ''}/${name}`); };
  check('v1', 'Namespace', undefined, 'team-a');
  check('apps/v1', 'Deployment', 'team-a', 'billing');
  check('v1', 'ConfigMap', 'team-a', 'settings');
  check('v1', 'ConfigMap', NS, 'notes');
  check('v1', 'Namespace', undefined, 'shop-12');
  check('v1', 'ConfigMap', 'shop-12', 'cart');
  check('v1', 'ConfigMap', 'default', 'stray');
  check('v1', 'ConfigMap', 'kube-system', 'gpu-plugin');
  check('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'team-a-reader');
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) check('v1', 'Namespace', undefined, ns);
  return missing;
}
