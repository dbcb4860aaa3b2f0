// Any Kubernetes object by apiVersion + kind (client-node's KubernetesObjectApi, which finds
// the resource through discovery): list, read, delete, and replace. A kind the cluster does not
// serve reads as "none", a missing object as undefined: callers ask "is it still there?" a lot.
import type { KubeTarget } from './connect.ts';
import { isNotFound } from './connect.ts';

export interface ObjRef { apiVersion: string; kind: string; name: string; namespace?: string }

/** A stored object as JSON; only metadata and a few well-known fields are read. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string; namespace?: string; uid?: string; resourceVersion?: string;
    labels?: Record<string, string>; annotations?: Record<string, string>;
    finalizers?: string[]; deletionTimestamp?: string | Date; ownerReferences?: unknown[];
  };
  [k: string]: unknown;
};

export type DeleteOutcome = 'deleted' | 'gone';

export async function objectApi(t: KubeTarget) {
  const k = await import('./client-node.ts');
  const api = k.KubernetesObjectApi.makeApiClient(await t.kubeConfig());
  const unserved = (e: unknown) => isNotFound(e) || /Unrecognized API version and kind/.test(String((e as Error)?.message));
  const plain = (o: unknown) => JSON.parse(JSON.stringify(o)) as KubeObject;
  return {
    /** Every object of a kind (in one namespace, or all); undefined when the cluster does not serve the kind. */
    async list(apiVersion: string, kind: string, o: { namespace?: string; labelSelector?: string } = {}): Promise<KubeObject[] | undefined> {
      try {
        const r = await api.list(apiVersion, kind, o.namespace, undefined, undefined, undefined, undefined, o.labelSelector);
        return (r.items ?? []).map((i) => ({ ...plain(i), apiVersion, kind }));
      } catch (e) {
        if (unserved(e)) return undefined;
        throw e;
      }
    },
    async read(ref: ObjRef): Promise<KubeObject | undefined> {
      try {
        return plain(await api.read({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }));
      } catch (e) {
        if (unserved(e)) return undefined;
        throw e;
      }
    },
    /** Deletes (background propagation, like helm and kubectl); an object already gone is fine. */
    async remove(ref: ObjRef): Promise<DeleteOutcome> {
      try {
        await api.delete({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
          undefined, undefined, undefined, undefined, 'Background');
        return 'deleted';
      } catch (e) {
        if (unserved(e)) return 'gone';
        throw e;
      }
    },
    async replace(obj: KubeObject): Promise<KubeObject> {
      return plain(await api.replace(obj as Parameters<typeof api.replace>[0]));
    },
    /** Is this kind namespaced? undefined when the cluster does not serve it. */
    async namespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
      try {
        // resource() is protected in the typings but is how the class itself maps kinds (cached discovery).
        const discovery = api as unknown as { resource(av: string, k: string): Promise<{ namespaced: boolean } | undefined> };
        return (await discovery.resource(apiVersion, kind))?.namespaced;
      } catch (e) {
        if (unserved(e)) return undefined;
        throw e;
      }
    },
  };
}

export type ObjectApi = Awaited<ReturnType<typeof objectApi>>;

export function refOf(o: KubeObject): ObjRef {
  return { apiVersion: o.apiVersion ?? 'v1', kind: o.kind ?? '', name: o.metadata?.name ?? '', ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}) };
}
