// Carrying the plan out, in order: mark the release's claims kept (keep mode) → helm uninstall
// (with the chart's uninstall hook unless --no-hooks) → delete what the plan says the installer
// deletes → verify. Every removal is reported as it happens, so a Ctrl-C can say exactly what was
// already removed; running again starts from a fresh inventory and simply continues.
import type { Cluster } from '../install.ts';
import { objectApi, type ObjectApi } from '../../kube/objects.ts';
import { kubeErrorReason } from '../../kube/connect.ts';
import { helmError } from '../../helm/helm.ts';
import { FlowError, type EventBus } from '../events.ts';
import { MONITOR_INTERVAL_MS } from '../helm-upgrade.ts';
import { blockedError } from './plan.ts';
import { markClaimsKept } from './keep-claims.ts';
import { findHookFailure, hookWaitItems, type HookFailure } from './hooks.ts';
import { verifyUninstall } from './verify.ts';
import { InstallRunning, withInstallLock, type LockHandle } from '../../session/install-lock.ts';
import { refKey, refText, type ObjRef, type PlanItem, type UninstallPlan, type UninstallResult } from './types.ts';

export type HookChoice = 'retry' | 'no-hooks' | 'stop';

export interface ExecuteOptions {
  signal: AbortSignal;
  noHooks: boolean;
  /** Interactive runs ask what to do when the uninstall hook fails; without it the run stops (exit 1). */
  onHookFailed?: (f: HookFailure) => Promise<HookChoice>;
  /** The run's log: named in the lock, so that an install meanwhile can say where to look. */
  logFile?: string;
}

/** Deletion order: what depends on others first, cluster-wide objects and namespaces last. */
const ORDER: Record<string, number> = { hooks: 0, install: 1, data: 2, namespaces: 3, cluster: 4 };
const KIND_LAST: Record<string, number> = { Namespace: 1, CustomResourceDefinition: 2, ClusterRoleBinding: 3, ClusterRole: 4, StorageClass: 5, Lease: 6 };
const byOrder = (a: PlanItem, b: PlanItem) => (ORDER[a.group] - ORDER[b.group]) || ((KIND_LAST[a.kind] ?? 0) - (KIND_LAST[b.kind] ?? 0));

