// After: is everything the plan removes gone, and is nothing of Wallaroo's left beyond what was
// kept on purpose? Polls until it is, or until the timeout: never a hang. What is left comes
// with its reason, read from the object itself (finalizers, a namespace's Terminating
// conditions, a CRD still deleting its custom resources, a delete that was refused).
import type { KubeObject, ObjectApi } from '../../kube/objects.ts';
import { refOf } from '../../kube/objects.ts';
import type { EventBus, WaitItem } from '../events.ts';
import { hasPartOf, isOwned, isProtectedNamespace, isWallarooClusterObject, ownedByOtherRelease, isMarked } from './marks.ts';
import { CLUSTER_KINDS, NAMESPACED_KINDS, PART_OF_SELECTOR, crdInfo } from './scan.ts';
import { mapLimit } from '../../util/map-limit.ts';
import { refKey, refText, retainedClaims, type Leftover, type ObjRef, type PlanItem, type UninstallPlan } from './types.ts';

export const VERIFY_POLL_MS = Number(process.env.WALLAROO_INSTALL_POLL_MS) || 1000;

type Conditioned = KubeObject & { status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] } };

/** Why an object is still there, in words an admin can act on. */
export function whyStillThere(o: KubeObject, deleteFailed?: string): string {
  const c = o as Conditioned;
  const finalizers = [...(o.metadata?.finalizers ?? []), ...((o.kind === 'Namespace' ? (o as { spec?: { finalizers?: string[] } }).spec?.finalizers : undefined) ?? [])];
  if (o.metadata?.deletionTimestamp) {
    const conds = (c.status?.conditions ?? []).filter((x) => x.status === 'True' && x.message);
    if (o.kind === 'Namespace') {
      const detail = conds.map((x) => x.message).join('; ');
      return `namespace stuck Terminating${detail ? `: ${detail}` : finalizers.length ? ` (finalizers ${finalizers.join(', ')})` : ''}`;
    }
    if (o.kind === 'CustomResourceDefinition') {
      const t = conds.find((x) => x.type === 'Terminating');
      return `Terminating${t ? `: ${t.message}` : ''}${finalizers.length ? ` (finalizer ${finalizers.join(', ')})` : ''}`;
    }
    return finalizers.length ? `Terminating, held by finalizer${finalizers.length === 1 ? '' : 's'} ${finalizers.join(', ')}` : 'Terminating';
  }
  if (deleteFailed) return `the delete was refused: ${deleteFailed}`;
  return 'still there: not deleted yet';
}

export interface VerifyInput {
  plan: UninstallPlan;
  /** Deletes the API refused, by object key. */
  failures: Map<string, string>;
  /** Objects the run added to its list after the plan (hook Jobs made while helm ran). */
  extra: ObjRef[];
  timeoutMs: number;
  signal: AbortSignal;
}

export interface VerifyOutcome { removed: ObjRef[]; left: Leftover[]; kept: Leftover[]; skipped: Leftover[]; cancelled: boolean }

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((r) => {
  const t = setTimeout(r, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
});

export async function verifyUninstall(bus: EventBus, objs: ObjectApi, v: VerifyInput): Promise<VerifyOutcome> {
  const { plan } = v;
  const expected: ObjRef[] = [
    ...plan.items.filter((i) => (i.action === 'helm' || i.action === 'delete') && i.note !== 'already gone'),
    ...v.extra,
    ...(plan.releaseNamespace.action === 'delete' ? [{ apiVersion: 'v1', kind: 'Namespace', name: plan.namespace }] : []),
  ];
  const keptOnPurpose = plan.items.filter((i) => i.action === 'keep' || i.action === 'untouched');
  const keptKeys = new Set(keptOnPurpose.map(refKey));
  const keptNamespaces = new Set([
    ...keptOnPurpose.filter((i) => i.kind === 'Namespace').map((i) => i.name),
    ...plan.items.filter((i) => i.protectedBecause && i.namespace).map((i) => i.namespace!),
  ]);
  const expectedKeys = new Set(expected.map(refKey));
  const deadline = Date.now() + v.timeoutMs;
  let lastText = '';
  let left: Leftover[] = [];
  for (;;) {
    const snap = await sweep(objs, plan);
    // What the sweep listed anyway is looked up there; the rest is read one by one.
    const still = (await mapLimit(expected, 8, (r) => (snap.listedKinds.has(`${r.apiVersion}|${r.kind}`) ? Promise.resolve(snap.listed.get(refKey(r))) : objs.read(r))))
      .map((o, i) => ({ ref: expected[i], o }));
    left = still.filter((s) => s.o).map((s) => ({ ...s.ref, reason: whyStillThere(s.o!, v.failures.get(refKey(s.ref))) }));
    for (const o of snap.marked) {
      const ref = refOf(o), key = refKey(ref);
      if (expectedKeys.has(key) || keptKeys.has(key) || keptNamespaces.has(ref.namespace ?? (ref.kind === 'Namespace' ? ref.name : ''))) continue;
      if (ref.kind === 'Namespace' && ref.name === plan.namespace && plan.releaseNamespace.action !== 'delete') continue;
      left.push({ ...ref, reason: o.metadata?.deletionTimestamp ? whyStillThere(o) : 'not in the plan: it appeared after the plan was made (run the uninstall again to remove it)' });
    }
    const text = JSON.stringify(left);
    if (text !== lastText && left.length) {
      bus.emit({ type: 'waiting', items: left.map((l): WaitItem => ({ kind: l.kind.toLowerCase(), name: l.namespace ? `${l.namespace}/${l.name}` : l.name, reason: l.reason })) });
    }
    lastText = text;
    if (!left.length || Date.now() >= deadline || v.signal.aborted) break;
    await sleep(Math.min(VERIFY_POLL_MS, Math.max(0, deadline - Date.now())), v.signal);
  }
  const leftKeys = new Set(left.map(refKey));
  // What was to be kept but is gone (the chart's uninstall hook removes what Wallaroo made at run time).
  const keepItems = plan.items.filter((i) => i.action === 'keep');
  const keptNow = await mapLimit(keepItems, 8, (r) => objs.read(r).catch(() => ({})));
  const vanished = keepItems.filter((_, i) => !keptNow[i]);
  // Purged claims whose volume keeps the data (reclaim policy Retain): the volume stays, Released.
  // Said by name, with the way to remove it, since nothing else will.
  // Only for claims that are gone: a volume still bound to a claim that is left cannot be deleted yet.
  const retained = retainedClaims(plan).filter((i) => !leftKeys.has(refKey(i)) && !v.failures.has(refKey(i)));
  const volumesNow = await mapLimit(retained, 8, (i) => objs.read({ apiVersion: 'v1', kind: 'PersistentVolume', name: i.pvc!.volume! }).catch(() => undefined));
  const keptVolumes: Leftover[] = retained.filter((_, k) => volumesNow[k] && !volumesNow[k]!.metadata?.deletionTimestamp).map((i) => ({
    apiVersion: 'v1', kind: 'PersistentVolume', name: i.pvc!.volume!,
    reason: `it holds the data of claim ${i.name}${i.namespace ? ` (namespace ${i.namespace})` : ''}: its reclaim policy is Retain; \`kubectl delete pv ${i.pvc!.volume}\` removes it once the data is no longer needed`,
  }));
  return {
    removed: [...expected.filter((r) => !leftKeys.has(refKey(r))), ...vanished.map(({ apiVersion, kind, name, namespace }) => ({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) }))],
    left,
    kept: [
      ...keepItems.filter((_, i) => keptNow[i]).map(leftover),
      ...(plan.releaseNamespace.action === 'keep' ? [{ apiVersion: 'v1', kind: 'Namespace', name: plan.namespace, reason: plan.releaseNamespace.reason }] : []),
      ...keptVolumes,
    ],
    skipped: [
      ...plan.items.filter((i) => i.action === 'untouched').map(leftover),
      ...(plan.releaseNamespace.action === 'untouched' && plan.releaseNamespace.reason !== 'does not exist'
        ? [{ apiVersion: 'v1', kind: 'Namespace', name: plan.namespace, reason: plan.releaseNamespace.reason }] : []),
    ],
    cancelled: v.signal.aborted,
  };
}

