// The plan: what happens to every object of the inventory, and why. Pure: the same inventory
// gives a keep-data plan or a purge plan (the interactive choice switches between them without
// reading the cluster again).
//
// Keep data (default): helm uninstall removes the release's objects; the installer removes the
// hook Jobs and run-time objects of the release namespace and its own answers ConfigMap, Lease
// and Secrets. PVCs, dynamic namespaces and cluster-wide leftovers stay. Claims that are part of
// the release are marked `helm.sh/resource-policy: keep` in helm's record first, or helm would
// delete them. Purge: those go too. Either way, nothing without Wallaroo's marks is touched.
import { FlowError } from '../events.ts';
import { isPending } from '../../helm/release.ts';
import type { Action, Inventory, InventoryItem, PlanItem, PlanWarning, UninstallPlan } from './types.ts';

export interface PlanOptions { purge: boolean; noHooks: boolean; timeoutMs: number }

/** helm keeps its release record in Secrets or ConfigMaps; only those can be marked "keep". */
export const EDITABLE_DRIVERS = ['secret', 'secrets', 'configmap', 'configmaps'];

function decide(i: InventoryItem, inv: Inventory, o: PlanOptions): { action: Action; reason: string } {
  if (i.protectedBecause) return { action: 'untouched', reason: i.protectedBecause };
  const sharedWith = inv.helmRelease.others;
  switch (i.group) {
    case 'release':
      return { action: 'helm', reason: i.note === 'already gone' ? 'already gone' : 'part of the release: helm uninstall deletes it' };
    case 'hooks':
      return { action: 'delete', reason: i.note === 'made at run time' ? 'made at run time by the release' : `left by the release (${i.note ?? 'hook'})` };
    case 'install':
      return { action: 'delete', reason: i.note ?? 'made by wallaroo-install' };
    case 'data': {
      if (!o.purge) return { action: 'keep', reason: 'data: kept (--purge deletes it)' };
      const volume = volumeFate(i);
      return { action: i.inRelease && inv.helmRelease.exists ? 'helm' : 'delete', reason: `purge: deleted, ${volume}` };
    }
    case 'namespaces':
    case 'cluster': {
      if (!o.purge) return { action: 'keep', reason: i.group === 'cluster' ? 'cluster-wide: kept (--purge deletes it)' : 'kept with what is in it (--purge deletes it)' };
      if (sharedWith.length) return { action: 'untouched', reason: `another Wallaroo release (${sharedWith.join(', ')}) may use it` };
      if (i.kind === 'Namespace' && i.ns?.unmarked.length) {
        return { action: 'untouched', reason: `it also holds objects without Wallaroo's marks (${list(i.ns.unmarked)}): only Wallaroo's objects in it are deleted` };
      }
      return { action: 'delete', reason: i.crd?.customResources ? `purge: deleted with its ${i.crd.customResources} custom resource${i.crd.customResources === 1 ? '' : 's'}` : 'purge: deleted' };
    }
  }
}

/** What deleting a claim does to its volume, from the volume's own reclaim policy when it could be read. */
export function volumeFate(i: InventoryItem): string {
  const v = i.pvc;
  if (!v?.volume && v?.phase && v.phase !== 'Bound') return 'it has no volume yet';
  const name = v?.volume ? ` ${v.volume}` : '';
  if (v?.volumeGone) return `its volume${name} no longer exists`;
  if (v?.reclaimPolicy === 'Retain') {
    return v.reclaimFrom === 'volume'
      ? `its volume${name} stays with the data (the volume's reclaim policy is Retain; \`kubectl delete pv${name}\` removes it)`
      : `its volume${name} stays (StorageClass reclaimPolicy Retain)`;
  }
  if (v?.reclaimPolicy) return `its volume${name} is deleted with it${v.reclaimFrom === 'volume' ? '' : ' (by its StorageClass\'s reclaimPolicy; the volume itself could not be read)'}`;
  return `its volume${name} follows its own reclaim policy, which could not be read (${v?.storageClass
    ? 'Delete, the usual one for a volume its StorageClass made, deletes the data'
    : 'a volume made by hand usually has Retain and keeps the data'})`;
}

const list = (names: string[]) => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));

function releaseNamespace(inv: Inventory, o: PlanOptions): UninstallPlan['releaseNamespace'] {
  const n = inv.releaseNamespace, name = inv.namespace;
  if (!n.exists) return { name, action: 'untouched', reason: 'does not exist' };
  const data = inv.items.some((i) => i.group === 'data' && i.namespace === name);
  if (!o.purge) return { name, action: 'keep', reason: data ? 'kept: it holds the kept data (--purge deletes it)' : 'kept (--purge deletes it)' };
  if (!n.marked) return { name, action: 'untouched', reason: `it has no ${'app.kubernetes.io/part-of=wallaroo'} label: only Wallaroo's objects in it are deleted` };
  if (n.unmarked.length) return { name, action: 'untouched', reason: `it also holds objects without Wallaroo's marks (${list(n.unmarked)}): only Wallaroo's objects in it are deleted` };
  if (inv.helmRelease.others.some((r) => r.endsWith(`in namespace ${name}`))) return { name, action: 'untouched', reason: 'another Wallaroo release lives in it' };
  return { name, action: 'delete', reason: 'purge: deleted once empty of Wallaroo objects' };
}

