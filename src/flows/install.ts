// The install/upgrade flow, in order: preflight → secrets → chart check → helm → address → done.
// Plain async code emitting events; the renderers decide how it looks.
import { dirname, join } from 'node:path';
import type { LoadedPreset } from '../config/load-preset.ts';
import { buildPlan, type InstallPlan } from './plan.ts';
import { connectKube, type KubeTarget } from '../kube/connect.ts';
import { kubeApis, type KubeApis } from '../kube/apis.ts';
import { ensureNamespace, applySecret } from '../kube/secrets.ts';
import { Helm, helmBinary } from '../helm/helm.ts';
import { releaseState } from '../helm/release.ts';
import { runPreflight, type PreflightResult } from './preflight.ts';
import { checkChart } from './chart-check.ts';
import { helmUpgradeWatched } from './helm-upgrade.ts';
import { readAdminCredentials, readApiService, waitForLoadBalancerAddress, portForwardCommand, type LbAddress } from './access.ts';
import { upgradeWarnings } from './upgrade-warnings.ts';
import { dnsRecords } from '../wallaroo/domain.ts';
import { FlowError, type EventBus, type InstallResult } from './events.ts';
import { ensurePrivateDir } from '../util/files.ts';
import { writeValuesFile } from './values-file.ts';
import { CancelGuard } from './cancel.ts';
import { withReleaseState } from '../helm/release.ts';
import type { HelmValues } from '../wallaroo/values.ts';
import { assertNoRunningInstall, withInstallLock } from '../session/install-lock.ts';
import { storeAnswers } from '../session/answers-store.ts';

export interface ClusterOptions { kubeconfig?: string; context?: string; helm?: string }
export interface InstallOptions extends ClusterOptions {
  ignorePreflight: string[];
  showSecrets: boolean;
  lbTimeoutMs: number;
  runDir: string;
  logFile?: string;
}

export interface Cluster { target: KubeTarget; api: KubeApis; helm: Helm }

export async function openCluster(o: ClusterOptions): Promise<Cluster> {
  const target = await connectKube(o);
  const api = await kubeApis(target);
  const env: Record<string, string | undefined> = { ...process.env };
  if (target.kubeconfigEnv) env.KUBECONFIG = target.kubeconfigEnv;
  const helm = new Helm(helmBinary(o.helm), env, o.context ? ['--kube-context', o.context] : []);
  return { target, api, helm };
}

