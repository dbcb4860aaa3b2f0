// `helm upgrade --install`, watched: while helm waits we show what is not ready and why; when
// helm fails we name the objects and the cause; on Ctrl-C helm gets SIGTERM and time to mark
// the release failed (never left pending).
import type { Helm, HelmVersion } from '../helm/helm.ts';
import { helmError } from '../helm/helm.ts';
import { upgradeInstallArgs } from '../helm/args.ts';
import { releaseState, pendingWayOut, isPending, releaseAfterStop } from '../helm/release.ts';
import type { KubeApis } from '../kube/apis.ts';
import type { InstallPlan } from './plan.ts';
import { diagnose, type Diagnosis } from './diagnose.ts';
import { FlowError, type EventBus, type WaitItem } from './events.ts';

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

export async function helmUpgradeWatched(
  bus: EventBus, plan: InstallPlan, chartPath: string, valuesFile: string,
  helm: Helm, version: HelmVersion, api: KubeApis, signal: AbortSignal,
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
  const stop = new AbortController();
  const pause = () => new Promise<void>((r) => {
    const t = setTimeout(r, MONITOR_INTERVAL_MS);
    stop.signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
  });

  const monitor = (async () => {
    while (!stop.signal.aborted) {
      await pause();
      if (stop.signal.aborted) break;
      try {
        last = await diagnose(api, ns, { expectLoadBalancer });
      } catch { continue; /* a failed look is not a failed install */ }
      const text = JSON.stringify(last.items);
      if (text !== lastText && !stop.signal.aborted) { bus.emit({ type: 'waiting', items: last.items }); lastText = text; }
      // helm 3 sits out its whole timeout on a failed (non-hook) Job; a Failed Job is final,
      // so stop helm now and say why. helm 4 fails on its own at once.
      const failed = last.failedJobs[0];
      if (version.major === 3 && failed && !helmAbort.signal.aborted) {
        stoppedFor = new FlowError('E_JOB_FAILED', `job ${failed.name} failed (${failed.reason})${failed.logTail.length ? `; its last log lines:\n      ${failed.logTail.join('\n      ')}` : ''}`,
          `read the whole log with \`kubectl logs --namespace ${ns} job/${failed.name}\`, fix the cause, then run the same command again`, 1);
        helmAbort.abort(stoppedFor);
      }
    }
  })();

  let r;
  try {
    r = await helm.run(upgradeInstallArgs(local, valuesFile, version.major), {
      signal: helmAbort.signal,
      onLine: (line, stream) => bus.emit({ type: 'log', step: 'helm', source: `helm ${stream}`, line }),
    });
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onOuterAbort);
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
    throw new FlowError('E_CANCELLED', `${reason.cause_}; ${where}`, 'run the same command again to retry the install (it upgrades the failed release)', 130);
  }

  const err = helmError(r);
  const after = await diagnose(api, ns, { expectLoadBalancer }).catch(() => last);
  if (/another operation .* in progress/i.test(err)) {
    const state = await releaseState(helm, plan.release, ns);
    throw new FlowError('E_RELEASE_PENDING', `helm says another operation is in progress on release ${plan.release}`, pendingWayOut(state, plan.release, ns), 1);
  }
  const hook = /(pre|post)-(install|upgrade)/.exec(err);
  if (hook || /job .*failed|BackoffLimitExceeded/i.test(err)) {
    const f = after.failedJobs[0];
    throw new FlowError('E_HOOK_FAILED',
      `${hook ? `the ${hook[0]} hook` : 'a Job'} failed${f ? `: job ${f.name} (${f.reason})${f.logTail.length ? `; its last log lines:\n      ${f.logTail.join('\n      ')}` : ''}` : `: ${err}`}`,
      `${f ? `read the whole log with \`kubectl logs --namespace ${ns} job/${f.name}\`; ` : ''}fix the cause, then run the same command again`, 1);
  }
  if (/timed out|deadline exceeded|context canceled/i.test(r.stderr)) {
    const items = after.items.length ? after.items : last.items;
    throw new FlowError('E_HELM_TIMEOUT',
      `helm gave up after ${plan.timeout}${items.length ? ` still waiting for: ${describeItems(items)}` : `: ${err}`}`,
      fixFor(items, ns), 1);
  }
  throw new FlowError('E_HELM_FAILED', `helm upgrade --install failed: ${err}`, 'correct the cause helm names, then run the same command again', 1);
}
