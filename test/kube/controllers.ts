// The controllers a cluster runs, reduced to what helm's readiness checks and an installer's
// "why is it stuck" look at. Level-triggered: every pass looks at the whole (small) cluster and
// writes only what changed, so switches flipped mid-run take effect on the next pass. A pass
// runs after every write, at the next due delay, and every 200 ms.
import { randomBytes } from 'node:crypto';
import { type Store, nowIso } from './store.ts';
import { reconcilePod } from './pods.ts';
import { finishDeletions } from './finalizers.ts';
import {
  condition, controllerOf, deploymentStatus, jobStatus, reconcileDaemonSet, reconcileDeployment, reconcileJob,
  reconcileReplicaSet, reconcileStatefulSet, replicaSetStatus,
} from './workloads.ts';

/** Failure modes tests flip at run time; the next controller pass (≤ 200 ms) applies them. */
export interface Switches {
  /** Deployment (or StatefulSet/DaemonSet) names whose pods run but never pass readiness. */
  neverReady: Set<string>;
  /** Workload names whose pods stay Pending in ImagePullBackOff ("Back-off pulling image ..."). */
  imagePullError: Set<string>;
  /** Job names (hooks included) whose pod fails: Job Failed/BackoffLimitExceeded, error in the pod log. */
  failJobs: Set<string>;
  /** LoadBalancer Services never get status.loadBalancer.ingress (SyncLoadBalancerFailed event). */
  lbNeverAddress: boolean;
  /** SelfSubjectAccessReview says allowed:false for "verb:resource" entries, or everything with "*". */
  denyVerbs: Set<string>;
  /** PVCs stay Pending; pods using them are unschedulable (FailedScheduling event). */
  unboundClaims: boolean;
  /** Every request answers 503 and open watches are dropped. */
  unavailable: boolean;
  /** Requests this says yes to answer 503 (a partial outage, or one client's requests only); watches stay. */
  unavailableFor?: (req: { method: string; path: string; query: Record<string, string>; userAgent?: string }) => boolean;
  /** Milliseconds a request waits before it is served (an API slow for some requests). */
  delayFor?: (req: { method: string; path: string; query: Record<string, string>; userAgent?: string }) => number;
  /** Namespaces that stay Terminating once deleted (NamespaceDeletionDiscoveryFailure), like a cluster with a broken aggregated API. */
  stuckNamespaces: Set<string>;
}

export interface ControllerConfig {
  readyDelayMs: number;
  jobDelayMs: number;
  lbDelayMs: number;
  lbAddress: { ip: string } | { hostname: string };
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
  private reported = new Set<string>();

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
      for (const o of this.store.all(kind, apiVersion)) {
        const live = this.store.get(ri, o.metadata.namespace, o.metadata.name);   // earlier steps may have changed it
        // Objects being deleted are finalizers.ts's business; workloads stop reconciling them.
        if (!live || live.metadata.deletionTimestamp) continue;
        try { fn(live); } catch (e) {
          // A reconcile error is a bug in this fake: say so once instead of failing silently.
          const msg = `fake-kube: ${kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(e as Error).message}`;
          if (!this.reported.has(msg)) { this.reported.add(msg); console.error(msg); }
        }
      }
    };
    try { finishDeletions(this); } catch (e) {
      const msg = `fake-kube: finishing deletions: ${(e as Error).stack}`;
      if (!this.reported.has(msg)) { this.reported.add(msg); console.error(msg); }
    }
    each('CustomResourceDefinition', 'apiextensions.k8s.io/v1', (o) => this.crd(o));
    each('Deployment', 'apps/v1', (o) => reconcileDeployment(this, o));
    each('ReplicaSet', 'apps/v1', (o) => reconcileReplicaSet(this, o));
    each('StatefulSet', 'apps/v1', (o) => reconcileStatefulSet(this, o));
    each('DaemonSet', 'apps/v1', (o) => reconcileDaemonSet(this, o));
    each('Job', 'batch/v1', (o) => reconcileJob(this, o));
    each('PersistentVolumeClaim', 'v1', (o) => this.claim(o));
    each('Pod', 'v1', (o) => reconcilePod(this, o, this.podOwner(o)));
    each('PersistentVolumeClaim', 'v1', (o) => this.claim(o));
    each('PersistentVolume', 'v1', (o) => this.volume(o));
    each('Service', 'v1', (o) => this.service(o));
    each('ReplicaSet', 'apps/v1', (o) => replicaSetStatus(this, o));
    each('Deployment', 'apps/v1', (o) => deploymentStatus(this, o));
    each('Job', 'batch/v1', (o) => jobStatus(this, o));
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
    // The provisioner's volume: it takes the class's reclaim policy, which admins may later patch
    // on the volume itself (kubectl patch pv … persistentVolumeReclaimPolicy=Retain).
    try {
      this.create({
        apiVersion: 'v1', kind: 'PersistentVolume',
        metadata: { name: volumeName, annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner } },
        spec: {
          capacity: { storage: c.spec.resources?.requests?.storage ?? '1Gi' }, accessModes: c.spec.accessModes ?? ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete', storageClassName: name, volumeMode: c.spec.volumeMode ?? 'Filesystem',
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: c.metadata.namespace, name: c.metadata.name, uid: c.metadata.uid },
          csi: { driver: sc.provisioner, volumeHandle: volumeName },
        },
        status: { phase: 'Bound' },
      });
    } catch { /* made on an earlier pass */ }
    this.update({
      ...c,
      metadata: { ...c.metadata, annotations: { ...c.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.kubernetes.io/storage-provisioner': sc.provisioner } },
      spec: { ...c.spec, volumeName },
      status: { phase: 'Bound', accessModes: c.spec.accessModes, capacity: { storage: c.spec.resources?.requests?.storage ?? '1Gi' } },
    });
    this.event(c, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volumeName}`, sc.provisioner);
  }

  /** A volume whose claim is gone: deleted (reclaim policy Delete) or kept as Released (Retain). */
  private volume(pv: any) {
    const ref = pv.spec.claimRef;
    if (!ref || pv.status?.phase === 'Released') return;
    const claim = this.store.all('PersistentVolumeClaim', 'v1').find((c) => c.metadata.namespace === ref.namespace && c.metadata.name === ref.name && c.metadata.uid === ref.uid);
    if (claim) return;
    if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') {
      this.remove(pv);
    } else {
      this.update({ ...pv, status: { ...pv.status, phase: 'Released' } });
    }
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

