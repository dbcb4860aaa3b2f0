// The install/upgrade flow, in order: preflight ∥ chart check → secrets → helm (address watched) → done.
// Plain async code emitting events; the renderers decide how it looks.
import { dirname } from 'node:path';
import type { LoadedPreset } from '../config/load-preset.ts';
import { buildPlan, type InstallPlan } from './plan.ts';
import { connectKube, type KubeTarget } from '../kube/connect.ts';
import { kubeApis, type KubeApis } from '../kube/apis.ts';
import { ensureNamespace, applySecret } from '../kube/secrets.ts';
import { Helm, helmBinary, type HelmVersion } from '../helm/helm.ts';
import { startGated, type GatedHelm } from '../helm/gated.ts';
import { isCompiledProgram } from '../helm/build-info.ts';
import { upgradeInstallArgs } from '../helm/args.ts';
import { releaseState } from '../helm/release.ts';
import { releaseStateFromApi, secretDriver } from '../helm/release-from-api.ts';
import { runPreflight, type PreflightResult } from './preflight.ts';
import { checksInParallel, chartStep, valuesPath, type CheckedChart } from './checks.ts';
import { leftOutSummary } from './chart-check.ts';
import { helmUpgradeWatched, timeoutMs } from './helm-upgrade.ts';
import { readAdminCredentials, readApiService, portForward, forwardedEndpoints, type LbAddress } from './access.ts';
import { startAddressWait } from './address-wait.ts';
import { reportUpgradeWarnings } from './upgrade-warnings.ts';
import { dnsRecords } from '../wallaroo/domain.ts';
import { OBJECTS } from '../wallaroo/keys.ts';
import { FlowError, heldBus, type EventBus, type InstallResult } from './events.ts';
import { CancelGuard } from './cancel.ts';
import { withReleaseState } from '../helm/release.ts';
import { assertNoRunningInstall, withInstallLock, type LockHandle } from '../session/install-lock.ts';
import { readAnswersSlot, storeAnswers } from '../session/answers-store.ts';
import { trace, traced } from '../util/trace.ts';
import { toFlowError } from '../kube/errors.ts';
import { OBJECTS_CODE, conflictsError, findConflicts, type Conflict } from './ownership.ts';

export interface ClusterOptions { kubeconfig?: string; context?: string; helm?: string }
export interface InstallOptions extends ClusterOptions {
  ignorePreflight: string[];
  showSecrets: boolean;
  /** Undefined: waiting for the load balancer's address is bounded by the helm timeout. */
  lbTimeoutMs?: number;
  /** Go on without the settings the chart has no key for, even those the preset sets. */
  dropUnsupported?: boolean;
  runDir: string;
  logFile?: string;
}

export interface Cluster { target: KubeTarget; api: KubeApis; helm: Helm }

/** helm for the cluster: the kubeconfig and context the API client uses. */
function clusterHelm(o: ClusterOptions, kubeconfigEnv?: string): Helm {
  const env: Record<string, string | undefined> = { ...process.env };
  if (kubeconfigEnv) env.KUBECONFIG = kubeconfigEnv;
  return new Helm(helmBinary(o.helm), env, o.context ? ['--kube-context', o.context] : []);
}

export async function openCluster(o: ClusterOptions): Promise<Cluster> {
  const target = await connectKube(o);
  const api = kubeApis(target);
  return { target, api, helm: clusterHelm(o, target.kubeconfigEnv) };
}

