// Pod lifecycle: scheduling onto the fake nodes (nodeSelector, taints, required node affinity,
// cpu/memory requests, claims), then Pending → Running/Ready, or stuck the ways the switches
// describe, each with the Event a real kubelet or scheduler would record.
import type { Ctl } from './controllers.ts';

export const LOG_ANNOTATION = 'fake-kube.test/log';

/** '500m' → 0.5, '2' → 2, '1Gi' → 1073741824, '1G' → 1e9. */
export function quantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!m) return 0;
  const units: Record<string, number> = {
    '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
  };
  return Number(m[1]) * (units[m[2]] ?? 1);
}

function requests(pod: any, res: string): number {
  return (pod.spec?.containers ?? []).reduce((n: number, c: any) => n + quantity(c.resources?.requests?.[res] ?? c.resources?.limits?.[res]), 0);
}

const tolerates = (tols: any[], t: any) => tols.some((o) =>
  (!o.effect || o.effect === t.effect) &&
  (o.operator === 'Exists' ? !o.key || o.key === t.key : o.key === t.key && (o.value ?? '') === (t.value ?? '')));

function affinityMatches(pod: any, labels: Record<string, string>): boolean {
  const terms: any[] = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (!terms.length) return true;
  return terms.some((t) => (t.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels, vals: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': return has && vals.includes(labels[e.key]);
      case 'NotIn': return !has || !vals.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return true;
    }
  }));
}

/** Nodes whose labels and taints let this pod run there, ignoring capacity. */
export function eligibleNodes(ctl: Ctl, pod: any): any[] {
  return ctl.nodes().filter((n) => {
    const labels = n.metadata.labels ?? {};
    const sel = pod.spec?.nodeSelector ?? {};
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v) || !affinityMatches(pod, labels)) return false;
    return (n.spec?.taints ?? []).filter((t: any) => t.effect !== 'PreferNoSchedule').every((t: any) => tolerates(pod.spec?.tolerations ?? [], t));
  });
}