const secs = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))}s`;

export async function executeUninstall(bus: EventBus, c: Cluster, plan: UninstallPlan, o: ExecuteOptions): Promise<UninstallResult> {
  const blocked = blockedError(plan);
  if (blocked) throw blocked;
  // One run per release at a time, uninstalls included: the install lock is taken before the
  // first change and held to the end, so no install starts halfway through. The plan may have
  // been read a while ago (an admin reading it in the terminal): an install (or uninstall) of
  // this release started since then stops this one here, before anything changes.
  let locked = false;
  try {
    return await withInstallLock(bus, c, { release: plan.release, namespace: plan.namespace }, { operation: 'uninstall', logFile: o.logFile }, (lock) => {
      locked = true;
      return executeLocked(bus, c, plan, o, lock);
    });
  } catch (e) {
    if (locked || !(e instanceof InstallRunning)) throw e;
    throw new FlowError(e.code, `${e.cause_} (it started after the plan was made); nothing was changed`, e.fix, 1);
  }
}

async function executeLocked(bus: EventBus, c: Cluster, plan: UninstallPlan, o: ExecuteOptions, lock: LockHandle): Promise<UninstallResult> {
  // Our own lock is not a leftover to delete on the way: it is given back at the end (or right
  // before the namespace that holds it is deleted) and counted as removed then.
  const lease = lock.held ? plan.items.find((i) => i.group === 'install' && i.kind === 'Lease') : undefined;
  if (lease) plan = { ...plan, items: plan.items.filter((i) => i !== lease) };
  const objs = await objectApi(c.target);
  const removed: ObjRef[] = [];
  // The expired Lease the plan listed was taken over as our lock: it goes when the lock is given
  // back, and is reported then (only if it really was deleted).
  const leaseRef: ObjRef | undefined = lease && { apiVersion: lease.apiVersion, kind: lease.kind, name: lease.name, namespace: lease.namespace };
  const releaseLock = async (): Promise<boolean> => {
    const deleted = await lock.releaseNow();
    if (deleted && leaseRef && !removed.some((r) => refKey(r) === refKey(leaseRef))) {
      removed.push(leaseRef);
      bus.emit({ type: 'uninstall-progress', group: 'install', object: leaseRef, outcome: 'deleted' });
    }
    return deleted;
  };
  const failures = new Map<string, string>();
  const extra: ObjRef[] = [];
  let helmOutcome: UninstallResult['helm'] = plan.helmRelease.exists ? 'not run' : 'not installed';
  const cancelled = () => new FlowError('E_CANCELLED',
    `cancelled${o.signal.reason instanceof FlowError ? ` (${o.signal.reason.cause_})` : ''}: ${helmOutcome === 'stopped'
      ? `helm uninstall had started and was stopped, so release ${plan.release} may be left "uninstalling"${removed.length ? `; ${removed.length} object${removed.length === 1 ? ' was' : 's were'} already removed` : ''}`
      : removed.length ? `${removed.length} object${removed.length === 1 ? ' was' : 's were'} already removed (listed above)` : 'nothing was removed yet'}`,
    helmOutcome === 'stopped'
      ? 'run the same uninstall command again to finish it (an install cannot go on until it is finished)'
      : 'run the same uninstall command again: it takes a fresh inventory and continues where this one stopped', 130);
  const partial = (): UninstallResult => ({
    release: plan.release, namespace: plan.namespace, mode: plan.mode, helm: helmOutcome, removed, kept: [], skipped: [], left: [],
    clean: false, cancelled: true, dnsRecords: plan.access.dnsRecords, address: plan.access.address,
  });
  const stopIfCancelled = () => {
    if (!o.signal.aborted) return;
    bus.emit({ type: 'uninstall-result', result: partial() });
    throw cancelled();
  };

  if (plan.keepInRelease.length && plan.helmRelease.exists) {
    await bus.step('uninstall-keep', `data: marking ${plan.keepInRelease.length} claim${plan.keepInRelease.length === 1 ? '' : 's'} of the release kept (helm.sh/resource-policy: keep)`, async () => {
      const kept = await markClaimsKept(objs, plan.release, plan.namespace, plan.keepInRelease.map((r) => r.name), plan.storageDriver);
      for (const r of plan.keepInRelease) bus.emit({ type: 'uninstall-progress', group: 'data', object: r, outcome: 'kept', detail: 'helm will keep it' });
      return { value: kept, summary: kept.length ? `helm will keep ${kept.join(', ')}` : 'the release is gone: nothing to mark', status: kept.length ? 'ok' : 'skip' };
    });
  }
  stopIfCancelled();

  if (plan.helmRelease.exists) {
    let noHooks = o.noHooks;
    helmOutcome = await bus.step('uninstall-helm', `helm: uninstall of release ${plan.release}${plan.hooks.run && !noHooks ? ' (the uninstall hook runs first)' : ''}`, async () => {
      for (;;) {
        const r = await runHelmUninstall(bus, c, plan, noHooks, o.signal);
        if (r === 'ok') return { value: 'uninstalled' as const, summary: `release ${plan.release} uninstalled${noHooks && plan.helmRelease.deleteHooks.length ? ' (hooks skipped)' : ''}` };
        if (r === 'cancelled') { helmOutcome = 'stopped'; bus.emit({ type: 'uninstall-result', result: partial() }); throw cancelled(); }
        if (typeof r === 'string') {
          throw new FlowError('E_HELM_UNINSTALL', `helm uninstall failed: ${r}`, /^helm was killed by /.test(r)
            ? `run the same uninstall again: it finishes what helm started (the release may be left "uninstalling"; \`helm status ${plan.release} -n ${plan.namespace}\` shows it)`
            : 'correct the cause helm names, then run the same command again (it continues where it stopped)', 1);
        }
        bus.emit({ type: 'uninstall-hook-failed', ...r });
        const choice = o.onHookFailed ? await o.onHookFailed(r) : 'stop';
        if (choice === 'retry') continue;
        if (choice === 'no-hooks') { noHooks = true; continue; }
        helmOutcome = 'failed';
        throw new FlowError('E_HOOK_FAILED',
          `the uninstall hook failed: job ${r.job} (${r.reason})${r.logTail.length ? `; its last log lines:\n      ${r.logTail.join('\n      ')}` : ''}; nothing else was deleted`,
          `read the whole log with \`kubectl logs --namespace ${r.namespace} job/${r.job}\`; fix the cause and run the same command again to retry the hook, or skip it with --no-hooks (\`wallaroo-install uninstall --release ${plan.release} -n ${plan.namespace} --yes --no-hooks${plan.mode === 'purge' ? ' --purge' : ''}\`): the hook's own clean-up then does not run, the rest of the plan does`, 1);
      }
    });
    // A failed or skipped hook leaves its Job behind; it is part of the release's leftovers.
    for (const h of plan.helmRelease.deleteHooks.filter((x) => x.startsWith('Job/'))) {
      extra.push({ apiVersion: 'batch/v1', kind: 'Job', name: h.slice(4), namespace: plan.namespace });
    }
  }
  stopIfCancelled();

  const todo: PlanItem[] = plan.items.filter((i) => i.action === 'delete').sort(byOrder);
  const extraItems = extra.map((r): PlanItem => ({ ...r, group: 'hooks', action: 'delete', reason: 'uninstall hook Job' }));
  const seenExtra: ObjRef[] = [];
  const nsRef = plan.releaseNamespace.action === 'delete' ? [{ apiVersion: 'v1', kind: 'Namespace', name: plan.namespace }] : [];
  await bus.step('uninstall-cleanup', `clean-up: deleting ${todo.length + nsRef.length} object${todo.length + nsRef.length === 1 ? '' : 's'} the release and Wallaroo left`, async () => {
    let deleted = 0;
    for (const i of extraItems) {
      stopIfCancelled();
      if (await removeOne(bus, objs, i, i.group, removed, failures)) { deleted++; seenExtra.push(i); }
      else if (failures.has(refKey(i))) seenExtra.push(i);
    }
    for (const i of todo) {
      stopIfCancelled();
      if (await removeOne(bus, objs, i, i.group, removed, failures)) deleted++;
    }
    // The namespace holds our Lease: the lock is given back first (everything else is done),
    // and the check below then looks at the Lease like any other removed object.
    if (nsRef.length && await releaseLock() && leaseRef) seenExtra.push(leaseRef);
    for (const r of nsRef) {
      stopIfCancelled();
      if (await removeOne(bus, objs, r, 'namespace', removed, failures)) deleted++;
    }
    const failed = failures.size;
    return { value: undefined, summary: `${deleted} deleted${failed ? `, ${failed} refused` : ''}`, status: failed ? 'warn' : todo.length || extraItems.length || nsRef.length ? 'ok' : 'skip' };
  });

  const outcome = await bus.step('uninstall-verify', `verify: waiting up to ${secs(plan.timeoutMs)} until nothing of Wallaroo's is left beyond what is kept`, async () => {
    const v = await verifyUninstall(bus, objs, { plan, failures, extra: seenExtra, timeoutMs: plan.timeoutMs, signal: o.signal });
    return { value: v, summary: v.cancelled ? 'stopped' : v.left.length ? `${v.left.length} object${v.left.length === 1 ? '' : 's'} still there` : `clean: ${v.kept.length} kept on purpose`, status: v.left.length ? 'fail' : 'ok' };
  });
  // Held through the check (an install must not start while it still looks); given back now.
  if (await releaseLock() && leaseRef && !outcome.removed.some((r) => refKey(r) === refKey(leaseRef))) outcome.removed.push(leaseRef);
  const result: UninstallResult = {
    release: plan.release, namespace: plan.namespace, mode: plan.mode, helm: helmOutcome,
    removed: outcome.removed, kept: outcome.kept, skipped: outcome.skipped, left: outcome.left, clean: !outcome.left.length && !outcome.cancelled,
    cancelled: outcome.cancelled, dnsRecords: plan.access.dnsRecords, address: plan.access.address,
  };
  bus.emit({ type: 'uninstall-result', result });
  if (outcome.cancelled) throw cancelled();
  if (outcome.left.length) {
    throw new FlowError('E_LEFTOVERS', `${outcome.left.length} object${outcome.left.length === 1 ? ' is' : 's are'} still there after ${secs(plan.timeoutMs)}: ${outcome.left.slice(0, 3).map(refText).join(', ')}${outcome.left.length > 3 ? ', …' : ''}`,
      'the reasons are listed above; once their cause is fixed (a finalizer whose controller is gone, a namespace waiting on an unavailable API), run the same command again, or give it longer with --timeout', 1);
  }
  return result;
}

