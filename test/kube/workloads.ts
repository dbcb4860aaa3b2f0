// Workload controllers: Deployment → ReplicaSet → Pods, StatefulSet, DaemonSet, Job. They
// produce the status fields helm checks: helm 3 reads the new ReplicaSet's readyReplicas and
// Job status.failed/backoffLimit, helm 4 (kstatus) reads observedGeneration, replica counts and
// the Available / Progressing / Complete / Failed conditions.
import { canon, nowIso, randomSuffix } from './store.ts';
import type { Ctl } from './controllers.ts';
import { eligibleNodes } from './pods.ts';

const ownerRef = (o: any) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true });
export const controllerOf = (o: any) => (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
/** A short name-safe hash, like the pod-template-hash label (no vowels, so no words). */
const hash = (s: string) => {
  let h = 0xcbf29ce4;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).replace(/[aeiou]/g, 'x').padStart(7, 'z').slice(0, 10);
};
const withoutHash = (t: any) => {
  const { 'pod-template-hash': _h, 'controller-revision-hash': _c, ...labels } = t?.metadata?.labels ?? {};
  return canon({ ...t, metadata: { ...t?.metadata, labels } });
};
/** Go's omitempty: readyReplicas and friends disappear when zero. */
const omitZero = (o: Record<string, any>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0 && v !== undefined));

export function condition(prev: any[] | undefined, type: string, status: string, reason: string, message: string, withUpdate = false) {
  const old = prev?.find((c) => c.type === type);
  const now = nowIso();
  const lastTransitionTime = old?.status === status ? old.lastTransitionTime : now;
  const lastUpdateTime = old?.status === status && old.reason === reason && old.message === message ? old.lastUpdateTime : now;
  return { type, status, ...(withUpdate ? { lastUpdateTime } : {}), lastTransitionTime, reason, message };
}

function newPod(ctl: Ctl, owner: any, template: any, name: string, extra: { labels?: object; spec?: object } = {}) {
  return ctl.create({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: owner.metadata.namespace, labels: { ...template.metadata?.labels, ...extra.labels },
      annotations: template.metadata?.annotations, ownerReferences: [ownerRef(owner)],
    },
    spec: { ...structuredClone(template.spec), ...extra.spec },
  });
}

