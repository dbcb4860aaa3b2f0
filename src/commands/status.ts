// `wallaroo-install status` and `wallaroo-install credentials` for an installed release.
// The state shown is helm's own (pending-install included, with the safe way out); a state that
// cannot be read is said to be unknown, never "not installed"; API failures name the server,
// the request and the fix (kube/errors.ts).
import type { CliOptions } from '../cli/args.ts';
import { FlowError, type EventBus, type ReleaseStatus } from '../flows/events.ts';
import { openCluster, type Cluster } from '../flows/install.ts';
import { releaseState, isPending, isUninstalling, pendingWayOut } from '../helm/release.ts';
import { diagnose } from '../flows/diagnose.ts';
import { readAdminCredentials, readApiService, serviceAddress, portForwardCommand, portForward, forwardedEndpoints } from '../flows/access.ts';
import { endpoints, routingForChartVersion, dnsRecords } from '../wallaroo/domain.ts';
import { K, OBJECTS } from '../wallaroo/keys.ts';
import { kubeFailure } from '../kube/errors.ts';
import { CancelGuard } from '../flows/cancel.ts';
import { loadPresetOrFail } from './load.ts';
import { reportRunningInstall } from '../session/follow.ts';

function target(o: CliOptions, bus: EventBus): { release: string; namespace: string } {
  if (o.preset) {
    const p = loadPresetOrFail(o.preset, bus, { resolveSecrets: false });
    return { release: o.release ?? p.answers.release, namespace: o.namespace ?? p.answers.namespace };
  }
  return { release: o.release ?? 'wallaroo', namespace: o.namespace ?? 'wallaroo' };
}

/** Runs a read-only command: stops at once on Ctrl-C, and explains API failures. */
async function readOnly<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  const p = work().catch((e) => { throw kubeFailure(e) ?? e; });
  return signal ? new CancelGuard(signal).race(p) : p;
}

async function helmJson(c: Cluster, args: string[]): Promise<Record<string, unknown>> {
  const r = await c.helm.run([...args, '--output', 'json']);
  if (r.exitCode !== 0) return {};
  try { return (JSON.parse(r.stdout || '{}') ?? {}) as Record<string, unknown>; } catch { return {}; }
}

export async function statusCommand(o: CliOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const t = target(o, bus);
  return readOnly(signal, async () => {
    const c = await openCluster(o);
    // An install of this release under way is named, and on this machine followed to its end.
    await reportRunningInstall(bus, c, t, signal);
    await c.helm.version();
    const state = await releaseState(c.helm, t.release, t.namespace, signal);
    if (!state.exists) {
      bus.emit({ type: 'status', status: { ...t, state: 'not installed', deployments: { total: 0, ready: 0 }, notReady: [], dnsRecords: [], endpoints: [] } });
      throw new FlowError('E_NOT_INSTALLED', `release ${t.release} does not exist in namespace ${t.namespace} (context "${c.target.context}")`,
        'check --release/--namespace and the kubeconfig context, or install it with `wallaroo-install --preset FILE`', 1);
    }
    const values = await helmJson(c, ['get', 'values', t.release, '--namespace', t.namespace]);
    const ingress = String(values[K.ingressMode] ?? 'internal');
    const deps = await c.api.apps.listNamespacedDeployment({ namespace: t.namespace });
    const diag = await diagnose(c.api, t.namespace, { expectLoadBalancer: ingress !== 'none' });
    const svc = await readApiService(c.api, t.namespace);
    const address = serviceAddress(svc);
    const eps = typeof values[K.domainSuffix] === 'string'
      ? endpoints({ prefix: String(values[K.domainPrefix] ?? ''), suffix: String(values[K.domainSuffix]) }, routingForChartVersion(state.current?.chart))
      : [];
    const status: ReleaseStatus = {
      ...t, state: state.current!.status, revision: state.current!.revision, chart: state.current!.chart, updated: state.current!.updated,
      deployments: { total: deps.items.length, ready: deps.items.filter((d) => (d.status?.readyReplicas ?? 0) >= (d.spec?.replicas ?? 1)).length },
      notReady: diag.items, address, dnsRecords: address ? dnsRecords(eps, address) : [],
      endpoints: ingress === 'none' ? forwardedEndpoints(eps, portForward(svc, t.namespace).localPort) : eps,
      portForward: ingress === 'none' ? portForwardCommand(svc, t.namespace) : undefined,
    };
    bus.emit({ type: 'status', status });
    if (isUninstalling(state)) {
      throw new FlowError('E_RELEASE_UNINSTALLING', `release ${t.release} is uninstalling (revision ${status.revision}): an uninstall stopped before the end`,
        pendingWayOut(state, t.release, t.namespace), 1);
    }
    if (isPending(state)) {
      throw new FlowError('E_RELEASE_PENDING', `release ${t.release} is ${status.state} (revision ${status.revision}): a helm run was interrupted, or is still running`,
        pendingWayOut(state, t.release, t.namespace), 1);
    }
    if (status.state !== 'deployed') {
      throw new FlowError('E_RELEASE_NOT_DEPLOYED', `release ${t.release} is ${status.state}${state.current?.description ? ` (${state.current.description})` : ''}`,
        'run `wallaroo-install --preset FILE` again to retry, or see `helm history` for the cause', 1);
    }
  });
}

export async function credentialsCommand(o: CliOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const t = target(o, bus);
  return readOnly(signal, async () => {
    const c = await openCluster(o);
    const creds = await readAdminCredentials(c.api, t.namespace);
    if (!creds) {
      throw new FlowError('E_NO_CREDENTIALS', `secret ${OBJECTS.adminSecret} was not found in namespace ${t.namespace} (context "${c.target.context}")`,
        'check --namespace and the context; the secret appears once the install has run', 1);
    }
    bus.secret(creds.password, o.showSecrets);
    bus.emit({ type: 'credentials', ...t, secret: OBJECTS.adminSecret, user: creds.user, password: o.showSecrets ? creds.password : '********', passwordShown: o.showSecrets });
  });
}