async function removeOne(bus: EventBus, objs: ObjectApi, r: ObjRef, group: PlanItem['group'] | 'namespace', removed: ObjRef[], failures: Map<string, string>): Promise<boolean> {
  const object: ObjRef = { apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) };
  try {
    const outcome = await objs.remove(object);
    if (outcome === 'deleted') removed.push(object);
    bus.emit({ type: 'uninstall-progress', group, object, outcome });
    return outcome === 'deleted';
  } catch (e) {
    const why = kubeErrorReason(e);
    failures.set(refKey(object), why);
    bus.emit({ type: 'uninstall-progress', group, object, outcome: 'failed', detail: why });
    return false;
  }
}

/** One `helm uninstall`, watching the hook Jobs while it runs. */
async function runHelmUninstall(bus: EventBus, c: Cluster, plan: UninstallPlan, noHooks: boolean, signal: AbortSignal): Promise<'ok' | 'cancelled' | HookFailure | string> {
  const args = ['uninstall', plan.release, '--namespace', plan.namespace, '--timeout', secs(plan.timeoutMs), '--ignore-not-found', ...(noHooks ? ['--no-hooks'] : [])];
  const stop = new AbortController();
  const watchHooks = !noHooks && plan.helmRelease.deleteHooks.length > 0;
  const monitor = (async () => {
    let last = '';
    while (watchHooks && !stop.signal.aborted) {
      await new Promise<void>((r) => { const t = setTimeout(r, MONITOR_INTERVAL_MS); stop.signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true }); });
      if (stop.signal.aborted) break;
      const items = await hookWaitItems(c.api, plan.namespace, plan.helmRelease.deleteHooks).catch(() => []);
      const text = JSON.stringify(items);
      if (items.length && text !== last && !stop.signal.aborted) bus.emit({ type: 'waiting', items });
      last = text;
    }
  })();
  let r;
  try {
    r = await c.helm.run(args, { signal, onLine: (line, stream) => bus.emit({ type: 'log', step: 'uninstall-helm', source: `helm ${stream}`, line }) });
  } finally {
    stop.abort();
    await monitor;
  }
  if (r.cancelled) return 'cancelled';
  if (r.exitCode === 0) return 'ok';
  const err = helmError(r);
  if (!noHooks && plan.helmRelease.deleteHooks.length) {
    const f = await findHookFailure(c.api, plan.namespace, plan.helmRelease.deleteHooks, r.stderr);
    if (f) return f;
  }
  return err;
}
