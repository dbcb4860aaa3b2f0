// The controllers a cluster runs, reduced to what helm's readiness checks and an installer's
// "why is it stuck" look at. Level-triggered: every pass looks at the whole (small) cluster and
// writes only what changed, so switches flipped mid-run take effect on the next pass. A pass
// runs after every write, at the next due delay, and every 200 ms.
import { randomBytes } from 'node:crypto';
import { type Store, canon, nowIso, randomSuffix } from './store.ts';
import { eligibleNodes, reconcilePod } from './pods.ts';

export interface Switches {
  neverReady: Set<string>;
  imagePullError: Set<string>;
  failJobs: Set<string>;
  lbNeverAddress: boolean;
  denyVerbs: Set<string>;
  unboundClaims: boolean;
  unavailable: boolean;
}

export interface ControllerConfig {
  readyDelayMs: number;
  jobDelayMs: number;
  lbDelayMs: number;
  lbAddress: { ip: string } | { hostname: string };
}

const ownerRef = (o: any) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true });
const controllerOf = (o: any) => (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
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

function condition(prev: any[] | undefined, type: string, status: string, reason: string, message: string, withUpdate = false) {
  const old = prev?.find((c) => c.type === type);
  const now = nowIso();
  const lastTransitionTime = old?.status === status ? old.lastTransitionTime : now;
  const lastUpdateTime = old?.status === status && old.reason === reason && old.message === message ? old.lastUpdateTime : now;
  return { type, status, ...(withUpdate ? { lastUpdateTime } : {}), lastTransitionTime, reason, message };
}

export class Ctl {
  private born = new Map<string, number>();
  private recorded = new Set<string>();
  private ips = new Map<string, string>();
  private lbIndex = new Map<string, number>();
  private nextWake = Infinity;
  private wakeTimer?: NodeJS.Timeout;
  private tick: NodeJS.Timeout;
  private scheduled = false;
  private stopped = false;
  errors: string[] = [];

  constructor(readonly store: Store, readonly cfg: ControllerConfig, readonly switches: Switches) {
    store.subscribe(() => this.kick());
    this.tick = setInterval(() => this.kick(), 200);
    this.tick.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.tick);
    clearTimeout(this.wakeTimer);
  }

  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => { this.scheduled = false; if (!this.stopped) this.pass(); });
  }

  // ---- helpers the reconcilers share ----
  private ri(kind: string, apiVersion: string) { return this.store.registry.byKind(apiVersion, kind)!; }
  update(o: any): any { return this.store.update(this.ri(o.kind, o.apiVersion), o, { controller: true }); }
  create(o: any): any { return this.store.create(this.ri(o.kind, o.apiVersion), o); }
  remove(o: any): void {
    try { this.store.delete(this.ri(o.kind, o.apiVersion), o.metadata.namespace, o.metadata.name); } catch { /* already gone */ }
  }
  nodes(): any[] { return this.store.all('Node', 'v1'); }
  owned(kind: string, apiVersion: string, owner: any): any[] {
    return this.store.all(kind, apiVersion).filter((o) => o.metadata.namespace === owner.metadata.namespace && controllerOf(o)?.uid === owner.metadata.uid);
  }
  /** True once `ms` have passed since the controllers first saw `o`; otherwise wakes up then. */
  due(o: any, ms: number): boolean {
    const uid = o.metadata.uid;
    if (!this.born.has(uid)) this.born.set(uid, Date.now());
    const at = this.born.get(uid)! + ms;
    if (Date.now() >= at) return true;
    if (at < this.nextWake) {
      this.nextWake = at;
      clearTimeout(this.wakeTimer);
      this.wakeTimer = setTimeout(() => { this.nextWake = Infinity; this.kick(); }, at - Date.now() + 1);
    }
    return false;
  }
  /** Records a v1 Event once per object and reason, as installers read them to explain a failure. */
  event(o: any, type: string, reason: string, message: string, component: string, key = reason): void {
    const k = `${o.metadata.uid}|${key}`;
    if (this.recorded.has(k)) return;
    this.recorded.add(k);
    const ts = nowIso();
    try {
      this.create({
        apiVersion: 'v1', kind: 'Event',
        metadata: { name: `${o.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: o.metadata.namespace ?? 'default' },
        involvedObject: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion },
        reason, message, type, count: 1, firstTimestamp: ts, lastTimestamp: ts, eventTime: null,
        source: { component }, reportingComponent: component, reportingInstance: '',
      });
    } catch { /* namespace already gone */ }
  }
  podIp(pod: any): string {
    if (!this.ips.has(pod.metadata.uid)) { const n = this.ips.size + 2; this.ips.set(pod.metadata.uid, `10.244.${Math.floor(n / 250)}.${n % 250}`); }
    return this.ips.get(pod.metadata.uid)!;
  }
  nodeIp(name: string): string {
    const i = this.nodes().findIndex((n) => n.metadata.name === name);
    return `10.0.0.${i + 10}`;
  }

  // ---- one pass over the cluster ----
  private pass(): void {
    const each = (kind: string, apiVersion: string, fn: (o: any) => void) => {
      const ri = this.ri(kind, apiVersion);
      for (const o of this.store.list(ri)) {
        const live = this.store.get(ri, o.metadata.namespace, o.metadata.name);   // earlier steps may have changed it
        if (!live) continue;
        try { fn(live); } catch (e) { this.errors.push(`${kind} ${o.metadata.name}: ${(e as Error).message}`); }
      }
    };
    each('CustomResourceDefinition', 'apiextensions.k8s.io/v1', (o) => this.crd(o));
    each('Deployment', 'apps/v1', (o) => this.deployment(o));
    each('ReplicaSet', 'apps/v1', (o) => this.replicaSet(o));
    each('StatefulSet', 'apps/v1', (o) => this.statefulSet(o));
    each('DaemonSet', 'apps/v1', (o) => this.daemonSet(o));
    each('Job', 'batch/v1', (o) => this.job(o));
    each('PersistentVolumeClaim', 'v1', (o) => this.claim(o));
    each('Pod', 'v1', (o) => reconcilePod(this, o, this.podOwner(o)));
    each('PersistentVolumeClaim', 'v1', (o) => this.claim(o));
    each('Service', 'v1', (o) => this.service(o));
    each('ReplicaSet', 'apps/v1', (o) => this.replicaSetStatus(o));
    each('Deployment', 'apps/v1', (o) => this.deploymentStatus(o));
    each('Job', 'batch/v1', (o) => this.jobStatus(o));
  }

  /** The workload name the switches refer to (Deployment/StatefulSet/DaemonSet), or the Job. */
  private podOwner(pod: any): { workload?: string; job?: any } {
    const ref = controllerOf(pod);
    if (!ref) return {};
    if (ref.kind === 'Job') return { job: this.store.all('Job', 'batch/v1').find((j) => j.metadata.uid === ref.uid) };
    if (ref.kind === 'ReplicaSet') {
      const rs = this.store.all('ReplicaSet', 'apps/v1').find((r) => r.metadata.uid === ref.uid);
      const dep = rs && controllerOf(rs);
      return { workload: dep?.kind === 'Deployment' ? dep.name : ref.name };
    }
    return { workload: ref.name };
  }

  private newPod(owner: any, template: any, name: string, extra: { labels?: object; spec?: object } = {}) {
    return this.create({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name, namespace: owner.metadata.namespace, labels: { ...template.metadata?.labels, ...extra.labels },
        annotations: template.metadata?.annotations, ownerReferences: [ownerRef(owner)],
      },
      spec: { ...structuredClone(template.spec), ...extra.spec },
    });
  }

  private crd(crd: any) {
    const storage = (crd.spec.versions ?? []).find((v: any) => v.storage)?.name;
    this.update({
      ...crd,
      status: {
        conditions: [
          condition(crd.status?.conditions, 'NamesAccepted', 'True', 'NoConflicts', 'no conflicts found'),
          condition(crd.status?.conditions, 'Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'),
        ],
        acceptedNames: crd.spec.names, storedVersions: storage ? [storage] : [],
      },
    });
  }

  // Deployment → one ReplicaSet per pod template (found again on rollback), old ones scaled to 0.
  private deployment(d: any) {
    const sets = this.owned('ReplicaSet', 'apps/v1', d);
    const want = withoutHash(d.spec.template);
    let cur = sets.find((rs) => withoutHash(rs.spec.template) === want);
    const maxRev = Math.max(0, ...sets.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
    if (!cur) {
      let h = hash(want);
      while (sets.some((rs) => rs.metadata.name === `${d.metadata.name}-${h}`)) h = hash(h + want);
      const t = structuredClone(d.spec.template);
      t.metadata = { ...t.metadata, labels: { ...t.metadata?.labels, 'pod-template-hash': h } };
      cur = this.create({
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
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${cur.metadata.name} from 0 to ${d.spec.replicas}`, 'deployment-controller', `up:${cur.metadata.name}`);
    } else {
      const rev = Number(cur.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      const annotations = { ...cur.metadata.annotations, 'deployment.kubernetes.io/revision': String(rev < maxRev ? maxRev + 1 : rev) };
      this.update({ ...cur, metadata: { ...cur.metadata, annotations }, spec: { ...cur.spec, replicas: d.spec.replicas } });
    }
    const rev = this.store.all('ReplicaSet', 'apps/v1').find((r) => r.metadata.uid === cur.metadata.uid)?.metadata.annotations?.['deployment.kubernetes.io/revision'];
    this.update({ ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': rev } } });
    for (const old of sets) {
      if (old.metadata.uid === cur.metadata.uid || old.spec.replicas === 0) continue;
      this.update({ ...old, spec: { ...old.spec, replicas: 0 } });
      this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${old.spec.replicas} to 0`, 'deployment-controller', `down:${old.metadata.name}:${old.metadata.resourceVersion}`);
    }
  }

  private replicaSet(rs: any) {
    const pods = this.owned('Pod', 'v1', rs);
    for (let i = pods.length; i < (rs.spec.replicas ?? 1); i++) {
      const p = this.newPod(rs, rs.spec.template, `${rs.metadata.name}-${randomSuffix()}`);
      this.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`, 'replicaset-controller', `create:${p.metadata.name}`);
    }
    const ready = (p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
    for (const p of pods.sort((a, b) => Number(ready(a)) - Number(ready(b))).slice(0, Math.max(0, pods.length - (rs.spec.replicas ?? 1)))) {
      this.remove(p);
      this.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller', `delete:${p.metadata.name}`);
    }
  }

  private replicaSetStatus(rs: any) {
    const pods = this.owned('Pod', 'v1', rs);
    const ready = pods.filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
    this.update({
      ...rs,
      status: { replicas: pods.length, ...omitZero({ fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready }), observedGeneration: rs.metadata.generation },
    });
  }

  // What helm 4 (kstatus) reads: observedGeneration, replica counts, Available and Progressing.
  private deploymentStatus(d: any) {
    const sets = this.owned('ReplicaSet', 'apps/v1', d);
    const cur = sets.find((rs) => withoutHash(rs.spec.template) === withoutHash(d.spec.template));
    if (!cur) return;
    const sum = (f: string) => sets.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);
    const want = d.spec.replicas, replicas = sum('replicas'), available = sum('availableReplicas');
    const updated = cur.status?.replicas ?? 0, curAvailable = cur.status?.availableReplicas ?? 0;
    const maxUnavail = d.spec.strategy?.type === 'RollingUpdate' ? scaled(d.spec.strategy.rollingUpdate?.maxUnavailable, want, false) : 0;
    const done = updated === want && curAvailable === want && replicas === want;
    const prev = d.status?.conditions;
    this.update({
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

  private statefulSet(s: any) {
    const rev = `${s.metadata.name}-${hash(withoutHash(s.spec.template))}`;
    const pods = this.owned('Pod', 'v1', s);
    for (const p of pods) {
      const idx = Number(p.metadata.name.slice(s.metadata.name.length + 1));
      if (p.metadata.labels?.['controller-revision-hash'] !== rev || idx >= s.spec.replicas) this.remove(p);
    }
    for (let i = 0; i < s.spec.replicas; i++) {
      const name = `${s.metadata.name}-${i}`;
      if (this.store.all('Pod', 'v1').some((p) => p.metadata.namespace === s.metadata.namespace && p.metadata.name === name)) continue;
      const volumes = [...(s.spec.template.spec.volumes ?? [])];
      for (const t of s.spec.volumeClaimTemplates ?? []) {
        const claimName = `${t.metadata.name}-${name}`;
        volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName } });
        if (!this.store.all('PersistentVolumeClaim', 'v1').some((c) => c.metadata.namespace === s.metadata.namespace && c.metadata.name === claimName)) {
          this.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claimName, namespace: s.metadata.namespace, labels: s.spec.selector?.matchLabels }, spec: structuredClone(t.spec) });
        }
      }
      this.newPod(s, s.spec.template, name, {
        labels: { 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
        spec: { volumes, hostname: name, subdomain: s.spec.serviceName },
      });
      this.event(s, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${s.metadata.name} successful`, 'statefulset-controller', `create:${name}:${rev}`);
    }
    const live = this.owned('Pod', 'v1', s), ready = live.filter(isReady).length;
    this.update({
      ...s,
      status: {
        observedGeneration: s.metadata.generation, replicas: live.length,
        ...omitZero({ readyReplicas: ready, currentReplicas: live.length, updatedReplicas: live.length, availableReplicas: ready }),
        currentRevision: rev, updateRevision: rev, collisionCount: 0,
      },
    });
  }

  private daemonSet(ds: any) {
    const rev = hash(withoutHash(ds.spec.template));
    const nodes = eligibleNodes(this, { spec: ds.spec.template.spec }).map((n) => n.metadata.name);
    const pods = this.owned('Pod', 'v1', ds);
    for (const p of pods) if (p.metadata.labels?.['controller-revision-hash'] !== rev || !nodes.includes(p.spec.nodeName)) this.remove(p);
    for (const node of nodes) {
      if (this.owned('Pod', 'v1', ds).some((p) => p.spec.nodeName === node)) continue;
      this.newPod(ds, ds.spec.template, `${ds.metadata.name}-${randomSuffix()}`, { labels: { 'controller-revision-hash': rev }, spec: { nodeName: node } });
    }
    const live = this.owned('Pod', 'v1', ds), ready = live.filter(isReady).length;
    this.update({
      ...ds,
      status: {
        observedGeneration: ds.metadata.generation, desiredNumberScheduled: nodes.length, currentNumberScheduled: live.length,
        numberMisscheduled: 0, numberReady: ready, ...omitZero({ updatedNumberScheduled: live.length, numberAvailable: ready, numberUnavailable: nodes.length - ready }),
      },
    });
  }

  private job(j: any) {
    if (j.spec.suspend || finished(j)) return;
    if (this.owned('Pod', 'v1', j).length) return;
    const p = this.newPod(j, j.spec.template, `${j.metadata.name}-${randomSuffix()}`);
    this.event(j, 'Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`, 'job-controller');
  }

  // Complete or Failed the way helm reads it: helm 3 compares status.failed with backoffLimit,
  // helm 3 hooks and kstatus read the Complete / Failed conditions.
  private jobStatus(j: any) {
    const pods = this.owned('Pod', 'v1', j);
    if (finished(j) || !pods.length) return;
    const prev = j.status?.conditions;
    const startTime = j.status?.startTime ?? nowIso();
    const p = pods[0];
    if (p.status?.phase === 'Succeeded') {
      this.update({ ...j, status: { startTime, completionTime: nowIso(), succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
        conditions: [condition(prev, 'SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'),
          condition(prev, 'Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods')] } });
      this.event(j, 'Normal', 'Completed', 'Job completed', 'job-controller');
    } else if (p.status?.phase === 'Failed') {
      const msg = 'Job has reached the specified backoff limit';
      this.update({ ...j, status: { startTime, failed: (j.spec.backoffLimit ?? 6) + 1, ready: 0, terminating: 0, uncountedTerminatedPods: {},
        conditions: [condition(prev, 'FailureTarget', 'True', 'BackoffLimitExceeded', msg), condition(prev, 'Failed', 'True', 'BackoffLimitExceeded', msg)] } });
      this.event(j, 'Warning', 'BackoffLimitExceeded', msg, 'job-controller');
    } else {
      this.update({ ...j, status: { startTime, active: 1, ready: isReady(p) ? 1 : 0, terminating: 0, uncountedTerminatedPods: {} } });
    }
  }

  // Binds claims (WaitForFirstConsumer ones once a scheduled pod uses them) unless switched off.
  private claim(c: any) {
    if (c.status?.phase === 'Bound') return;
    const name = c.spec.storageClassName;
    const sc = this.store.all('StorageClass', 'storage.k8s.io/v1').find((s) => s.metadata.name === name);
    if (!name) return this.event(c, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 'persistentvolume-controller');
    if (!sc) return this.event(c, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`, 'persistentvolume-controller');
    if (this.switches.unboundClaims) {
      return this.event(c, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, 'persistentvolume-controller');
    }
    if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
      const used = this.store.all('Pod', 'v1').some((p) => p.metadata.namespace === c.metadata.namespace && p.spec.nodeName &&
        (p.spec.volumes ?? []).some((v: any) => v.persistentVolumeClaim?.claimName === c.metadata.name));
      if (!used) return this.event(c, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'persistentvolume-controller');
    }
    const volumeName = `pvc-${c.metadata.uid}`;
    this.update({
      ...c,
      metadata: { ...c.metadata, annotations: { ...c.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.kubernetes.io/storage-provisioner': sc.provisioner } },
      spec: { ...c.spec, volumeName },
      status: { phase: 'Bound', accessModes: c.spec.accessModes, capacity: { storage: c.spec.resources?.requests?.storage ?? '1Gi' } },
    });
    this.event(c, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volumeName}`, sc.provisioner);
  }

  private service(s: any) {
    const ingress = s.status?.loadBalancer?.ingress;
    if (s.spec.type !== 'LoadBalancer') {
      if (ingress) this.update({ ...s, status: { ...s.status, loadBalancer: {} } });
      return;
    }
    if (ingress?.length) return;
    this.event(s, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', 'service-controller');
    if (this.switches.lbNeverAddress) {
      return this.event(s, 'Warning', 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: the fake cloud has no addresses left (lbNeverAddress)', 'service-controller');
    }
    if (!this.due(s, this.cfg.lbDelayMs)) return;
    if (!this.lbIndex.has(s.metadata.uid)) this.lbIndex.set(s.metadata.uid, this.lbIndex.size);
    const n = this.lbIndex.get(s.metadata.uid)!, a = this.cfg.lbAddress;
    const addr = 'ip' in a
      ? { ip: a.ip.replace(/\d+$/, (last) => String(Number(last) + n)), ipMode: 'VIP' }
      : { hostname: n ? a.hostname.replace(/^([^.]+)/, `$1-${n}`) : a.hostname };
    this.update({ ...s, status: { ...s.status, loadBalancer: { ingress: [addr] } } });
    this.event(s, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', 'service-controller');
  }
}

const isReady = (p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
const finished = (j: any) => (j.status?.conditions ?? []).some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** intstr percentages as the deployment controller rounds them. */
function scaled(v: string | number | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const pct = Number(v.replace('%', '')) / 100 * total;
  return roundUp ? Math.ceil(pct) : Math.floor(pct);
}