/** Picks a node, or explains in the scheduler's words why none fits. */
function schedule(ctl: Ctl, pod: any): { node?: string; why?: string } {
  const nodes = ctl.nodes(), total = nodes.length;
  const tail = `preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.persistentVolumeClaim) continue;
    const pvc = ctl.store.all('PersistentVolumeClaim', 'v1').find((c) => c.metadata.namespace === pod.metadata.namespace && c.metadata.name === v.persistentVolumeClaim.claimName);
    if (!pvc) return { why: `0/${total} nodes are available: persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not found. ${tail}` };
    const sc = ctl.store.all('StorageClass', 'storage.k8s.io/v1').find((c) => c.metadata.name === pvc.spec?.storageClassName);
    const waits = sc?.volumeBindingMode === 'WaitForFirstConsumer' && !ctl.switches.unboundClaims;
    if (pvc.status?.phase !== 'Bound' && !waits) return { why: `0/${total} nodes are available: pod has unbound immediate PersistentVolumeClaims. ${tail}` };
  }
  const reasons = new Map<string, number>();
  const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
  const fit: any[] = [];
  const eligible = new Set(eligibleNodes(ctl, pod).map((n) => n.metadata.name));
  const pods = ctl.store.all('Pod', 'v1').filter((p) => p.spec?.nodeName && !['Succeeded', 'Failed'].includes(p.status?.phase));
  for (const n of nodes) {
    if (!eligible.has(n.metadata.name)) {
      const bad = (n.spec?.taints ?? []).find((t: any) => t.effect !== 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations ?? [], t));
      bump(bad ? `node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}` : "node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const on = pods.filter((p) => p.spec.nodeName === n.metadata.name && p.metadata.uid !== pod.metadata.uid);
    const alloc = n.status?.allocatable ?? {};
    let ok = true;
    for (const res of ['cpu', 'memory']) {
      if (requests(pod, res) + on.reduce((s, p) => s + requests(p, res), 0) > quantity(alloc[res])) { bump(`Insufficient ${res}`); ok = false; }
    }
    if (ok) fit.push({ n, load: on.reduce((s, p) => s + requests(p, 'cpu'), 0) + on.length * 1e-6 });   // spread ties
  }
  if (fit.length) return { node: fit.sort((a, b) => a.load - b.load)[0].n.metadata.name };
  const list = [...reasons].map(([r, c]) => `${c} ${r}`).sort().join(', ');
  return { why: `0/${total} nodes are available: ${list}. ${tail}` };
}

const cond = (prev: any[] | undefined, type: string, status: string, reason?: string, message?: string) => {
  const old = prev?.find((c) => c.type === type);
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
};

const digest = (s: string) => { let h = 0x811c9dc5; for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619); return (h >>> 0).toString(16).padStart(8, '0'); };

export function reconcilePod(ctl: Ctl, pod: any, owner: { workload?: string; job?: any }): void {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp) return;
  const prev = pod.status?.conditions;
  const containers: any[] = pod.spec?.containers ?? [];
  const sw = ctl.switches;

  if (!pod.spec.nodeName) {
    const { node, why } = schedule(ctl, pod);
    if (!node) {
      ctl.event(pod, 'Warning', 'FailedScheduling', why!, 'default-scheduler');
      ctl.update({ ...pod, status: { ...pod.status, phase: 'Pending', conditions: [cond(prev, 'PodScheduled', 'False', 'Unschedulable', why)] } });
      return;
    }
    pod = ctl.update({ ...pod, spec: { ...pod.spec, nodeName: node } });
    ctl.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, 'default-scheduler');
  }

  const ip = ctl.podIp(pod);
  const base = {
    hostIP: ctl.nodeIp(pod.spec.nodeName), hostIPs: [{ ip: ctl.nodeIp(pod.spec.nodeName) }], podIP: ip, podIPs: [{ ip }],
    startTime: pod.status?.startTime ?? pod.metadata.creationTimestamp,
    qosClass: containers.some((c) => Object.keys(c.resources ?? {}).length) ? 'Burstable' : 'BestEffort',
  };
  const startedAt = pod.metadata.creationTimestamp;
  const cs = (c: any, state: any, ready: boolean) => ({
    name: c.name, image: c.image, imageID: state.waiting ? '' : `${c.image}@sha256:${digest(c.image).repeat(8)}`,
    ...(state.waiting ? {} : { containerID: `containerd://${digest(pod.metadata.uid + c.name).repeat(8)}` }),
    ready, started: !state.waiting && !state.terminated, restartCount: 0, state,
  });
  const scheduled = cond(prev, 'PodScheduled', 'True');
  const set = (phase: string, ready: boolean, states: any[], readyReason?: string) => ctl.update({
    ...pod,
    status: {
      ...base, phase,
      conditions: [
        cond(prev, 'PodReadyToStartContainers', states.some((s) => s.waiting?.reason === 'ContainerCreating') ? 'False' : 'True'),
        cond(prev, 'Initialized', 'True'),
        cond(prev, 'Ready', ready ? 'True' : 'False', readyReason, readyReason && `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`),
        cond(prev, 'ContainersReady', ready ? 'True' : 'False', readyReason, readyReason && `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`),
        scheduled,
      ],
      containerStatuses: containers.map((c, i) => cs(c, states[i], ready)),
    },
  });
  const log = (text: string) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!ctl.store.podLogs.has(key)) ctl.store.podLogs.set(key, pod.metadata.annotations?.[LOG_ANNOTATION] ?? text);
  };
  const creating = containers.map(() => ({ waiting: { reason: 'ContainerCreating' } }));
  const running = containers.map(() => ({ running: { startedAt } }));

  if (owner.job) {
    if (!ctl.due(pod, ctl.cfg.jobDelayMs)) { set('Running', true, running); return; }
    const fail = sw.failJobs.has(owner.job.metadata.name);
    log(fail ? 'error: migration failed: connection refused\n' : 'done\n');
    const finishedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    set(fail ? 'Failed' : 'Succeeded', false, containers.map(() => ({
      terminated: { exitCode: fail ? 1 : 0, reason: fail ? 'Error' : 'Completed', startedAt, finishedAt },
    })), 'PodCompleted');
    return;
  }

  const wl = owner.workload ?? pod.metadata.name;
  if (sw.imagePullError.has(wl)) {
    const image = containers[0]?.image ?? '';
    ctl.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet');
    ctl.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`, 'kubelet');
    ctl.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet', 'ErrImagePull');
    ctl.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
    set('Pending', false, containers.map((c) => ({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } })), 'ContainersNotReady');
    return;
  }
  if (!ctl.due(pod, ctl.cfg.readyDelayMs)) { set('Pending', false, creating, 'ContainersNotReady'); return; }
  for (const c of containers) {
    ctl.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, 'kubelet', `Pulled:${c.name}`);
    ctl.event(pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', `Started:${c.name}`);
  }
  log(containers.map((c) => `${c.name}: started\n`).join(''));
  if (sw.neverReady.has(wl)) {
    ctl.event(pod, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet');
    set('Running', false, running, 'ContainersNotReady');
    return;
  }
  set('Running', true, running);
}
