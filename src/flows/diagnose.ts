// "What is still not ready, and why": read while helm waits, so the admin sees pending pods,
// image pull errors, failed hook Jobs with their last log lines, unbound claims and a load
// balancer without an address, instead of a silent ten-minute wait.
import type { V1Pod, V1Job } from '@kubernetes/client-node';
import type { KubeApis } from '../kube/apis.ts';
import type { WaitItem } from './events.ts';
import { OBJECTS } from '../wallaroo/keys.ts';

export interface Diagnosis { items: WaitItem[]; failedJobs: { name: string; reason: string; logTail: string[]; /** A helm hook: helm itself fails at once on it. */ hook: boolean }[] }

function podReason(p: V1Pod): { reason: string; detail?: string } | undefined {
  for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    const w = c.state?.waiting;
    if (w?.reason && w.reason !== 'ContainerCreating' && w.reason !== 'PodInitializing') {
      const pull = /ImagePull|ErrImage/.test(w.reason);
      return { reason: pull ? `image pull error (${w.reason})` : w.reason, detail: pull ? `${c.image}${w.message ? `: ${w.message}` : ''}` : w.message };
    }
    if (c.state?.terminated && c.state.terminated.exitCode !== 0) return { reason: `container ${c.name} exited ${c.state.terminated.exitCode}`, detail: c.state.terminated.reason };
  }
  const sched = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (sched) return { reason: 'pod cannot be scheduled', detail: sched.message };
  if (p.status?.phase === 'Pending') return { reason: 'pod pending' };
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return { reason: 'pod not ready', detail: ready?.message };
  return undefined;
}

export async function podLogTail(api: KubeApis, namespace: string, podName: string, lines = 5): Promise<string[]> {
  try {
    const log = await api.core.readNamespacedPodLog({ name: podName, namespace, tailLines: lines });
    return String(log ?? '').split('\n').filter(Boolean).slice(-lines);
  } catch {
    return [];
  }
}

async function failedJob(api: KubeApis, ns: string, j: V1Job, pods: V1Pod[]) {
  const cond = j.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (!cond) return undefined;
  const mine = pods.filter((p) => p.metadata?.labels?.['job-name'] === j.metadata?.name || p.metadata?.ownerReferences?.some((o) => o.uid === j.metadata?.uid));
  const last = mine.sort((a, b) => String(b.metadata?.creationTimestamp).localeCompare(String(a.metadata?.creationTimestamp)))[0];
  return { name: j.metadata!.name!, reason: cond.reason ?? 'Failed', logTail: last ? await podLogTail(api, ns, last.metadata!.name!) : [], hook: Boolean(j.metadata?.annotations?.['helm.sh/hook']) };
}

/** One look at the namespace. Errors reading it are not fatal to the install: returns nothing. */
export async function diagnose(api: KubeApis, ns: string, opts: { expectLoadBalancer: boolean }): Promise<Diagnosis> {
  const [deps, pods, jobs, pvcs, svc] = await Promise.all([
    api.apps.listNamespacedDeployment({ namespace: ns }),
    api.core.listNamespacedPod({ namespace: ns }),
    api.batch.listNamespacedJob({ namespace: ns }),
    api.core.listNamespacedPersistentVolumeClaim({ namespace: ns }),
    opts.expectLoadBalancer ? api.core.readNamespacedService({ name: OBJECTS.apiService, namespace: ns }).catch(() => undefined) : undefined,
  ]);
  const items: WaitItem[] = [];
  for (const d of deps.items) {
    const want = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    if (ready >= want) continue;
    const sel = d.spec?.selector?.matchLabels ?? {};
    const mine = pods.items.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata?.labels?.[k] === v));
    const why = mine.map(podReason).find(Boolean);
    items.push({ kind: 'deployment', name: d.metadata!.name!, reason: `${ready}/${want} ready${why ? `: ${why.reason}` : mine.length ? '' : ': no pods yet'}`, detail: why?.detail });
  }
  const failedJobs = [];
  for (const j of jobs.items) {
    const f = await failedJob(api, ns, j, pods.items);
    if (f) {
      failedJobs.push(f);
      items.push({ kind: 'job', name: f.name, reason: `failed (${f.reason})`, detail: f.logTail.length ? `last log lines: ${f.logTail.join(' | ')}` : undefined });
    } else if (!j.status?.succeeded) items.push({ kind: 'job', name: j.metadata!.name!, reason: `running (${j.status?.active ?? 0} active)` });
  }
  for (const c of pvcs.items) {
    if (c.status?.phase !== 'Bound') items.push({ kind: 'pvc', name: c.metadata!.name!, reason: `claim not bound (${c.status?.phase ?? 'Pending'})`, detail: c.spec?.storageClassName ? `storage class ${c.spec.storageClassName}` : undefined });
  }
  if (svc && svc.spec?.type === 'LoadBalancer' && !svc.status?.loadBalancer?.ingress?.length) {
    items.push({ kind: 'service', name: OBJECTS.apiService, reason: 'no load-balancer address yet' });
  }
  return { items, failedJobs };
}
