// The controllers that finish deletions: the namespace controller (empties a Terminating
// namespace, then removes its `kubernetes` finalizer), PVC protection (a claim goes once no pod
// uses it), CRD cleanup (custom resources go before their CRD) and the garbage collector's
// foreground deletion. Each writes only when something changed, with the conditions and
// messages a real cluster shows, so an uninstaller can explain what is holding an object.
import type { Ctl } from './controllers.ts';
import { condition } from './workloads.ts';
import { CRD_CLEANUP, PVC_PROTECTION } from './defaults.ts';
import { pendingFinalizers } from './store.ts';

const without = (list: string[] | undefined, f: string) => (list ?? []).filter((x) => x !== f);

function dropFinalizer(ctl: Ctl, o: any, f: string): void {
  const finalizers = without(o.metadata.finalizers, f);
  ctl.update({ ...o, metadata: { ...o.metadata, finalizers: finalizers.length ? finalizers : undefined } });
}

/** A Terminating namespace: delete everything in it, report what remains, then let it go. */
export function finishNamespace(ctl: Ctl, ns: any): void {
  const name = ns.metadata.name;
  const prev = ns.status?.conditions;
  const setConditions = (conds: any[]) => ctl.update({ ...ns, status: { ...ns.status, phase: 'Terminating', conditions: conds } });
  if (ctl.switches.stuckNamespaces.has(name)) {
    // What a cluster shows when an aggregated API is down: the controller cannot even list the content.
    setConditions([
      condition(prev, 'NamespaceDeletionDiscoveryFailure', 'True', 'DiscoveryFailed',
        'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: stale GroupVersion discovery: metrics.k8s.io/v1beta1'),
    ]);
    return;
  }
  for (const o of ctl.store.inNamespace(name)) {
    if (o.metadata.deletionTimestamp) continue;
    try { ctl.store.delete(ctl.store.riOf(o), name, o.metadata.name, 'Background'); } catch { /* gone meanwhile */ }
  }
  const left = ctl.store.inNamespace(name);
  if (left.length) {
    const byResource = new Map<string, number>(), byFinalizer = new Map<string, number>();
    for (const o of left) {
      const ri = ctl.store.riOf(o);
      const res = `${ri.plural}.${ri.group}`;
      byResource.set(res, (byResource.get(res) ?? 0) + 1);
      for (const f of o.metadata.finalizers ?? []) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) => [...m].sort().map(([k, n]) => `${k} in ${n} resource instances`).join(', ');
    setConditions([
      condition(prev, 'NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'),
      condition(prev, 'NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
      condition(prev, 'NamespaceContentRemaining', 'True', 'SomeResourcesRemain', `Some resources are remaining: ${[...byResource].sort().map(([k, n]) => `${k} has ${n} resource instances`).join(', ')}`),
      byFinalizer.size
        ? condition(prev, 'NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${list(byFinalizer)}`)
        : condition(prev, 'NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
    ]);
    return;
  }
  // Empty: the /finalize step removes the `kubernetes` finalizer; with no other left, it is gone.
  const spec = { ...ns.spec, finalizers: without(ns.spec?.finalizers, 'kubernetes') };
  if (!spec.finalizers.length) delete spec.finalizers;
  ctl.update({ ...ns, spec });
}

/** A claim marked for deletion keeps kubernetes.io/pvc-protection while a running pod mounts it. */
export function releaseClaim(ctl: Ctl, pvc: any): void {
  if (!(pvc.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return;
  const inUse = ctl.store.all('Pod', 'v1').some((p) => p.metadata.namespace === pvc.metadata.namespace
    && !['Succeeded', 'Failed'].includes(p.status?.phase)
    && (p.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
  if (!inUse) dropFinalizer(ctl, pvc, PVC_PROTECTION);
}

/** A CRD being deleted: its custom resources go first (each may wait on its own finalizers). */
export function cleanUpCrd(ctl: Ctl, crd: any): void {
  if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP)) return;
  const ri = ctl.store.registry.list.find((r) => r.group === crd.spec.group && r.plural === crd.spec.names?.plural);
  const left = ri ? ctl.store.list(ri) : [];
  for (const o of left) {
    if (!o.metadata.deletionTimestamp) try { ctl.store.delete(ri!, o.metadata.namespace, o.metadata.name, 'Background'); } catch { /* gone */ }
  }
  const still = ri ? ctl.store.list(ri) : [];
  if (still.length) {
    const conds = (crd.status?.conditions ?? []).filter((c: any) => c.type !== 'Terminating');
    conds.push(condition(crd.status?.conditions, 'Terminating', 'True', 'InstanceDeletionInProgress',
      `CustomResource deletion is in progress: ${still.length} ${crd.spec.names?.plural} remaining${still.some((o) => o.metadata.finalizers?.length) ? ' (waiting on their finalizers)' : ''}`));
    ctl.update({ ...crd, status: { ...crd.status, conditions: conds } });
    return;
  }
  dropFinalizer(ctl, crd, CRD_CLEANUP);
}

/** Foreground deletion: the owner goes once it has no dependents left. */
export function finishForeground(ctl: Ctl, o: any): void {
  if (!(o.metadata.finalizers ?? []).includes('foregroundDeletion')) return;
  if (!ctl.store.dependents(o).length) dropFinalizer(ctl, o, 'foregroundDeletion');
}

/** One pass over everything waiting on a finalizer the cluster itself owns. */
export function finishDeletions(ctl: Ctl): void {
  for (const o of ctl.store.terminating()) {
    const live = ctl.store.get(ctl.store.riOf(o), o.metadata.namespace, o.metadata.name);
    if (!live || !pendingFinalizers(live).length) continue;
    if (live.kind === 'Namespace' && live.apiVersion === 'v1') finishNamespace(ctl, live);
    else if (live.kind === 'PersistentVolumeClaim' && live.apiVersion === 'v1') releaseClaim(ctl, live);
    else if (live.kind === 'CustomResourceDefinition') cleanUpCrd(ctl, live);
    const again = ctl.store.get(ctl.store.riOf(o), o.metadata.namespace, o.metadata.name);
    if (again) finishForeground(ctl, again);
  }
}
