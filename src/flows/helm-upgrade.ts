// `helm upgrade --install`, watched: while helm waits we show what is not ready and why; when
// helm fails we name the objects and the cause; on Ctrl-C helm gets SIGTERM and time to mark
// the release failed (never left pending).
import type { Helm, HelmVersion } from '../helm/helm.ts';
import { helmError } from '../helm/helm.ts';
import type { GatedHelm } from '../helm/gated.ts';
import { trace } from '../util/trace.ts';
import { upgradeInstallArgs } from '../helm/args.ts';
import { releaseState, pendingWayOut, isPending, releaseAfterStop } from '../helm/release.ts';
import type { KubeApis } from '../kube/apis.ts';
import { kubeErrorReason } from '../kube/errors.ts';
import type { InstallPlan } from './plan.ts';
import { diagnose, type Diagnosis } from './diagnose.ts';
import { FlowError, type EventBus, type WaitItem } from './events.ts';
import { noAddressError } from './access.ts';
import { OBJECTS } from '../wallaroo/keys.ts';
import { helmConflictError } from './ownership.ts';
import { collectWhileWaiting } from '../util/idle-gc.ts';

/** helm has started and applied the objects by then (its first 0.3-0.7 s, when a pause of ours would compete with it for the CPU), and a run takes 1.5 s or more. */
const GC_AFTER_MS = 1200;

/** A helm duration ("15m", "90s", "1h") in milliseconds. */
export function timeoutMs(d: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(d);
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'] : 15 * 60_000;
}

export const MONITOR_INTERVAL_MS = Number(process.env.WALLAROO_INSTALL_POLL_MS) || 2000;

function describeItems(items: WaitItem[]): string {
  return items.map((i) => `${i.kind}/${i.name} (${i.reason}${i.detail ? `: ${i.detail}` : ''})`).join('; ');
}

function fixFor(items: WaitItem[], ns: string): string {
  const fixes = new Set<string>();
  for (const i of items) {
    if (/image pull/.test(i.reason)) fixes.add('check the image registry and pull secret (registries.images) and that the images were loaded');
    else if (/cannot be scheduled/.test(i.reason)) fixes.add('add capacity or fix nodepool labels/taints (see preflight)');
    else if (i.kind === 'pvc') fixes.add('check the default StorageClass and its provisioner');
    else if (i.kind === 'service') fixes.add('check the cloud load-balancer controller (MetalLB on kurl)');
    else if (i.kind === 'job') fixes.add(`read the Job's log: kubectl logs --namespace ${ns} job/${i.name}`);
  }
  fixes.add(`inspect with \`kubectl get pods --namespace ${ns}\`, then run the same command again (it upgrades the failed release)`);
  return [...fixes].join('; ');
}

/**
 * The failed Job that should stop helm now, if any. helm 3 sits out its whole timeout on a
 * failed (non-hook) Job, and a Failed Job is final: stop helm and say why. helm 4 fails on its
 * own at once, and so does helm 3 on a failed hook Job: that failure is helm's to report
 * (E_HOOK_FAILED, naming the hook), so it is left to helm.
 */
export function jobToStopHelmFor(d: Diagnosis, helmMajor: number): Diagnosis['failedJobs'][number] | undefined {
  return helmMajor === 3 ? d.failedJobs.find((j) => !j.hook) : undefined;
}

export interface WatchedOptions {
  /** Stops helm early with its reason (a FlowError): e.g. the load balancer's --lb-timeout passed. */
  stop?: AbortSignal;
  /** helm already started and held (gated.ts): let go if it is this very run. */
  held?: GatedHelm;
}

