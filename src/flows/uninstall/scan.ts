// Reading what is in the cluster: the namespaced kinds an uninstall looks through (per
// namespace, or cluster-wide by Wallaroo's label), the cluster-scoped kinds Wallaroo leaves, and
// a small pool so a few dozen reads do not go one by one.
import type { KubeObject, ObjectApi } from '../../kube/objects.ts';
import { PART_OF } from './marks.ts';
import { mapLimit } from '../../util/map-limit.ts';

/** Namespaced kinds Wallaroo (or a user) puts in a namespace. Kinds a cluster does not serve are skipped. */
export const NAMESPACED_KINDS: [apiVersion: string, kind: string][] = [
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Pod'],
  ['v1', 'Service'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'ServiceAccount'], ['v1', 'PersistentVolumeClaim'],
  ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['networking.k8s.io/v1', 'Ingress'], ['policy/v1', 'PodDisruptionBudget'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
];

/** Cluster-scoped kinds Wallaroo leaves (some only by label: webhooks and priority classes break a cluster when left). */
export const CLUSTER_KINDS: [apiVersion: string, kind: string, byLabelOnly: boolean][] = [
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', false],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false],
  ['storage.k8s.io/v1', 'StorageClass', false],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', false],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', true],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', true],
  ['scheduling.k8s.io/v1', 'PriorityClass', true],
];

export const PART_OF_SELECTOR = `${PART_OF.key}=${PART_OF.value}`;

/** Everything of the given kinds in one namespace (or, with a label selector, cluster-wide). */
export async function listKinds(objs: ObjectApi, kinds: [string, string][], o: { namespace?: string; labelSelector?: string }): Promise<KubeObject[]> {
  const lists = await mapLimit(kinds, 6, ([av, kind]) => objs.list(av, kind, o));
  return lists.flatMap((l) => l ?? []);
}

/** A CRD's served storage version: where its custom resources are listed. */
export function crdVersion(crd: KubeObject): string | undefined {
  const versions = ((crd as { spec?: { versions?: { name: string; served?: boolean; storage?: boolean }[] } }).spec?.versions ?? []);
  return (versions.find((v) => v.storage && v.served !== false) ?? versions.find((v) => v.served !== false))?.name;
}

export interface CrdInfo { name: string; group: string; version: string; kind: string; namespaced: boolean }

export function crdInfo(crd: KubeObject): CrdInfo | undefined {
  const spec = (crd as { spec?: { group?: string; scope?: string; names?: { kind?: string } } }).spec;
  const version = crdVersion(crd);
  if (!spec?.group || !spec.names?.kind || !version) return undefined;
  return { name: crd.metadata?.name ?? '', group: spec.group, version, kind: spec.names.kind, namespaced: spec.scope !== 'Cluster' };
}
