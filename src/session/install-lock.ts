// One install per release at a time. Alongside preflight a run only LOOKS for another one, and
// preflight's findings are heard only if none is running (so a second run never reports the
// first one's release "pending" as stuck); it TAKES the cluster Lease once its checks have passed, right before its first write
// (a run whose checks fail leaves the cluster as it found it), renews it while it works, and
// gives it back at the end, whatever the outcome. On this machine it also leaves a run record,
// so `attach` can find the run's events.
import { hostname } from 'node:os';
import { FlowError, type EventBus } from '../flows/events.ts';
import type { KubeApis } from '../kube/apis.ts';
import { createNamespace, rememberNamespace } from '../kube/secrets.ts';
import { kubeErrorReason } from '../kube/connect.ts';
import { VERSION } from '../version.ts';
import { ANN, LEASE_DURATION_SECONDS, LEASE_RENEW_MS, LeaseClient, judgeLease, leaseView, statusOf, leaseName, type LeaseSpecInput, type LeaseIO } from './lease.ts';
import { currentUser, findRunRecord, holderIdentity, isThisHost, markRunEnded, parseHolder, runIsAlive, writeRunRecord, type RunRecord } from './run-record.ts';
import { eventsFileFor } from './events-file.ts';

/** The cluster side of a run: what the lock needs from flows/install.ts's Cluster. */
export interface LockCluster {
  target: { context: string; server: string };
  api: KubeApis;
}

/** An install of the release that is running now (as the Lease and the run record tell). */
export interface RunningInstall {
  release: string;
  namespace: string;
  holder: string;
  user?: string;
  host?: string;
  pid?: number;
  /** When it took the lock (ISO). */
  since?: string;
  renewedAgoMs?: number;
  /** How long the lock lasts without a renewal (the Lease's own duration). */
  leaseSeconds?: number;
  logFile?: string;
  eventsFile?: string;
  /** The preset (answers file) it installs, as that machine names it. */
  preset?: string;
  /** On this machine, its process alive: it can be followed. */
  local: boolean;
  /** An uninstall holds the lock too (it must not run beside an install, nor two at once). */
  operation?: 'install' | 'uninstall';
}

/** "install" or "uninstall": what the run holding the lock does. */
export const runningWhat = (r: { operation?: string }): 'install' | 'uninstall' => (r.operation === 'uninstall' ? 'uninstall' : 'install');

/** The `operation` field of a run record or RunningInstall: only an uninstall is marked (absent = install, as older runs wrote). */
const markedOperation = (op: string | undefined) => (op === 'uninstall' ? { operation: 'uninstall' as const } : {});

export function describeRunning(r: RunningInstall): string {
  const who = r.user && r.host ? `${r.user} on ${r.host}` : r.holder;
  return `started by ${who}${r.pid ? ` (pid ${r.pid})` : ''}${r.since ? ` at ${r.since}` : ''}${r.logFile ? `; its log: ${r.logFile}${r.local ? '' : ` (on ${r.host ?? 'that machine'})`}` : ''}`;
}

function attachCommandFor(r: { release: string; namespace: string }, context?: string): string {
  return `wallaroo-install attach --release ${r.release} -n ${r.namespace}${context ? ` --context ${context}` : ''}`;
}

/** Thrown when another run holds the lock; `run.local` says whether this machine can follow it. */
export class InstallRunning extends FlowError {
  constructor(readonly run: RunningInstall, context?: string) {
    const secs = run.leaseSeconds ?? LEASE_DURATION_SECONDS;
    const expiry = `if that machine is gone for good, the lock expires ${secs}s after its last renewal and the next run takes it over`;
    if (runningWhat(run) === 'uninstall') {
      // An uninstall keeps no events file to follow: wait for it, then decide again.
      super('E_UNINSTALL_RUNNING',
        `an uninstall of release ${run.release} in namespace ${run.namespace} is running: ${describeRunning(run)}`,
        `wait for it to end (\`wallaroo-install status\` shows the release), then run again${run.local ? '' : `; ${expiry}`}`, 1);
      return;
    }
    super('E_INSTALL_RUNNING',
      `an install of release ${run.release} in namespace ${run.namespace} is already running: ${describeRunning(run)}`,
      run.local
        ? `follow it with \`${attachCommandFor(run, context)}\`, or wait for it to end`
        : `wait for it to end (\`wallaroo-install status\` shows the release), or follow it on ${run.host ?? 'that machine'} with \`${attachCommandFor(run, context)}\`; ${expiry}`,
      1);
  }
}