export async function preflightStep(bus: EventBus, plan: InstallPlan, c: Cluster, ignore: string[], asked: Parameters<typeof runPreflight>[6] = {}): Promise<PreflightResult> {
  return bus.step('preflight', 'preflight: checking the cluster', async () => {
    const r = await runPreflight(bus, plan, c.target, c.api, c.helm, ignore, asked);
    const ignoredAll = ignore.includes('all');
    const stopping = r.blocking.filter((f) => !(ignoredAll || ignore.includes(f.code)) || f.code === 'PF_RELEASE');
    const warns = r.findings.filter((f) => f.level === 'warn').length;
    const summary = `${r.findings.filter((f) => f.level === 'pass').length} passed, ${warns} warning${warns === 1 ? '' : 's'}, ${r.blocking.length} failed${r.blocking.length && !stopping.length ? ' (ignored)' : ''}`;
    if (stopping.length) {
      const pending = stopping.find((f) => f.code === 'PF_RELEASE');
      throw new FlowError(pending ? 'E_RELEASE_PENDING' : 'E_PREFLIGHT',
        pending ? pending.message : `preflight failed: ${stopping.map((f) => f.code).join(', ')}`,
        pending ? pending.fix! : `fix the failed checks above, or accept the risk with --ignore-preflight ${stopping.map((f) => f.code).join(',')}`, 1);
    }
    return { value: r, summary, status: r.blocking.length || warns ? 'warn' : 'ok' };
  });
}

export interface CheckOptions extends ClusterOptions { ignorePreflight: string[]; dropUnsupported?: boolean }

/**
 * Preflight and the chart check side by side; both finish before anything is written to the
 * cluster. helm's own part (its version, the pull, `helm template`) needs no cluster, so it
 * starts at once, while the kubeconfig is read and the API client is made. The cluster comes
 * back guarded (cancel.ts); `connected` runs once it is reachable, beside preflight
 * (whose findings are heard only once it has passed).
 */
