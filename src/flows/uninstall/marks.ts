// Which objects are Wallaroo's, decided from their names and metadata only (pure). The rule of
// the uninstall: never touch `kube-*`, `default`, or anything without Wallaroo's marks.
//
// Marks: the label app.kubernetes.io/part-of=wallaroo (every Wallaroo object has it), the label
// app.kubernetes.io/managed-by=wallaroo-install (what this installer made), helm's ownership
// annotations naming this release, or (in the release namespace) app.kubernetes.io/instance=<release>.
// Cluster-scoped leftovers are Wallaroo's by their documented names: ClusterRoles and bindings
// `wallaroo-*`, StorageClass `wallaroo-standard`, CRDs in the `wallaroo.ai` group.
import { OBJECTS } from '../../wallaroo/keys.ts';

export interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
}

const [PART_OF_KEY, PART_OF_VALUE] = OBJECTS.partOfLabel.split('=');
export const PART_OF = { key: PART_OF_KEY, value: PART_OF_VALUE };
export const MANAGED_BY_INSTALLER = { key: 'app.kubernetes.io/managed-by', value: 'wallaroo-install' };
export const HOOK_ANNOTATION = 'helm.sh/hook';
export const RESOURCE_POLICY = 'helm.sh/resource-policy';

export function isProtectedNamespace(name: string): boolean {
  return name === 'default' || name.startsWith('kube-');
}

export type DynamicKind = 'pipeline' | 'assay' | 'task';

/**
 * Names Wallaroo gives the namespaces it makes at run time: one per pipeline deployment,
 * `<pipeline>-<id>` (e.g. houseprice-28), and `assay-*` / `task-*`. A name alone proves
 * nothing: the inventory confirms it by finding Wallaroo's label on something inside.
 */
export function dynamicNamespaceKind(name: string): DynamicKind | undefined {
  if (isProtectedNamespace(name)) return undefined;
  if (/^assay-[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'assay';
  if (/^task-[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'task';
  if (/^[a-z]([-a-z0-9]*[a-z0-9])?-[0-9]+$/.test(name)) return 'pipeline';
  return undefined;
}

export function hasPartOf(m: Meta): boolean {
  return m.labels?.[PART_OF.key] === PART_OF.value;
}

export function madeByInstaller(m: Meta): boolean {
  return m.labels?.[MANAGED_BY_INSTALLER.key] === MANAGED_BY_INSTALLER.value;
}

/** Helm's ownership annotations, if any: which release owns this object. */
export function helmOwner(m: Meta): { release: string; namespace?: string } | undefined {
  const release = m.annotations?.['meta.helm.sh/release-name'];
  return release ? { release, namespace: m.annotations?.['meta.helm.sh/release-namespace'] } : undefined;
}

/** Owned by another helm release than ours: never ours to delete, whatever its labels say. */
export function ownedByOtherRelease(m: Meta, release: string, namespace: string): boolean {
  const o = helmOwner(m);
  return Boolean(o && (o.release !== release || (o.namespace && o.namespace !== namespace)));
}

/** Does this (namespaced) object carry one of Wallaroo's marks for this release? */
export function isMarked(m: Meta, release: string, releaseNamespace: string): boolean {
  if (ownedByOtherRelease(m, release, releaseNamespace)) return false;
  if (hasPartOf(m) || madeByInstaller(m)) return true;
  if (helmOwner(m)) return true;
  return m.namespace === releaseNamespace && m.labels?.['app.kubernetes.io/instance'] === release;
}

/** Made by Kubernetes itself in every namespace: neither Wallaroo's nor the user's. */
export function isSystemMade(kind: string, m: Meta & { type?: string }): boolean {
  if (kind === 'ServiceAccount' && m.name === 'default') return true;
  if (kind === 'ConfigMap' && m.name === 'kube-root-ca.crt') return true;
  if (kind === 'Secret' && m.type === 'kubernetes.io/service-account-token') return true;
  return false;
}

/** helm's own release records (Secrets or ConfigMaps labelled owner=helm). */
export function helmRecordOf(m: Meta): string | undefined {
  return m.labels?.owner === 'helm' ? m.labels?.name : undefined;
}

export function isOwned(m: Meta): boolean {
  return Array.isArray(m.ownerReferences) && m.ownerReferences.length > 0;
}

/** Cluster-scoped objects Wallaroo leaves behind, by kind and documented name (or its label). */
export function isWallarooClusterObject(kind: string, m: Meta & { group?: string }): boolean {
  const name = m.name ?? '';
  switch (kind) {
    case 'ClusterRole':
    case 'ClusterRoleBinding':
      return name.startsWith('wallaroo-') || hasPartOf(m);
    case 'StorageClass':
      return name === 'wallaroo-standard' || hasPartOf(m);
    case 'CustomResourceDefinition':
      return m.group === 'wallaroo.ai' || name.endsWith('.wallaroo.ai') || hasPartOf(m);
    default:
      return hasPartOf(m);
  }
}