function runningFrom(release: string, namespace: string, holder: string, view: { acquireTime?: Date; durationSeconds?: number; annotations: Record<string, string> }, renewedAgoMs: number | undefined): RunningInstall {
  const h = parseHolder(holder);
  const local = isThisHost(h.host) && h.pid !== undefined && runIsAlive(h.pid);
  return {
    release, namespace, holder, user: h.user, host: h.host, pid: h.pid,
    since: view.acquireTime?.toISOString(), renewedAgoMs, leaseSeconds: view.durationSeconds,
    logFile: view.annotations[ANN.logFile], eventsFile: view.annotations[ANN.eventsFile], preset: view.annotations[ANN.preset], local,
    ...markedOperation(view.annotations[ANN.operation]),
  };
}

const judgeNow = () => ({ now: new Date(), me: holderIdentity(), thisHost: hostname(), isAlive: runIsAlive });

/**
 * The install running for this release now, if any (read-only: for status, attach and the
 * wizard's first screen). A stale lock counts as none.
 */
export async function findRunningInstall(c: LockCluster, release: string, namespace: string): Promise<RunningInstall | undefined> {
  // This machine first: no API call needed, and it knows the events file even without a Lease
  // (a run that could not take one for lack of RBAC).
  const rec = findRunRecord({ server: c.target.server, namespace, release });
  if (rec && !rec.endedAt && rec.pid !== process.pid && runIsAlive(rec.pid)) {
    return { release, namespace, holder: rec.holder, user: rec.user, host: rec.host, pid: rec.pid, since: rec.startedAt, logFile: rec.logFile, eventsFile: rec.eventsFile, preset: rec.preset, local: true, ...markedOperation(rec.operation) };
  }
  let lease;
  try { lease = await (await LeaseClient.open(c.api, namespace, release)).read(); } catch { return undefined; }
  if (!lease) return undefined;
  const view = leaseView(lease);
  const v = judgeLease(view, judgeNow());
  if (v.state !== 'held') return undefined;
  return runningFrom(release, namespace, v.holder, view, v.renewedAgoMs);
}

/** With the checks: refuse (InstallRunning) when another run of this release is under way. */
export async function assertNoRunningInstall(c: LockCluster, target: { release: string; namespace: string }): Promise<void> {
  const run = await findRunningInstall(c, target.release, target.namespace);
  if (run) throw new InstallRunning(run, c.target.context);
}

export interface LockOptions {
  /** The run's log: its path (and its events file's) go into the Lease and the run record. */
  logFile?: string;
  /** The preset (answers file) this run installs: a second run with another one is told it was not applied. */
  preset?: string;
  /** The release namespace as preflight just found it (not asked again); asked when unknown. */
  namespace?: 'exists' | 'absent' | 'terminating';
  /** How the Lease is reached (a fake in unit tests). */
  openLease?: (c: LockCluster, namespace: string, release: string) => Promise<LeaseIO>;
  /** What this run does (install by default); an uninstall neither makes the namespace nor warns when it cannot lock a namespace that is gone. */
  operation?: 'install' | 'uninstall';
}

const openLease = (c: LockCluster, namespace: string, release: string): Promise<LeaseIO> => LeaseClient.open(c.api, namespace, release);

export interface Held {
  client?: LeaseIO;
  spec?: LeaseSpecInput;
  resourceVersion?: string;
  record: RunRecord;
}