export async function runChecks(
  bus: EventBus, preset: LoadedPreset, draft: InstallPlan, o: CheckOptions, workDir: string, signal: AbortSignal,
  connected?: (c: Cluster) => Promise<void>,
  early?: (c: Cluster, chartPath: string, helm: HelmVersion) => void,
): Promise<{ c: Cluster; pf: PreflightResult; chart: CheckedChart }> {
  const guard = new CancelGuard(signal);
  const local = new Helm(helmBinary(o.helm), { ...process.env });
  const helmVersion = traced('helm version', local.version());
  helmVersion.catch(() => undefined);
  // The release history: read from helm's records over our own connection (one request, no
  // helm process on the way); with another HELM_DRIVER, from `helm history`, which finds the
  // kubeconfig as the API client does and so can start before that client exists.
  const helmRelease = secretDriver() ? undefined : traced('helm history', releaseState(clusterHelm(o, o.kubeconfig), draft.release, draft.namespace));
  helmRelease?.catch(() => undefined);
  let c: Cluster | undefined;
  // The objects the chart makes are looked for as soon as both the chart's objects and the
  // connection are there, beside the rest of preflight: cluster-wide ones at once, namespaced
  // ones once preflight knows that the namespace exists.
  let connectedTo!: (c: Cluster) => void;
  const connection = new Promise<Cluster>((r) => { connectedTo = r; });
  // Only a first install looks (an upgrade's objects are its own): known from the release's history.
  let releaseIsNew!: (p: Promise<boolean>) => void;
  const firstInstall = new Promise<boolean>((r) => { releaseIsNew = (p) => r(p); });
  let namespaceKnown!: (exists: boolean) => void;
  const namespaceExists = new Promise<boolean>((r) => { namespaceKnown = r; });
  // Told the moment the cluster, the chart's local path and helm's version are all known (an
  // install starts its held helm then: installFlow), by whichever of the three comes last.
  const known: { c?: Cluster; path?: string; v?: HelmVersion } = {};
  const tell = (k: Partial<typeof known>) => {
    if (!early || known.c && known.path && known.v) return;
    Object.assign(known, k);
    if (known.c && known.path && known.v) early(known.c, known.path, known.v);
  };
  helmVersion.then((v) => tell({ v }), () => undefined);
  const chartFetched = (path: string) => tell({ path });
  let conflictsFound: Promise<Conflict[]> | undefined;
  const lookForConflicts = (checked: CheckedChart) => {
    conflictsFound = traced('ownership', connection.then(async (cl) => (await firstInstall ? findConflicts(cl.target.rest,
      { refs: checked.refs, release: checked.plan.release, namespace: checked.plan.namespace, namespaceExists }) : [])));
    conflictsFound.catch(() => undefined);
  };
  // The chart step's CPU-heavy part (reading the chart, resolving the keys, writing the values)
  // waits until preflight's requests are made, so that their connections are being set up
  // meanwhile instead of after; it waits no longer than that (or than the kubeconfig failing).
  // Not until their answers: helm template waits for these values.
  let requestsOut!: () => void;
  const asked = new Promise<void>((r) => { requestsOut = () => setImmediate(r); });
  const checks = checksInParallel(bus,
    async () => {
      try {
        c = guard.cluster(await traced('kubeconfig', openCluster(o)));
        connectedTo(c);
        tell({ c });
      } finally { requestsOut(); }
      const release = helmRelease ?? traced('release history', releaseStateFromApi(c.api, draft.release, draft.namespace));
      release.catch(() => undefined);
      releaseIsNew(release.then((r) => !r.exists, () => false));
      // The check for a running install and preflight side by side (both only read). Preflight
      // is heard only once no other install is found running: that run's half-made release is
      // not ours to report on.
      const held = heldBus(bus);
      const pf = traced('preflight', preflightStep(held.bus, draft, c, o.ignorePreflight, { helmVersion, release }));
      pf.catch(() => undefined);
      // Preflight is shown only after that check: an API that takes connections and does not
      // answer would otherwise leave the screen silent until a request gives up (60 s).
      const cluster = c;
      const slow = setTimeout(() => bus.emit({ type: 'info', message: `waiting for the cluster's API (${cluster.target.server}) to answer: nothing yet after ${SLOW_API_MS / 1000} s (a request gives up after 60 s)` }), SLOW_API_MS);
      try {
        await traced('running-install check', connected?.(c) ?? Promise.resolve());
      } catch (e) {
        held.drop();
        throw e;
      } finally { clearTimeout(slow); }
      held.release();
      return pf;
    },
    (chartBus, chartSignal) => chartStep(chartBus, preset, draft, local, { workDir, dropUnsupported: o.dropUnsupported, ready: helmVersion, after: asked, fetched: chartFetched }, chartSignal)
      .then((checked) => { lookForConflicts(checked); return checked; }),
    signal);
  try {
    const { pf, chart } = await guard.race(checks, 'any change to the cluster');
    // A first install: objects of the chart that exist already and that helm would refuse to
    // take over stop the run here, before the namespace or a Secret is made (ownership.ts). An
    // upgrade is left to helm: its own objects are in the cluster by design.
    if (!pf.release.exists) {
      namespaceKnown(pf.namespaceExists);
      const conflicts = await guard.race(conflictsFound!, 'any change to the cluster');
      if (conflicts.length) {
        const e = conflictsError(conflicts, chart.plan.release, chart.plan.namespace);
        // Ignorable: `helm template` cannot run the chart's `lookup`s, so it may render an
        // object the real install skips when it exists. helm itself then judges.
        if (!o.ignorePreflight.some((x) => x === 'all' || x === OBJECTS_CODE)) throw e;
        bus.emit({ type: 'warning', code: OBJECTS_CODE, message: `${e.cause_.replace(/\. Nothing was changed in the cluster$/, '')}; going on (--ignore-preflight ${OBJECTS_CODE}): helm refuses the install if it renders ${conflicts.length === 1 ? 'it' : 'them'}`, fix: e.fix });
      }
    }
    return { c: c!, pf, chart };
  } finally {
    namespaceKnown(false);
  }
}

/** After this long without the first answers of the checks, the wait is said. */
const SLOW_API_MS = 5_000;