function hooksNote(inv: Inventory, o: PlanOptions): UninstallPlan['hooks'] {
  const h = inv.helmRelease;
  if (!h.exists) return { run: false, note: 'the release is gone: no hook to run' };
  if (!h.deleteHooks.length) return { run: false, note: 'the release has no uninstall hook (uninstallHook.enable was false at install)' };
  if (o.noHooks) return { run: false, note: `the uninstall hook (${h.deleteHooks.join(', ')}) will NOT run (--no-hooks): its own clean-up is skipped` };
  return { run: true, note: `helm runs the uninstall hook first (${h.deleteHooks.join(', ')}); if it fails, nothing else is deleted` };
}

function warnings(inv: Inventory, o: PlanOptions): PlanWarning[] {
  const w: PlanWarning[] = [];
  const st = inv.helmRelease.status;
  if (st && isPending({ exists: true, history: [], current: { revision: 0, status: st, chart: '' } })) {
    w.push({ code: 'W_RELEASE_PENDING', message: `release ${inv.release} is ${st}: an install or upgrade was interrupted, or is still running`, fix: 'make sure no other helm or wallaroo-install works on it; helm uninstall removes a pending release' });
  } else if (st === 'uninstalling') {
    w.push({ code: 'W_RELEASE_UNINSTALLING', message: `release ${inv.release} is uninstalling: an earlier uninstall stopped (its hook failed, or it was interrupted); this run continues it` });
  } else if (st === 'failed') {
    w.push({ code: 'W_RELEASE_FAILED', message: `release ${inv.release} is failed: helm uninstall removes what its last revision recorded; leftovers are listed below` });
  }
  const keptDynamic = inv.items.filter((i) => i.kind === 'Namespace' && i.group === 'namespaces' && !i.protectedBecause);
  if (!o.purge && !o.noHooks && inv.helmRelease.deleteHooks.length && keptDynamic.length) {
    w.push({ code: 'W_HOOK_CLEANS_UP', message: `the chart's uninstall hook cleans up what Wallaroo made at run time: the ${keptDynamic.length} dynamic namespace${keptDynamic.length === 1 ? '' : 's'} listed as kept may go with it`,
      fix: 'add --no-hooks to keep them for sure' });
  }
  if (inv.helmRelease.others.length && o.purge) {
    w.push({ code: 'W_OTHER_RELEASES', message: `other Wallaroo releases are installed (${inv.helmRelease.others.join(', ')}): dynamic namespaces and cluster-wide objects are left for them` });
  }
  if (!inv.helmRelease.exists && !inv.items.some((i) => !i.protectedBecause) && !inv.releaseNamespace.exists) {
    w.push({ code: 'W_NOTHING', message: `no release ${inv.release} in namespace ${inv.namespace} and nothing of Wallaroo's left in context "${inv.context}"`, fix: 'check --release, --namespace and --context' });
  }
  return w;
}

export function planUninstall(inv: Inventory, o: PlanOptions): UninstallPlan {
  const items: PlanItem[] = inv.items.map((i) => ({ ...i, ...decide(i, inv, o) }));
  const keepInRelease = items.filter((i) => i.group === 'data' && i.inRelease && i.action === 'keep' && inv.helmRelease.exists);
  const plan: UninstallPlan = {
    context: inv.context, cluster: inv.cluster, server: inv.server, release: inv.release, namespace: inv.namespace,
    mode: o.purge ? 'purge' : 'keep', helmRelease: inv.helmRelease, hooks: hooksNote(inv, o), items,
    releaseNamespace: releaseNamespace(inv, o), access: inv.access, warnings: warnings(inv, o),
    keepInRelease: keepInRelease.map(({ apiVersion, kind, name, namespace }) => ({ apiVersion, kind, name, namespace })),
    storageDriver: inv.storageDriver, timeoutMs: o.timeoutMs,
  };
  if (inv.installRunning) {
    plan.blocked = { code: inv.installRunning.code ?? 'E_INSTALL_RUNNING', cause: `${inv.installRunning.cause}; nothing was changed`, fix: inv.installRunning.fix };
  } else if (keepInRelease.length && !EDITABLE_DRIVERS.includes(inv.storageDriver)) {
    plan.blocked = {
      code: 'E_KEEP_UNSUPPORTED',
      cause: `helm would delete ${keepInRelease.length} claim${keepInRelease.length === 1 ? '' : 's'} of the release (${keepInRelease.map((i) => i.name).join(', ')}), and with HELM_DRIVER=${inv.storageDriver} wallaroo-install cannot mark them kept`,
      fix: 'run with the default HELM_DRIVER (secret) or configmap, or delete the data on purpose with --purge',
    };
  }
  return plan;
}

export function blockedError(plan: UninstallPlan): FlowError | undefined {
  return plan.blocked ? new FlowError(plan.blocked.code, plan.blocked.cause, plan.blocked.fix, 1) : undefined;
}
