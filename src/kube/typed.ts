// The API calls the installer makes, with client-node's method names and arguments, over our
// own REST client (rest.ts): the flows read as before, and none of them loads client-node's
// generated clients. Objects come back as the API sent them (timestamps are RFC 3339 strings,
// not Dates), typed with client-node's types (imported as types only: no code).
import type * as k from '@kubernetes/client-node';
import type { KubeRest } from './rest.ts';

type Ns = { namespace: string };
type Named = Ns & { name: string };
type ListOpts = { labelSelector?: string; fieldSelector?: string; limit?: number; _continue?: string };

const e = encodeURIComponent;
const ns = (namespace: string) => `/namespaces/${e(namespace)}`;
const listQuery = (o: ListOpts) => ({ labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: o.limit, continue: o._continue });

/** get, list, create, replace and delete of one namespaced resource under `prefix` (e.g. /api/v1). */
function namespaced<T, L>(rest: KubeRest, prefix: string, plural: string) {
  const one = (a: Named) => `${prefix}${ns(a.namespace)}/${plural}/${e(a.name)}`;
  return {
    read: (a: Named) => rest.request<T>('GET', one(a)),
    list: (a: Ns & ListOpts) => rest.request<L>('GET', `${prefix}${ns(a.namespace)}/${plural}`, { query: listQuery(a) }),
    create: (a: Ns & { body: T }) => rest.request<T>('POST', `${prefix}${ns(a.namespace)}/${plural}`, { body: a.body }),
    replace: (a: Named & { body: T }) => rest.request<T>('PUT', one(a), { body: a.body }),
    delete: (a: Named & { body?: k.V1DeleteOptions }) => rest.request<k.V1Status>('DELETE', one(a), a.body ? { body: a.body } : {}),
  };
}

export function typedApis(rest: KubeRest) {
  const secrets = namespaced<k.V1Secret, k.V1SecretList>(rest, '/api/v1', 'secrets');
  const configMaps = namespaced<k.V1ConfigMap, k.V1ConfigMapList>(rest, '/api/v1', 'configmaps');
  const services = namespaced<k.V1Service, k.V1ServiceList>(rest, '/api/v1', 'services');
  const pods = namespaced<k.V1Pod, k.V1PodList>(rest, '/api/v1', 'pods');
  const claims = namespaced<k.V1PersistentVolumeClaim, k.V1PersistentVolumeClaimList>(rest, '/api/v1', 'persistentvolumeclaims');
  const deployments = namespaced<k.V1Deployment, k.V1DeploymentList>(rest, '/apis/apps/v1', 'deployments');
  const jobs = namespaced<k.V1Job, k.V1JobList>(rest, '/apis/batch/v1', 'jobs');
  const leases = namespaced<k.V1Lease, k.V1LeaseList>(rest, '/apis/coordination.k8s.io/v1', 'leases');
  return {
    core: {
      readNamespace: (a: { name: string }) => rest.request<k.V1Namespace>('GET', `/api/v1/namespaces/${e(a.name)}`),
      createNamespace: (a: { body: k.V1Namespace }) => rest.request<k.V1Namespace>('POST', '/api/v1/namespaces', { body: a.body }),
      listNode: (a: ListOpts = {}) => rest.request<k.V1NodeList>('GET', '/api/v1/nodes', { query: listQuery(a) }),
      readNamespacedSecret: secrets.read,
      listNamespacedSecret: secrets.list,
      createNamespacedSecret: secrets.create,
      replaceNamespacedSecret: secrets.replace,
      deleteNamespacedSecret: secrets.delete,
      readNamespacedConfigMap: configMaps.read,
      createNamespacedConfigMap: configMaps.create,
      replaceNamespacedConfigMap: configMaps.replace,
      readNamespacedService: services.read,
      listNamespacedPod: pods.list,
      readNamespacedPodLog: (a: Named & { container?: string; tailLines?: number; previous?: boolean }) =>
        rest.request<string>('GET', `/api/v1${ns(a.namespace)}/pods/${e(a.name)}/log`, { query: { container: a.container, tailLines: a.tailLines, previous: a.previous }, text: true }),
      listNamespacedPersistentVolumeClaim: claims.list,
    },
    apps: { listNamespacedDeployment: deployments.list },
    batch: { readNamespacedJob: jobs.read, listNamespacedJob: jobs.list },
    storage: { listStorageClass: (a: ListOpts = {}) => rest.request<k.V1StorageClassList>('GET', '/apis/storage.k8s.io/v1/storageclasses', { query: listQuery(a) }) },
    authz: {
      createSelfSubjectAccessReview: (a: { body: k.V1SelfSubjectAccessReview }) =>
        rest.request<k.V1SelfSubjectAccessReview>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body: a.body }),
    },
    version: { getCode: () => rest.request<k.VersionInfo>('GET', '/version') },
    coordination: {
      readNamespacedLease: leases.read,
      createNamespacedLease: leases.create,
      replaceNamespacedLease: leases.replace,
      deleteNamespacedLease: leases.delete,
    },
  };
}

export type TypedApis = ReturnType<typeof typedApis>;

/** A Kubernetes MicroTime ("2026-11-22T10:00:00.123000Z"): Leases want microseconds. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