export function reconcileDeployment(ctl: Ctl, d: any) {
  const sets = ctl.owned('ReplicaSet', 'apps/v1', d);
  const want = withoutHash(d.spec.template);
  let cur = sets.find((rs) => withoutHash(rs.spec.template) === want);
  const maxRev = Math.max(0, ...sets.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
  if (!cur) {
    let h = hash(want);
    while (sets.some((rs) => rs.metadata.name === `${d.metadata.name}-${h}`)) h = hash(h + want);
    const t = structuredClone(d.spec.template);
    t.metadata = { ...t.metadata, labels: { ...t.metadata?.labels, 'pod-template-hash': h } };
    cur = ctl.create({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${h}`, namespace: d.metadata.namespace, labels: t.metadata.labels,
        annotations: { 'deployment.kubernetes.io/revision': String(maxRev + 1), 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas) },
        ownerReferences: [ownerRef(d)],
      },
      spec: {
        replicas: d.spec.replicas, minReadySeconds: d.spec.minReadySeconds,
        selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': h } }, template: t,
      },
    });
    ctl.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${cur.metadata.name} from 0 to ${d.spec.replicas}`, 'deployment-controller', `up:${cur.metadata.name}`);
  } else {
    const rev = Number(cur.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
    const annotations = { ...cur.metadata.annotations, 'deployment.kubernetes.io/revision': String(rev < maxRev ? maxRev + 1 : rev) };
    ctl.update({ ...cur, metadata: { ...cur.metadata, annotations }, spec: { ...cur.spec, replicas: d.spec.replicas } });
  }
  const rev = ctl.store.all('ReplicaSet', 'apps/v1').find((r) => r.metadata.uid === cur.metadata.uid)?.metadata.annotations?.['deployment.kubernetes.io/revision'];
  ctl.update({ ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': rev } } });
  for (const old of sets) {
    if (old.metadata.uid === cur.metadata.uid || old.spec.replicas === 0) continue;
    ctl.update({ ...old, spec: { ...old.spec, replicas: 0 } });
    ctl.event(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${old.spec.replicas} to 0`, 'deployment-controller', `down:${old.metadata.name}:${old.metadata.resourceVersion}`);
  }
}

export function reconcileReplicaSet(ctl: Ctl, rs: any) {
  const pods = ctl.owned('Pod', 'v1', rs);
  for (let i = pods.length; i < (rs.spec.replicas ?? 1); i++) {
    const p = newPod(ctl, rs, rs.spec.template, `${rs.metadata.name}-${randomSuffix()}`);
    ctl.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`, 'replicaset-controller', `create:${p.metadata.name}`);
  }
  const ready = (p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
  for (const p of pods.sort((a, b) => Number(ready(a)) - Number(ready(b))).slice(0, Math.max(0, pods.length - (rs.spec.replicas ?? 1)))) {
    ctl.remove(p);
    ctl.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller', `delete:${p.metadata.name}`);
  }
}

export function replicaSetStatus(ctl: Ctl, rs: any) {
  const pods = ctl.owned('Pod', 'v1', rs);
  const ready = pods.filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
  ctl.update({
    ...rs,
    status: { replicas: pods.length, ...omitZero({ fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready }), observedGeneration: rs.metadata.generation },
  });
}

// What helm 4 (kstatus) reads: observedGeneration, replica counts, Available and Progressing.
export function deploymentStatus(ctl: Ctl, d: any) {
  const sets = ctl.owned('ReplicaSet', 'apps/v1', d);
  const cur = sets.find((rs) => withoutHash(rs.spec.template) === withoutHash(d.spec.template));
  if (!cur) return;
  const sum = (f: string) => sets.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);
  const want = d.spec.replicas, replicas = sum('replicas'), available = sum('availableReplicas');
  const updated = cur.status?.replicas ?? 0, curAvailable = cur.status?.availableReplicas ?? 0;
  const maxUnavail = d.spec.strategy?.type === 'RollingUpdate' ? scaled(d.spec.strategy.rollingUpdate?.maxUnavailable, want, false) : 0;
  const done = updated === want && curAvailable === want && replicas === want;
  const prev = d.status?.conditions;
  ctl.update({
    ...d,
    status: {
      observedGeneration: d.metadata.generation,
      ...omitZero({ replicas, updatedReplicas: updated, readyReplicas: sum('readyReplicas'), availableReplicas: available, unavailableReplicas: Math.max(0, want - available) }),
      conditions: [
        available >= want - maxUnavail
          ? condition(prev, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', true)
          : condition(prev, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', true),
        done
          ? condition(prev, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${cur.metadata.name}" has successfully progressed.`, true)
          : condition(prev, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${cur.metadata.name}" is progressing.`, true),
      ],
    },
  });
}

export function reconcileStatefulSet(ctl: Ctl, s: any) {
  const rev = `${s.metadata.name}-${hash(withoutHash(s.spec.template))}`;
  const pods = ctl.owned('Pod', 'v1', s);
  for (const p of pods) {
    const idx = Number(p.metadata.name.slice(s.metadata.name.length + 1));
    if (p.metadata.labels?.['controller-revision-hash'] !== rev || idx >= s.spec.replicas) ctl.remove(p);
  }
  for (let i = 0; i < s.spec.replicas; i++) {
    const name = `${s.metadata.name}-${i}`;
    if (ctl.store.all('Pod', 'v1').some((p) => p.metadata.namespace === s.metadata.namespace && p.metadata.name === name)) continue;
    const volumes = [...(s.spec.template.spec.volumes ?? [])];
    for (const t of s.spec.volumeClaimTemplates ?? []) {
      const claimName = `${t.metadata.name}-${name}`;
      volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName } });
      if (!ctl.store.all('PersistentVolumeClaim', 'v1').some((c) => c.metadata.namespace === s.metadata.namespace && c.metadata.name === claimName)) {
        ctl.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claimName, namespace: s.metadata.namespace, labels: s.spec.selector?.matchLabels }, spec: structuredClone(t.spec) });
      }
    }
    newPod(ctl, s, s.spec.template, name, {
      labels: { 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
      spec: { volumes, hostname: name, subdomain: s.spec.serviceName },
    });
    ctl.event(s, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${s.metadata.name} successful`, 'statefulset-controller', `create:${name}:${rev}`);
  }
  const live = ctl.owned('Pod', 'v1', s), ready = live.filter(isReady).length;
  ctl.update({
    ...s,
    status: {
      observedGeneration: s.metadata.generation, replicas: live.length,
      ...omitZero({ readyReplicas: ready, currentReplicas: live.length, updatedReplicas: live.length, availableReplicas: ready }),
      currentRevision: rev, updateRevision: rev, collisionCount: 0,
    },
  });
}

export function reconcileDaemonSet(ctl: Ctl, ds: any) {
  const rev = hash(withoutHash(ds.spec.template));
  const nodes = eligibleNodes(ctl, { spec: ds.spec.template.spec }).map((n) => n.metadata.name);
  const pods = ctl.owned('Pod', 'v1', ds);
  for (const p of pods) if (p.metadata.labels?.['controller-revision-hash'] !== rev || !nodes.includes(p.spec.nodeName)) ctl.remove(p);
  for (const node of nodes) {
    if (ctl.owned('Pod', 'v1', ds).some((p) => p.spec.nodeName === node)) continue;
    newPod(ctl, ds, ds.spec.template, `${ds.metadata.name}-${randomSuffix()}`, { labels: { 'controller-revision-hash': rev }, spec: { nodeName: node } });
  }
  const live = ctl.owned('Pod', 'v1', ds), ready = live.filter(isReady).length;
  ctl.update({
    ...ds,
    status: {
      observedGeneration: ds.metadata.generation, desiredNumberScheduled: nodes.length, currentNumberScheduled: live.length,
      numberMisscheduled: 0, numberReady: ready, ...omitZero({ updatedNumberScheduled: live.length, numberAvailable: ready, numberUnavailable: nodes.length - ready }),
    },
  });
}

export function reconcileJob(ctl: Ctl, j: any) {
  if (j.spec.suspend || finished(j)) return;
  if (ctl.owned('Pod', 'v1', j).length) return;
  const p = newPod(ctl, j, j.spec.template, `${j.metadata.name}-${randomSuffix()}`);
  ctl.event(j, 'Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`, 'job-controller');
}

// Complete or Failed the way helm reads it: helm 3 compares status.failed with backoffLimit,
// helm 3 hooks and kstatus read the Complete / Failed conditions.
export function jobStatus(ctl: Ctl, j: any) {
  const pods = ctl.owned('Pod', 'v1', j);
  if (finished(j) || !pods.length) return;
  const prev = j.status?.conditions;
  const startTime = j.status?.startTime ?? nowIso();
  const p = pods[0];
  if (p.status?.phase === 'Succeeded') {
    ctl.update({ ...j, status: { startTime, completionTime: nowIso(), succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
      conditions: [condition(prev, 'SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        condition(prev, 'Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods')] } });
    ctl.event(j, 'Normal', 'Completed', 'Job completed', 'job-controller');
  } else if (p.status?.phase === 'Failed') {
    const msg = 'Job has reached the specified backoff limit';
    ctl.update({ ...j, status: { startTime, failed: (j.spec.backoffLimit ?? 6) + 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
      conditions: [condition(prev, 'FailureTarget', 'True', 'BackoffLimitExceeded', msg), condition(prev, 'Failed', 'True', 'BackoffLimitExceeded', msg)] } });
    ctl.event(j, 'Warning', 'BackoffLimitExceeded', msg, 'job-controller');
  } else {
    ctl.update({ ...j, status: { startTime, active: 1, ready: isReady(p) ? 1 : 0, terminating: 0, uncountedTerminatedPods: {} } });
  }
}

// Binds claims (WaitForFirstConsumer ones once a scheduled pod uses them) unless switched off.

const isReady = (p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
const finished = (j: any) => (j.status?.conditions ?? []).some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** intstr percentages as the deployment controller rounds them. */
function scaled(v: string | number | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const pct = Number(v.replace('%', '')) / 100 * total;
  return roundUp ? Math.ceil(pct) : Math.floor(pct);
}
