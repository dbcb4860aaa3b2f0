// Releases across namespaces (`helm list -A`), every state an uninstall cares about. helm 4 has
// no `--all`, so the states are asked for by name (both majors know these flags).
import type { Helm } from './helm.ts';
import { helmError } from './helm.ts';

export interface ListedRelease { name: string; namespace: string; revision: string; status: string; chart: string; app_version?: string; updated?: string }

export async function listReleases(helm: Helm, signal?: AbortSignal): Promise<ListedRelease[]> {
  const r = await helm.run(['list', '--all-namespaces', '--output', 'json', '--deployed', '--failed', '--pending', '--uninstalling', '--max', '0'], { signal });
  if (r.exitCode !== 0) throw new Error(`helm list failed: ${helmError(r)}`);
  return (JSON.parse(r.stdout || '[]') as ListedRelease[]) ?? [];
}

/** "wallaroo-2025.1.0-6290" → "wallaroo": the chart name is what precedes the version. */
export function chartName(chart: string): string {
  const m = /^(.*?)-v?\d+\.\d+/.exec(chart);
  return m ? m[1] : chart;
}

/** Releases of a Wallaroo chart (its name contains "wallaroo"). */
export function isWallarooChart(chart: string): boolean {
  return /wallaroo/i.test(chartName(chart));
}
