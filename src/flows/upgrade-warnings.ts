// Upgrade-only warnings, from the values the live release was installed with.
import type { HelmValues } from '../wallaroo/values.ts';
import { K } from '../wallaroo/keys.ts';

export interface UpgradeWarning { code: string; message: string; fix: string }

const enabled = (v: HelmValues | undefined, key: string) => (v?.[key] as { enabled?: boolean } | undefined)?.enabled;

export function upgradeWarnings(previous: HelmValues, next: HelmValues): UpgradeWarning[] {
  const out: UpgradeWarning[] = [];
  if (enabled(previous, K.jupyter.root) === true && enabled(next, K.jupyter.root) === false) {
    out.push({ code: 'W_JUPYTER_OFF', message: 'JupyterHub was on and this upgrade turns it off: its user volumes (PVCs) stay in the cluster but become unreachable',
      fix: 'keep services.jupyter: true if anyone still needs their notebooks, or back them up first' });
  }
  const prevHook = (previous[K.uninstallHook.root] as { enable?: boolean } | undefined)?.enable;
  const nextHook = (next[K.uninstallHook.root] as { enable?: boolean } | undefined)?.enable;
  if (prevHook !== undefined && nextHook !== undefined && prevHook !== nextHook) {
    out.push({ code: 'W_UNINSTALL_HOOK_CHANGE', message: 'advanced.uninstallHook changed, but the uninstall hook can only be switched at install time',
      fix: `leave advanced.uninstallHook: ${prevHook}, or pass --no-hooks to helm uninstall later` });
  }
  if (previous[K.distribution] && previous[K.distribution] !== next[K.distribution]) {
    out.push({ code: 'W_DISTRIBUTION_CHANGE', message: `the release was installed for ${String(previous[K.distribution])} and the preset says ${String(next[K.distribution])}`,
      fix: 'check that the kubeconfig context points at the intended cluster' });
  }
  return out;
}
