// Upgrade-only warnings, from the values the live release was installed with and the claims in
// its namespace: every service the upgrade turns off (by a smaller size or a toggle), with the
// volumes it leaves behind (or that helm deletes), a changed uninstall hook, another distribution.
import type { HelmValues } from '../wallaroo/values.ts';
import { readSetting } from '../wallaroo/values.ts';
import { SERVICE_SETTINGS, SETTINGS } from '../wallaroo/keys.ts';
import { explicitSource } from '../wallaroo/provenance.ts';
import { claimsOf, helmDeletesClaim, type ClaimInfo } from '../wallaroo/service-storage.ts';
import type { InstallPlan } from './plan.ts';
import type { ServiceId } from '../config/schema.ts';
import { SIZING_TABLE } from '../wallaroo/sizing.ts';
import type { KubeApis } from '../kube/apis.ts';
import type { Helm } from '../helm/helm.ts';
import type { EventBus } from './events.ts';

/** Live claims in the namespace (none readable: none named). */
export async function namespaceClaims(api: KubeApis, namespace: string): Promise<ClaimInfo[]> {
  const list = await api.core.listNamespacedPersistentVolumeClaim({ namespace }).catch(() => undefined);
  return (list?.items ?? []).map((p) => ({
    name: p.metadata?.name ?? '', labels: p.metadata?.labels ?? {}, annotations: p.metadata?.annotations ?? {},
    size: p.status?.capacity?.storage ?? p.spec?.resources?.requests?.storage,
  }));
}

/** Before an upgrade: the live release's values and claims, and a warning for each change that loses something. */
export async function reportUpgradeWarnings(bus: EventBus, api: KubeApis, helm: Helm, plan: InstallPlan, explicit: ReadonlySet<string> | undefined, signal: AbortSignal): Promise<void> {
  const [prev, claims] = await Promise.all([
    helm.run(['get', 'values', plan.release, '--namespace', plan.namespace, '--output', 'json'], { signal }),
    namespaceClaims(api, plan.namespace),
  ]);
  if (prev.exitCode !== 0) return;
  let previous: HelmValues;
  try { previous = (JSON.parse(prev.stdout || '{}') ?? {}) as HelmValues; } catch { return; }
  for (const w of upgradeWarnings(previous, plan, claims, explicit)) bus.emit({ type: 'warning', ...w });
}

export interface UpgradeWarning { code: string; message: string; fix: string; key?: string }

const list = (cs: ClaimInfo[]) => cs.map((c) => `${c.name}${c.size ? ` (${c.size})` : ''}`).join(', ');

export function upgradeWarnings(previous: HelmValues, plan: InstallPlan, claims: readonly ClaimInfo[], explicit?: ReadonlySet<string>): UpgradeWarning[] {
  const out: UpgradeWarning[] = [];
  const ns = plan.namespace;
  for (const [service, id] of Object.entries(SERVICE_SETTINGS) as [ServiceId, (typeof SERVICE_SETTINGS)[ServiceId]][]) {
    if (readSetting(previous, id) !== true || readSetting(plan.values, id) !== false) continue;
    const set = explicitSource(id, explicit);
    const why = set ? `${set}: false in the preset` : SIZING_TABLE.some((r) => r.id === service)
      ? `the ${plan.answers.size}-core sizing table` : 'the default for these answers';
    const mine = claimsOf(service, claims);
    const deleted = mine.filter((c) => helmDeletesClaim(c, plan.release, ns));
    const kept = mine.filter((c) => !deleted.includes(c));
    const parts: string[] = [];
    if (kept.length) parts.push(`it leaves behind PVC${kept.length === 1 ? '' : 's'} ${list(kept)}: the data stays in the cluster, but nothing uses it`);
    if (deleted.length) parts.push(`helm deletes its PVC${deleted.length === 1 ? '' : 's'} ${list(deleted)} and the data on ${deleted.length === 1 ? 'it' : 'them'} (unless the volume's reclaim policy is Retain)`);
    if (!mine.length) parts.push(`it has no volumes of its own in namespace ${ns}`);
    const fixes = [`keep services.${service}: true if it is still needed${mine.length ? ', or back up its data first' : ''}`];
    if (kept.length) fixes.push(`once nothing needs the data: kubectl delete pvc --namespace ${ns} ${kept.map((c) => c.name).join(' ')}`);
    out.push({ code: 'W_SERVICE_OFF', key: `services.${service}`, message: `${SETTINGS[id].label} was on and this upgrade turns it off (${why}); ${parts.join('; ')}`, fix: fixes.join('; ') });
  }
  const prevHook = readSetting(previous, 'uninstallHook');
  const nextHook = readSetting(plan.values, 'uninstallHook');
  if (typeof prevHook === 'boolean' && typeof nextHook === 'boolean' && prevHook !== nextHook) {
    out.push({ code: 'W_UNINSTALL_HOOK_CHANGE', key: 'advanced.uninstallHook', message: 'advanced.uninstallHook changed, but the uninstall hook can only be switched at install time',
      fix: `leave advanced.uninstallHook: ${prevHook}, or pass --no-hooks to helm uninstall later` });
  }
  const prevDistro = readSetting(previous, 'distribution');
  const nextDistro = readSetting(plan.values, 'distribution');
  if (prevDistro && prevDistro !== nextDistro) {
    out.push({ code: 'W_DISTRIBUTION_CHANGE', key: 'distribution', message: `the release was installed for ${String(prevDistro)} and the preset says ${String(nextDistro)}`,
      fix: 'check that the kubeconfig context points at the intended cluster' });
  }
  return out;
}