export async function helmUpgradeWatched(
  bus: EventBus, plan: InstallPlan, chartPath: string, valuesFile: string,
  helm: Helm, version: HelmVersion, api: KubeApis, signal: AbortSignal, opts: WatchedOptions = {},
): Promise<void> {
  const local: InstallPlan = { ...plan, chart: { kind: 'archive', path: chartPath } };
  const ns = plan.namespace;
  const expectLoadBalancer = plan.answers.ingress !== 'none';
  const helmAbort = new AbortController();
  const onOuterAbort = () => helmAbort.abort(signal.reason);
  signal.addEventListener('abort', onOuterAbort, { once: true });
  let last: Diagnosis = { items: [], failedJobs: [] };
  let stoppedFor: FlowError | undefined;
  let lastText = '';
  const onStop = () => {
    if (helmAbort.signal.aborted) return;
    stoppedFor = opts.stop!.reason instanceof FlowError ? opts.stop!.reason : new FlowError('E_HELM_STOPPED', 'helm was stopped', 'run the same command again', 1);
    helmAbort.abort(stoppedFor);
  };
  opts.stop?.addEventListener('abort', onStop, { once: true });
  const stop = new AbortController();
  const pause = () => new Promise<void>((r) => {
    const t = setTimeout(r, MONITOR_INTERVAL_MS);
    stop.signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
  });

  // A failed look is not a failed install (helm goes on, and may ride out a short outage), but
  // an API that stops answering is said once, with since when, and again when it is back.
  let downSince: Date | undefined;
  let failedLooks = 0;
  const monitor = (async () => {
    while (!stop.signal.aborted) {
      await pause();
      if (stop.signal.aborted) break;
      try {
        last = await diagnose(api, ns, { expectLoadBalancer });
        if (downSince && failedLooks >= 2) bus.emit({ type: 'info', message: `the cluster's API answers again (it did not from ${downSince.toISOString().slice(11, 19)} UTC)` });
        downSince = undefined;
        failedLooks = 0;
      } catch (e) {
        downSince ??= new Date();
        if (++failedLooks === 2 && !stop.signal.aborted) {
          bus.emit({ type: 'warning', code: 'W_API_NOT_ANSWERING', message: `the cluster's API has not answered since ${downSince.toISOString().slice(11, 19)} UTC (${kubeErrorReason(e)}): helm goes on waiting, and fails if it does not come back within helm's timeout (${plan.timeout})`,
            fix: 'check the connection to the cluster (VPN, SSH tunnel, `kubectl cluster-info`); Ctrl-C stops helm cleanly' });
        }
        continue;
      }
      const text = JSON.stringify(last.items);
      if (text !== lastText && !stop.signal.aborted && (last.items.length || lastText)) bus.emit({ type: 'waiting', items: last.items });
      lastText = text;
      const failed = jobToStopHelmFor(last, version.major);
      if (failed && !helmAbort.signal.aborted) {
        stoppedFor = new FlowError('E_JOB_FAILED', `job ${failed.name} failed (${failed.reason})${failed.logTail.length ? `; its last log lines:\n      ${failed.logTail.join('\n      ')}` : ''}`,
          `read the whole log with \`kubectl logs --namespace ${ns} job/${failed.name}\`, fix the cause, then run the same command again`, 1);
        helmAbort.abort(stoppedFor);
      }
    }
  })();

  let r;
  // helm needs a second or more: the time to collect garbage (idle-gc.ts).
  const noCollection = collectWhileWaiting(GC_AFTER_MS);
  try {
    const args = upgradeInstallArgs(local, valuesFile, version.major);
    const run = { signal: helmAbort.signal, onLine: (line: string, stream: 'stdout' | 'stderr') => bus.emit({ type: 'log', step: 'helm', source: `helm ${stream}`, line }) };
    const letGo = opts.held?.open(helm, args, run);
    trace(letGo ? 'helm: held run let go' : 'helm: started');
    r = await (letGo ?? helm.run(args, run));
  } finally {
    noCollection();
    stop.abort();
    signal.removeEventListener('abort', onOuterAbort);
    opts.stop?.removeEventListener('abort', onStop);
    await monitor;
  }
  if (r.exitCode === 0 && !r.cancelled) return;

  if (r.cancelled) {
    const { state, where } = await releaseAfterStop(helm, plan.release, ns);
    if (stoppedFor) throw new FlowError(stoppedFor.code, `${stoppedFor.cause_}; helm was stopped, ${where}`, stoppedFor.fix, 1);
    const reason = signal.reason instanceof FlowError ? signal.reason : new FlowError('E_CANCELLED', 'cancelled', '', 130);
    if (state && isPending(state)) {
      throw new FlowError('E_CANCELLED', `${reason.cause_}; helm did not finish in time and ${where}`, pendingWayOut(state, plan.release, ns), 130);
    }
    // Read, the state says what a rerun does; unknown (the API is not answering), it may be
    // left pending-*: `status` then gives the way out.
    throw new FlowError('E_CANCELLED', `${reason.cause_}; ${where}`, state
      ? (state.current ? `run the same command again to retry the install (it upgrades the ${state.current.status} release)` : 'run the same command again to install')
      : 'once the cluster answers, run `wallaroo-install status`: the release may be left pending-* (helm could not record how it ended), and status gives the safe way out', 130);
  }

  const err = helmError(r);
  const after = await diagnose(api, ns, { expectLoadBalancer }).catch(() => last);
  if (/another operation .* in progress/i.test(err)) {
    const state = await releaseState(helm, plan.release, ns);
    throw new FlowError('E_RELEASE_PENDING', `helm says another operation is in progress on release ${plan.release}`, pendingWayOut(state, plan.release, ns), 1);
  }
  const conflict = helmConflictError(err, plan.release, ns);
  if (conflict) throw conflict;
  const hook = /(pre|post)-(install|upgrade)/.exec(err);
  if (hook || /job .*failed|BackoffLimitExceeded/i.test(err)) {
    const f = (hook && after.failedJobs.find((j) => j.hook)) || after.failedJobs[0];
    throw new FlowError('E_HOOK_FAILED',
      `${hook ? `the ${hook[0]} hook` : 'a Job'} failed${f ? `: job ${f.name} (${f.reason})${f.logTail.length ? `; its last log lines:\n      ${f.logTail.join('\n      ')}` : ''}` : `: ${err}`}`,
      `${f ? `read the whole log with \`kubectl logs --namespace ${ns} job/${f.name}\`; ` : ''}fix the cause, then run the same command again`, 1);
  }
  if (/timed out|deadline exceeded|context canceled/i.test(r.stderr)) {
    const items = after.items.length ? after.items : last.items;
    // helm 3's --wait also waits for the load balancer's address: when that is all it waited
    // for, say so as helm 4 runs do (there the installer itself waits for the address).
    if (items.length && items.every((i) => i.kind === 'service' && i.name === OBJECTS.apiService)) {
      throw noAddressError(ns, timeoutMs(plan.timeout), `; helm ${version.major} waited for it too and marked release ${plan.release} failed`);
    }
    throw new FlowError('E_HELM_TIMEOUT',
      `helm gave up after ${plan.timeout}${items.length ? ` still waiting for: ${describeItems(items)}` : `: ${err}`}`,
      fixFor(items, ns), 1);
  }
  if (r.killedBy && r.killedBy !== 'SIGTERM') {
    // Killed mid-run, helm could not record the outcome: the release may be left pending.
    const state = await releaseState(helm, plan.release, ns).catch(() => undefined);
    throw new FlowError('E_HELM_KILLED', `helm upgrade --install ended early: ${err}${state?.current ? `; release ${plan.release} is ${state.current.status} (revision ${state.current.revision})` : ''}`,
      state && isPending(state) ? pendingWayOut(state, plan.release, ns) : 'give helm the memory it needs (or find what killed it), then run the same command again', 1);
  }
  throw new FlowError('E_HELM_FAILED', `helm upgrade --install failed: ${err}`, 'correct the cause helm names, then run the same command again', 1);
}
