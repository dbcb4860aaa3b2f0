// The resource kinds the fake API serves. Discovery, OpenAPI, routing and storage all read
// this one table, so a kind exists everywhere or nowhere. CRDs add rows at run time.

export interface ResourceInfo {
  group: string;             // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: string[];   // 'status', 'log', 'scale'
  /** Writes to the main resource keep the stored status (status subresource semantics). */
  hasStatus?: boolean;
  /** Objects of this kind are accepted (create) but never stored (reviews). */
  virtual?: boolean;
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];

function r(group: string, version: string, kind: string, plural: string, namespaced: boolean,
  extra: Partial<ResourceInfo> = {}): ResourceInfo {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: ALL, ...extra };
}

const all = { categories: ['all'] };
const status = { hasStatus: true, subresources: ['status'] };

export const builtinResources: ResourceInfo[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], ...status, subresources: ['status', 'finalize'] }),
  r('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], ...status }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], ...all, ...status }),
  r('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], ...all, hasStatus: true, subresources: ['status', 'log'] }),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], ...status }),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], ...status }),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', true, { shortNames: ['rc'], ...all, ...status }),
  r('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], ...all, hasStatus: true, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], ...all, hasStatus: true, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], ...all, hasStatus: true, subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], ...all, ...status }),
  r('batch', 'v1', 'Job', 'jobs', true, { ...all, ...status }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], ...all, ...status }),
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { shortNames: ['hpa'], ...all, ...status }),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: CREATE_ONLY, virtual: true }),
  r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], ...status }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], ...status }),
  r('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], ...status }),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
];

export const apiVersionOf = (ri: ResourceInfo) => (ri.group ? `${ri.group}/${ri.version}` : ri.version);
/** Storage key: one bucket per group+resource, whatever version it is read through. */
export const storageKey = (ri: ResourceInfo) => `${ri.group}/${ri.plural}`;

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Mutable registry: the built-ins plus whatever CRDs define. */
export class Registry {
  list: ResourceInfo[] = [...builtinResources];

  byPath(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.list.find((x) => x.group === group && x.version === version && x.plural === plural);
  }
  byKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.list.find((x) => x.group === group && x.version === version && x.kind === kind);
  }
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const x of this.list) seen.set(`${x.group}/${x.version}`, { group: x.group, version: x.version });
    return [...seen.values()];
  }

  /** Serve the kinds a CRD defines (called when a CRD is written or deleted). */
  syncCrd(crd: any, present: boolean): void {
    const spec = crd.spec ?? {};
    this.list = this.list.filter((x) => !(x.group === spec.group && x.plural === spec.names?.plural));
    if (!present) return;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      this.list.push({
        group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(), namespaced: spec.scope !== 'Cluster',
        verbs: ALL, shortNames: spec.names.shortNames, categories: spec.names.categories,
        subresources: v.subresources?.status ? ['status'] : [], hasStatus: !!v.subresources?.status,
      });
    }
  }
}