export async function installFlow(bus: EventBus, preset: LoadedPreset, o: InstallOptions, signal: AbortSignal): Promise<InstallResult> {
  // The plan before the chart is known: enough for preflight (release, namespace, Secrets that
  // must exist). The chart step rebuilds it with the keys of the chart at hand.
  const draft = buildPlan(preset);
  // helm itself, started as soon as it can be and held before it changes anything (gated.ts):
  // let go once the checks pass, the lock is held and the Secrets are made; stopped otherwise.
  let held: GatedHelm | undefined;
  // Past the checks, a helm started now would only wait beside the one that runs.
  let pastChecks = false;
  const startHeld = (c: Cluster, chartPath: string, v: HelmVersion) => {
    // Only a compiled helm: a wrapper script may not pass our stdin on (build-info.ts).
    if (pastChecks || signal.aborted || !isCompiledProgram(c.helm.bin, c.helm.env)) return;
    const values = valuesPath(o.runDir);
    try {
      held = startGated(c.helm, upgradeInstallArgs({ ...draft, chart: { kind: 'archive', path: chartPath } }, values, v.major), values);
      trace('helm: started, held');
    } catch {
      // Could not even start it (no room for its output files): helm runs as usual, later.
    }
  };
  try {
    // Order: preflight and the chart check side by side, both before any write to the cluster.
    // One install per release at a time: look for a running one beside the checks, take the
    // lock after them, before the first write, and hold it to the end.
    const { c, pf, chart } = await runChecks(bus, preset, draft, o, o.runDir, signal, (cluster) => assertNoRunningInstall(cluster, draft), startHeld);
    pastChecks = true;
    const plan = chart.plan;
    if (pf.release.exists) await reportUpgradeWarnings(bus, c.api, c.helm, plan, preset.explicit, signal);
    return await withInstallLock(bus, c, plan, { logFile: o.logFile, preset: preset.file, namespace: pf.namespaceExists ? (pf.namespaceTerminating ? 'terminating' : 'exists') : 'absent' }, (lock) => installLocked(bus, preset, chart, c, o, pf, signal, lock, held));
  } finally {
    pastChecks = true;
    held?.cancel();
  }
}

