// The uninstall as data: what the inventory found (facts), the plan derived from it (what will
// happen to each object, and why), and the result (what was removed, kept, left). Pure types;
// renderers (plain, JSON, Ink) show them, the flow acts on them.
import type { DnsRecord, Endpoint } from '../../wallaroo/domain.ts';

export interface ObjRef { apiVersion: string; kind: string; name: string; namespace?: string }

/**
 * release: objects helm's manifest lists (helm uninstall deletes them);
 * hooks: hook objects still in the cluster and objects made at run time in the release namespace;
 * data: PersistentVolumeClaims (kept unless purging);
 * namespaces: Wallaroo's dynamic namespaces (pipelines, assay-*, task-*) and marked objects elsewhere;
 * cluster: cluster-scoped leftovers (ClusterRoles/Bindings, StorageClass, CRDs);
 * install: what wallaroo-install itself made (answers ConfigMap, install Lease, Secrets).
 */
export type GroupId = 'release' | 'hooks' | 'data' | 'namespaces' | 'cluster' | 'install';
export const GROUP_ORDER: GroupId[] = ['release', 'hooks', 'data', 'namespaces', 'cluster', 'install'];

/** helm: `helm uninstall` removes it; delete: the installer does; keep: on purpose; untouched: not ours to touch. */
export type Action = 'helm' | 'delete' | 'keep' | 'untouched';

export interface PvcFacts {
  size?: string; storageClass?: string; phase?: string;
  /** The bound PersistentVolume's name. */
  volume?: string;
  /** What happens to the volume (and its data) once the claim is deleted: Delete or Retain (Recycle is long gone). */
  reclaimPolicy?: string;
  /** Where reclaimPolicy was read: the volume itself (what counts), or its StorageClass when the volume could not be read. */
  reclaimFrom?: 'volume' | 'storageClass';
  /** The claim names a volume that no longer exists (volumes could be listed, it is not among them). */
  volumeGone?: boolean;
}

export interface NamespaceFacts {
  /** How it was found: its label app.kubernetes.io/part-of=wallaroo, or its name (pipeline `<name>-<id>`, assay-*, task-*). */
  matchedBy: 'label' | 'name';
  /** A name match counts only if something in the namespace carries Wallaroo's label. */
  confirmed: boolean;
  /** Objects in it without Wallaroo's marks (a namespace holding such is never deleted whole). */
  unmarked: string[];
  /** Objects in it with Wallaroo's marks. */
  marked: number;
  pvcs: number;
  terminating?: boolean;
}

export interface InventoryItem extends ObjRef {
  group: GroupId;
  /** In helm's manifest of the release (helm uninstall deletes it unless told to keep it). */
  inRelease?: boolean;
  /** Already marked for deletion (Terminating). */
  terminating?: boolean;
  pvc?: PvcFacts;
  /** CRDs: the kind and how many custom resources of it are left in the cluster. */
  crd?: { kind: string; customResources: number };
  ns?: NamespaceFacts;
  /** Why this object must not be touched whatever the mode (set by the inventory). */
  protectedBecause?: string;
  /** A short human description (e.g. "pre-delete hook", "made at run time"). */
  note?: string;
}

export interface ReleaseFacts {
  exists: boolean;
  status?: string;
  revision?: number;
  chart?: string;
  updated?: string;
  /** Hooks the release declares that run on uninstall (pre-delete, post-delete): "Job/name". */
  deleteHooks: string[];
  /** Other Wallaroo releases in the cluster ("release in namespace"): cluster-wide leftovers may be theirs. */
  others: string[];
}

export interface Inventory {
  context: string;
  cluster: string;
  server: string;
  release: string;
  namespace: string;
  helmRelease: ReleaseFacts;
  items: InventoryItem[];
  releaseNamespace: { exists: boolean; marked: boolean; terminating?: boolean; unmarked: string[] };
  /** An install or upgrade of this release running now (its lock is held): the uninstall must wait. */
  installRunning?: { code?: string; cause: string; fix: string };
  access: { address?: { ip?: string; hostname?: string }; endpoints: Endpoint[]; dnsRecords: DnsRecord[]; ingress?: string };
  /** Where helm keeps the release (HELM_DRIVER): keeping release PVCs edits it, so it must be secret or configmap. */
  storageDriver: string;
}

export interface PlanItem extends InventoryItem { action: Action; reason: string }

export interface PlanWarning { code: string; message: string; fix?: string }

export interface UninstallPlan {
  context: string;
  cluster: string;
  server: string;
  release: string;
  namespace: string;
  mode: 'keep' | 'purge';
  helmRelease: ReleaseFacts;
  hooks: { run: boolean; note: string };
  items: PlanItem[];
  releaseNamespace: { name: string; action: Action; reason: string };
  access: Inventory['access'];
  warnings: PlanWarning[];
  /** Something that stops the uninstall before anything is touched (an install holds the lock). */
  blocked?: { code: string; cause: string; fix: string };
  /** PVCs in helm's manifest to mark kept before helm runs (keep mode). */
  keepInRelease: ObjRef[];
  storageDriver: string;
  timeoutMs: number;
}

export interface Leftover extends ObjRef { reason: string }

export interface UninstallResult {
  release: string;
  namespace: string;
  mode: 'keep' | 'purge';
  /** stopped: cancelled while helm uninstall ran (the release may be left "uninstalling"). */
  helm: 'uninstalled' | 'not installed' | 'failed' | 'not run' | 'stopped';
  removed: ObjRef[];
  /** Kept on purpose (data, namespaces, cluster-wide objects in keep mode). */
  kept: Leftover[];
  /** Never touched: not Wallaroo's, or not this release's to delete. */
  skipped: Leftover[];
  left: Leftover[];
  clean: boolean;
  cancelled: boolean;
  dnsRecords: DnsRecord[];
  address?: { ip?: string; hostname?: string };
}

export const refText = (r: ObjRef) => `${r.kind}/${r.name}${r.namespace ? ` (namespace ${r.namespace})` : ''}`;
export const refKey = (r: ObjRef) => `${r.apiVersion.split('/').length > 1 ? r.apiVersion.split('/')[0] : ''}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

/** Claims a purge deletes whose volume keeps the data (reclaim policy Retain): said beside "the data is deleted". */
export function retainedClaims(plan: Pick<UninstallPlan, 'items'>): PlanItem[] {
  return plan.items.filter((i) => i.group === 'data' && (i.action === 'helm' || i.action === 'delete') && i.pvc?.volume && i.pvc.reclaimPolicy === 'Retain' && !i.pvc.volumeGone);
}

/** " (but N volume(s) keep their data: reclaim policy Retain)" when there are such claims. */
export function retainedNote(plan: Pick<UninstallPlan, 'items'>): string {
  const k = retainedClaims(plan).length;
  return k ? ` (but ${k === 1 ? '1 volume keeps its' : `${k} volumes keep their`} data: reclaim policy Retain)` : '';
}