export async function preflightStep(bus: EventBus, plan: InstallPlan, c: Cluster, ignore: string[]): Promise<PreflightResult> {
  return bus.step('preflight', 'preflight: checking the cluster', async () => {
    const r = await runPreflight(bus, plan, c.target, c.api, c.helm, ignore);
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

export async function installFlow(bus: EventBus, preset: LoadedPreset, o: InstallOptions, signal: AbortSignal): Promise<InstallResult> {
  const plan = buildPlan(preset, 'kubernetes');
  const guard = new CancelGuard(signal); // Ctrl-C: stop before the next cluster write, say what was done
  const c = guard.cluster(await guard.race(openCluster(o)));
  // One install per release at a time: look for a running one before the checks, take the
  // lock after them, before the first write, and hold it to the end.
  await assertNoRunningInstall(c, plan);
  const pf = await guard.race(preflightStep(bus, plan, c, o.ignorePreflight), 'any change to the cluster');
  if (pf.release.exists) {
    const prev = await c.helm.run(['get', 'values', plan.release, '--namespace', plan.namespace, '--output', 'json'], { signal });
    if (prev.exitCode === 0) {
      for (const w of upgradeWarnings((JSON.parse(prev.stdout || '{}') ?? {}) as HelmValues, plan.values)) bus.emit({ type: 'warning', ...w });
    }
  }
  return withInstallLock(bus, c, plan, { logFile: o.logFile, preset: preset.file }, () => installLocked(bus, preset, plan, c, o, pf, signal));
}

async function installLocked(bus: EventBus, preset: LoadedPreset, plan: InstallPlan, c: Cluster, o: InstallOptions, pf: PreflightResult, signal: AbortSignal): Promise<InstallResult> {
  const action = pf.release.exists ? 'upgrade' : 'install';
  const ns = plan.namespace;
  const guard = CancelGuard.of(c, signal);

  guard.check('creating the namespace and Secrets');
  await bus.step('secrets', 'secrets: creating the Secrets the values reference', async () => {
    const nsState = await ensureNamespace(c.api, ns);
    const done: string[] = [];
    for (const s of plan.kubeSecrets) done.push(`${s.name} ${await applySecret(c.api, ns, s)}`);
    return { value: undefined, summary: `${nsState === 'created' ? `namespace ${ns} created; ` : ''}${done.length ? done.join(', ') : 'no Secrets to create'}`, status: done.length || nsState === 'created' ? 'ok' : 'skip' };
  });

  ensurePrivateDir(o.runDir);
  const valuesFile = join(o.runDir, 'values.yaml');
  writeValuesFile(valuesFile, plan.values, preset.file, false);

  guard.check('the chart check');
  const chart = await bus.step('chart', 'chart: fetching and checking the chart against our values', async () => {
    const r = await guard.race(checkChart(plan, c.helm, o.runDir, preset.secrets, valuesFile, signal), 'helm upgrade --install');
    return { value: r, summary: `${r.chartName}: every key we write is known; helm template renders ${r.objects} objects` };
  });

  guard.check('helm upgrade --install');
  const state = await bus.step('helm', `helm: ${action} of release ${plan.release} (helm ${pf.helm.text}, timeout ${plan.timeout})`, async () => {
    await helmUpgradeWatched(bus, plan, chart.chartPath, valuesFile, c.helm, pf.helm, c.api, signal).catch((e) => withReleaseState(e, c.helm, plan.release, ns));
    const st = await releaseState(c.helm, plan.release, ns);
    return { value: st, summary: `release ${plan.release} ${st.current?.status ?? 'deployed'}, revision ${st.current?.revision ?? '?'}` };
  });
  // The answers (no secret values) beside the release: the next upgrade starts from them.
  await storeAnswers(bus, c.api, plan.answers, { refBase: dirname(preset.file), revision: state.current?.revision, source: preset.file });

  const creds = await readAdminCredentials(c.api, ns);
  if (creds) bus.secret(creds.password, o.showSecrets);
  const result: InstallResult = {
    release: plan.release, namespace: ns, action,
    revision: state.current?.revision, chartVersion: state.current?.chart,
    adminUser: creds?.user, adminPassword: creds ? (o.showSecrets ? creds.password : '********') : undefined,
    passwordShown: Boolean(creds && o.showSecrets),
    dnsRecords: [], endpoints: plan.endpoints, valuesFile, logFile: o.logFile,
  };
  if (plan.answers.ingress === 'none') {
    result.portForward = portForwardCommand(await readApiService(c.api, ns), ns);
    bus.emit({ type: 'step-started', step: 'address', title: 'address: ingress none, no load balancer' });
    bus.emit({ type: 'step-finished', step: 'address', status: 'skip', summary: 'reach Wallaroo through kubectl port-forward', ms: 0 });
    return result;
  }
  let address: LbAddress;
  try {
    address = await bus.step('address', `address: waiting for the load balancer of api-lb-ext`, async () => {
      const a = await waitForLoadBalancerAddress(c.api, c.target.kc, ns, o.lbTimeoutMs, bus, signal);
      return { value: a, summary: `${a.hostname ? 'hostname' : 'IP'} ${a.hostname ?? a.ip}` };
    });
  } catch (e) {
    // Wallaroo is installed; the admin still needs the credentials before hearing what is missing.
    if (e instanceof FlowError && e.code === 'E_LB_NO_ADDRESS') bus.emit({ type: 'result', result });
    throw e;
  }
  result.address = address;
  result.dnsRecords = dnsRecords(plan.endpoints, address);
  return result;
}