interface Sweep {
  /** Everything that still carries Wallaroo's marks, wherever it is (kube-* and default excepted). */
  marked: KubeObject[];
  /** Every object of the kinds listed without a selector, by key, and those kinds ("apiVersion|kind"). */
  listed: Map<string, KubeObject>;
  listedKinds: Set<string>;
}

async function sweep(objs: ObjectApi, plan: UninstallPlan): Promise<Sweep> {
  const marked: KubeObject[] = [];
  const listed = new Map<string, KubeObject>();
  const listedKinds = new Set<string>();
  const { release, namespace } = plan;
  const crKinds: [string, string][] = [];
  const remember = (av: string, kind: string, list: KubeObject[]) => { listedKinds.add(`${av}|${kind}`); for (const o of list) listed.set(refKey(refOf(o)), o); };
  for (const [av, kind, byLabel] of CLUSTER_KINDS) {
    const list = await objs.list(av, kind, byLabel ? { labelSelector: PART_OF_SELECTOR } : {});
    if (list && !byLabel) remember(av, kind, list);
    for (const o of list ?? []) {
      const info = kind === 'CustomResourceDefinition' ? crdInfo(o) : undefined;
      if (!isWallarooClusterObject(kind, { ...o.metadata, group: info?.group }) || ownedByOtherRelease(o.metadata ?? {}, release, namespace)) continue;
      marked.push(o);
      if (info?.namespaced) crKinds.push([`${info.group}/${info.version}`, info.kind]);
    }
  }
  const namespaces = await objs.list('v1', 'Namespace');
  if (namespaces) remember('v1', 'Namespace', namespaces);
  for (const n of namespaces ?? []) {
    const name = n.metadata?.name ?? '';
    if (hasPartOf(n.metadata ?? {}) && !isProtectedNamespace(name) && name !== namespace) marked.push(n);
  }
  // One list per kind for the whole cluster, filtered here (cheaper than one per label and namespace).
  const kinds = [...NAMESPACED_KINDS, ...crKinds];
  const lists = await mapLimit(kinds, 6, ([av, kind]) => objs.list(av, kind));
  kinds.forEach(([av, kind], i) => { if (lists[i]) remember(av, kind, lists[i]!); });
  for (const o of lists.flatMap((l) => l ?? [])) {
    const m = o.metadata ?? {};
    if (isOwned(m) || ownedByOtherRelease(m, release, namespace)) continue;
    if (hasPartOf(m) && !isProtectedNamespace(m.namespace ?? '')) marked.push(o);
    // In the release namespace, the release's other marks count too (helm's annotations, instance label).
    else if (m.namespace === namespace && isMarked(m, release, namespace) && m.labels?.owner !== 'helm') marked.push(o);
  }
  return { marked, listed, listedKinds };
}

const leftover = (i: PlanItem): Leftover => ({ apiVersion: i.apiVersion, kind: i.kind, name: i.name, ...(i.namespace ? { namespace: i.namespace } : {}), reason: i.reason });

export const leftoverLine = (l: Leftover) => `${refText(l)}: ${l.reason}`;