async function installLocked(bus: EventBus, preset: LoadedPreset, chart: CheckedChart, c: Cluster, o: InstallOptions, pf: PreflightResult, signal: AbortSignal, lock: LockHandle, held?: GatedHelm): Promise<InstallResult> {
  const { plan, chartPath, valuesFile } = chart;
  const action = pf.release.exists ? 'upgrade' : 'install';
  const ns = plan.namespace;
  const guard = CancelGuard.of(c, signal);

  trace('install lock held');
  guard.check('creating the namespace and Secrets');
  await bus.step('secrets', 'secrets: creating the Secrets the values reference', async () => {
    const nsState = await ensureNamespace(c.api, ns);
    // One after the other, on purpose: a Ctrl-C between two stops before the next (cancel.ts).
    const done: string[] = [];
    for (const s of plan.kubeSecrets) done.push(`${s.name} ${await applySecret(c.api, ns, s)}`);
    return { value: undefined, summary: `${nsState === 'created' ? `namespace ${ns} created; ` : ''}${done.length ? done.join(', ') : 'no Secrets to create'}`, status: done.length || nsState === 'created' ? 'ok' : 'skip' };
  });

  trace('secrets done');
  guard.check('helm upgrade --install');
  // The address is watched from helm's start and shown the moment it exists (address-wait.ts).
  const lb = plan.answers.ingress !== 'none'
    ? startAddressWait(bus, c.api, c.target.rest, ns, { helmMajor: pf.helm.major, helmTimeoutMs: timeoutMs(plan.timeout), lbTimeoutMs: o.lbTimeoutMs })
    : undefined;
  // The answers ConfigMap as it is, read while helm runs (answers-store.ts): the write after helm
  // is then one request, and a conditional one.
  const slotRead = readAnswersSlot(c.api, plan.release, ns).catch(() => undefined);
  let state;
  try {
    state = await bus.step('helm', `helm: ${action} of release ${plan.release} (helm ${pf.helm.text}, timeout ${plan.timeout})`, async () => {
      await helmUpgradeWatched(bus, plan, chartPath, valuesFile, c.helm, pf.helm, c.api, signal, { stop: lb?.helmStop, held })
        .catch((e) => withReleaseState(e, c.helm, plan.release, ns));
      // helm exited 0 with --wait: the release is deployed, one revision past the one preflight
      // read. Said without asking helm again (a process less on the way to the address).
      const st = { status: 'deployed', revision: (pf.release.current?.revision ?? 0) + 1, chart: `${chart.info.name}-${chart.info.version}` };
      return { value: st, summary: `release ${plan.release} ${st.status}, revision ${st.revision}` };
    });
  } catch (e) {
    lb?.stop();
    throw e;
  } finally {
    lb?.helmDone();
  }
  trace('helm: exited');
  // The answers (no secret values) beside the release: the next upgrade starts from them. The
  // admin credentials are read meanwhile, and the Lease goes back (the address can take minutes
  // more): round trips side by side, not in turn. The Lease goes back beside the answers' write
  // only when that write is a conditional one (the ConfigMap was read while helm ran), which
  // never overwrites newer answers, whoever takes the lock next; otherwise after it. The run
  // itself is not over: its record on this machine says so until the end.
  const slot = await slotRead;
  const giveBack = () => { const gone = lock.releaseLease(); gone.catch(() => undefined); };
  if (slot) giveBack();
  const [, read] = await Promise.allSettled([
    storeAnswers(bus, c.api, plan.answers, { refBase: dirname(preset.file), revision: state.revision, source: preset.file, explicit: preset.explicit, slot }),
    readAdminCredentials(c.api, ns),
  ]);
  if (!slot) giveBack();
  const creds = read.status === 'fulfilled' ? read.value : undefined;
  trace('answers stored, credentials read');
  if (creds) bus.secret(creds.password, o.showSecrets);
  const result: InstallResult = {
    release: plan.release, namespace: ns, action,
    revision: state.revision, chartVersion: state.chart,
    adminUser: creds?.user, adminPassword: creds ? (o.showSecrets ? creds.password : '********') : undefined,
    passwordShown: Boolean(creds && o.showSecrets),
    dnsRecords: [], endpoints: plan.endpoints, valuesFile, logFile: o.logFile,
    ...(plan.unsupported.length ? { leftOut: leftOutSummary(plan) } : {}),
  };
  // From here Wallaroo is installed: whatever fails now (the API gone, credentials that
  // expired, a cancel while the address is awaited) shows what is known and says so, with where
  // to get the rest.
  const deployedBut = (e: unknown, what: string): FlowError => {
    bus.emit({ type: 'result', result });
    const f = e instanceof FlowError ? e : toFlowError(e, { logFile: o.logFile });
    return new FlowError(f.code, `release ${plan.release} is deployed (revision ${state.revision}), but ${what}: ${f.cause_}`,
      `${f.exitCode === 130 ? '' : `${f.fix}; `}\`wallaroo-install status\` shows the address and the DNS records, and \`wallaroo-install credentials\` the admin login, once the cluster answers`, f.exitCode);
  };
  if (read.status === 'rejected') {
    lb?.stop();
    throw deployedBut(read.reason, 'the admin login could not be read');
  }
  if (!lb) {
    let svc;
    try { svc = await readApiService(c.api, ns); } catch (e) { throw deployedBut(e, `service ${OBJECTS.apiService} could not be read`); }
    const pfw = portForward(svc, ns);
    result.portForward = pfw.command;
    result.endpoints = forwardedEndpoints(plan.endpoints, pfw.localPort);
    bus.emit({ type: 'step-started', step: 'address', title: 'address: ingress none, no load balancer' });
    bus.emit({ type: 'step-finished', step: 'address', status: 'skip', summary: 'reach Wallaroo through kubectl port-forward', ms: 0 });
    return result;
  }
  let address: LbAddress;
  try {
    address = await bus.step('address', `address: waiting for the load balancer of ${OBJECTS.apiService}`, async () => {
      const a = await lb.step(signal);
      return { value: a, summary: `${a.hostname ? 'hostname' : 'IP'} ${a.hostname ?? a.ip}` };
    });
  } catch (e) {
    // Wallaroo is installed; the admin still needs the credentials before hearing what is missing.
    if (e instanceof FlowError && e.code === 'E_LB_NO_ADDRESS') { bus.emit({ type: 'result', result }); throw e; }
    throw deployedBut(e, e instanceof FlowError && e.exitCode === 130 ? 'the load balancer\'s address was not awaited' : 'its load balancer\'s address could not be read');
  }
  trace('address shown');
  result.address = address;
  result.dnsRecords = dnsRecords(plan.endpoints, address);
  return result;
}