async function acquire(bus: EventBus, c: LockCluster, release: string, namespace: string, o: LockOptions): Promise<Held> {
  const me = holderIdentity();
  const now = new Date();
  const eventsFile = o.logFile ? eventsFileFor(o.logFile) : undefined;
  const record: RunRecord = {
    server: c.target.server, namespace, release, context: c.target.context, pid: process.pid, host: hostname(), user: currentUser(),
    holder: me, startedAt: now.toISOString(), logFile: o.logFile, eventsFile, preset: o.preset, version: VERSION,
    ...markedOperation(o.operation),
  };
  const uninstall = o.operation === 'uninstall';
  const annotations: Record<string, string> = { [ANN.version]: VERSION };
  if (uninstall) annotations[ANN.operation] = 'uninstall';
  if (o.logFile) annotations[ANN.logFile] = o.logFile;
  if (eventsFile) annotations[ANN.eventsFile] = eventsFile;
  if (o.preset) annotations[ANN.preset] = o.preset;
  const without = (why: string): Held => {
    bus.emit({ type: 'warning', code: 'W_NO_INSTALL_LOCK', message: `cannot take the install lock (Lease ${leaseName(release)} in namespace ${namespace}): ${why}; ${uninstall ? 'an install of this release could run at the same time as this uninstall' : 'another install of this release could run at the same time'}`,
      fix: `allow create/update/delete of leases (coordination.k8s.io) in namespace ${namespace}, and make sure nobody else ${uninstall ? 'installs or uninstalls' : 'installs'} this release meanwhile` });
    return { record };
  };

  // This machine's own record first: it also covers a run that could not take a Lease.
  const mine = findRunRecord(record);
  if (mine && !mine.endedAt && mine.pid !== process.pid && runIsAlive(mine.pid)) {
    throw new InstallRunning({ release, namespace, holder: mine.holder, user: mine.user, host: mine.host, pid: mine.pid, since: mine.startedAt, logFile: mine.logFile, eventsFile: mine.eventsFile, preset: mine.preset, local: true, ...markedOperation(mine.operation) }, c.target.context);
  }

  // The Lease lives in the release namespace; on a first install that namespace is created
  // here, as the first write of the run, so the lock exists before anything else is written.
  try {
    // What preflight found a moment ago saves asking again (one round trip less).
    const ns = o.namespace === 'exists' ? { status: { phase: 'Active' } } : o.namespace === 'terminating' ? { status: { phase: 'Terminating' } }
      : o.namespace === 'absent' ? undefined
        : await c.api.core.readNamespace({ name: namespace }).catch((e) => { if (statusOf(e) === 404) return undefined; throw e; });
    if (ns?.status?.phase === 'Terminating') return { record }; // preflight reports it and stops
    if (ns) rememberNamespace(c.api, namespace);
    // An uninstall never makes the namespace: without it there is nothing of the release to guard.
    if (!ns && uninstall) return { record };
    if (!ns) {
      await createNamespace(c.api, namespace);
      bus.emit({ type: 'info', message: `namespace ${namespace} created (it holds the install lock)` });
    }
  } catch (e) {
    // The API cannot be reached at all: preflight says so, with its fix; no lock is needed then.
    return statusOf(e) === undefined ? { record } : without(kubeErrorReason(e));
  }

  const client = await (o.openLease ?? openLease)(c, namespace, release);
  // Nearly every run finds no Lease (the check beside preflight just looked): create it at
  // once, and read only when one is there (409). One round trip less on the way to helm.
  const first: LeaseSpecInput = { holder: me, acquireTime: now, renewTime: now, transitions: 0, annotations };
  const createFirst = async () => {
    const written = await client.create(first);
    return { client, spec: first, resourceVersion: written.metadata?.resourceVersion, record };
  };
  try {
    return await createFirst();
  } catch (e) {
    // The namespace preflight saw is gone by now: made again, then the Lease in it.
    if (statusOf(e) === 404 && o.namespace === 'exists') {
      try {
        await createNamespace(c.api, namespace);
        bus.emit({ type: 'info', message: `namespace ${namespace} created (it holds the install lock)` });
        return await createFirst();
      } catch (again) {
        if (statusOf(again) !== 409) return without(kubeErrorReason(again));
      }
    } else if (statusOf(e) !== 409) {
      // No right to create Leases: a lock someone else holds is still a reason to stop.
      const other = await client.read().catch(() => undefined);
      const view = other ? leaseView(other) : undefined;
      const v = judgeLease(view, judgeNow());
      if (v.state === 'held') throw new InstallRunning(runningFrom(release, namespace, v.holder, view!, v.renewedAgoMs), c.target.context);
      return without(kubeErrorReason(e));
    }
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    let lease;
    try { lease = await client.read(); } catch (e) { return without(kubeErrorReason(e)); }
    const view = lease ? leaseView(lease) : undefined;
    const v = judgeLease(view, judgeNow());
    if (v.state === 'held') throw new InstallRunning(runningFrom(release, namespace, v.holder, view!, v.renewedAgoMs), c.target.context);
    const spec: LeaseSpecInput = { holder: me, acquireTime: now, renewTime: now, transitions: (lease?.spec?.leaseTransitions ?? -1) + 1, annotations };
    try {
      const written = lease ? await client.replace(spec, lease.metadata!.resourceVersion!) : await client.create(spec);
      if (v.state === 'stale') {
        bus.emit({ type: 'warning', code: 'W_LOCK_TAKEN_OVER', message: `took over the install lock of release ${release} from ${v.holder}: ${v.why}`,
          fix: `if that ${view?.annotations[ANN.operation] === 'uninstall' ? 'uninstall' : 'install'} is in fact still running, stop this ${uninstall ? 'uninstall' : 'install'} (Ctrl-C) and check \`wallaroo-install status\`` });
      }
      return { client, spec, resourceVersion: written.metadata?.resourceVersion, record };
    } catch (e) {
      if (statusOf(e) === 409) continue; // another run wrote it between our read and write: look again
      return without(kubeErrorReason(e));
    }
  }
  return without('it kept changing under us (another run is starting at the same moment)');
}

/** Renews the Lease until stopped; says so (once) if another run took it over meanwhile. */
export function heartbeat(bus: EventBus, h: Held, everyMs = LEASE_RENEW_MS): () => Promise<void> {
  if (!h.client || !h.spec) return async () => {};
  const client = h.client;
  let lastOk = Date.now();
  let lost = false;
  let warnedOutage = false;
  const beat = async () => {
    if (lost) return;
    const spec = { ...h.spec!, renewTime: new Date() };
    try {
      const w = await client.replace(spec, h.resourceVersion!);
      h.resourceVersion = w.metadata?.resourceVersion;
      h.spec = spec;
      lastOk = Date.now();
      warnedOutage = false;
    } catch (e) {
      if (statusOf(e) === 409 || statusOf(e) === 404) {
        // Changed under us: still ours (someone only touched it)? Then carry on from its version.
        const now = await client.read().catch(() => undefined);
        if (now?.spec?.holderIdentity === h.spec!.holder) { h.resourceVersion = now.metadata?.resourceVersion; return; }
        lost = true;
        bus.emit({ type: 'warning', code: 'W_LOCK_LOST', message: `the install lock of release ${client.name.replace(/^wallaroo-install-/, '')} was ${now ? `taken over by ${now.spec?.holderIdentity}` : 'deleted'} while this ${runningWhat(h.record)} runs`,
          fix: `make sure no other install of this release is running (\`wallaroo-install status\`); this ${runningWhat(h.record)} carries on` });
        return;
      }
      if (!warnedOutage && Date.now() - lastOk > LEASE_DURATION_SECONDS * 1000) {
        warnedOutage = true;
        bus.emit({ type: 'warning', code: 'W_LOCK_NOT_RENEWED', message: `the install lock could not be renewed for ${LEASE_DURATION_SECONDS}s (${kubeErrorReason(e)}): another run may now take it over`, fix: `check the connection to the cluster; this ${runningWhat(h.record)} carries on` });
      }
    }
  };
  // One beat at a time: a tick while one is still out (a slow API) is skipped, not queued.
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || inFlight) return;
    inFlight = beat().finally(() => { inFlight = undefined; });
  }, everyMs);
  timer.unref();
  // Stopped: no new beat. The one still out, if any, is waited for (its version is then the
  // last one written), but not for long: an API that hangs must not hold up the end of the run.
  return async () => {
    stopped = true;
    clearInterval(timer);
    if (!inFlight) return;
    let t: NodeJS.Timeout | undefined;
    await Promise.race([inFlight, new Promise<void>((r) => { t = setTimeout(r, STOP_WAIT_MS); })]);
    clearTimeout(t);
  };
}

/** How long stopping the heartbeat waits for a renewal still out. */
const STOP_WAIT_MS = 5_000;

/** Gives the Lease back; true when this run deleted it. */
async function giveBackLease(h: Held): Promise<boolean> {
  if (!h.client || !h.spec) return false;
  try {
    // Deleted only if it is still the version we last wrote (one round trip); when it changed
    // meanwhile (409), only if it is still ours.
    if (h.resourceVersion) {
      try { await h.client.delete(h.resourceVersion); return true; } catch (e) { if (statusOf(e) !== 409) throw e; }
    }
    const now = await h.client.read();
    if (now?.spec?.holderIdentity !== h.spec.holder) return false;
    await h.client.delete(now.metadata?.resourceVersion);
    return true;
  } catch { /* the cluster is unreachable: the lock expires on its own */ }
  return false;
}

/** What `fn` can do with the lock it runs under. */
export interface LockHandle {
  /** A Lease was taken (false: no right to, or nothing to guard). */
  readonly held: boolean;
  /** Gives the lock back now rather than at the end (an uninstall, before it deletes the namespace that holds the Lease); true when its Lease was deleted. */
  releaseNow(): Promise<boolean>;
  /**
   * Gives the cluster's Lease back once every write of the run is done, while the run itself
   * goes on (an install waiting for its load balancer's address): its run record still says it
   * is running, for `attach` and `status` on this machine. True when its Lease was deleted.
   */
  releaseLease(): Promise<boolean>;
}

/**
 * Runs `fn` holding the install lock of the release. Throws InstallRunning (exit 1) when
 * another run holds it; takes over a stale one with a warning; without the right to create
 * Leases, warns and runs anyway.
 */
export async function withInstallLock<T>(bus: EventBus, c: LockCluster, target: { release: string; namespace: string }, o: LockOptions, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
  const held = await acquire(bus, c, target.release, target.namespace, o);
  writeRunRecord(held.record);
  const stop = heartbeat(bus, held);
  let leaseGone: Promise<boolean> | undefined;
  let released: Promise<boolean> | undefined;
  const releaseLease = () => (leaseGone ??= stop().then(() => giveBackLease(held)));
  const releaseNow = () => (released ??= releaseLease().then((gone) => { markRunEnded(held.record); return gone; }));
  try {
    return await fn({ held: Boolean(held.client && held.spec), releaseNow, releaseLease });
  } finally {
    await releaseNow();
  }
}
