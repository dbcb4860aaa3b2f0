// What helm knows about the release: its state, the objects of its manifest, its hooks, the
// values it was installed with, and the other Wallaroo releases in the cluster. Two helm calls
// run side by side: `helm status -o json` (the whole last revision: manifest, hooks, values) and
// `helm list -A` (chart and every Wallaroo release). Works on every state helm can load
// (deployed, failed, pending-*, uninstalling); a release that is gone has none of it.
import type { Helm } from '../../helm/helm.ts';
import { helmError } from '../../helm/helm.ts';
import { listReleases, isWallarooChart } from '../../helm/list.ts';
import { parseManifest, hookEvents, type ManifestObject } from '../../helm/manifest.ts';
import { FlowError } from '../events.ts';
import type { ReleaseFacts } from './types.ts';

export interface HelmSide {
  facts: ReleaseFacts;
  manifest: ManifestObject[];
  hooks: ManifestObject[];
  values: Record<string, unknown>;
}

interface StatusJson {
  info?: { status?: string; last_deployed?: string };
  config?: Record<string, unknown>;
  manifest?: string;
  hooks?: { manifest?: string }[];
  version?: number;
}

const DELETE_EVENTS = ['pre-delete', 'post-delete'];

export async function readRelease(helm: Helm, release: string, namespace: string, signal?: AbortSignal): Promise<HelmSide> {
  const [st, listed] = await Promise.all([
    helm.run(['status', release, '--namespace', namespace, '--output', 'json'], { signal }),
    listReleases(helm, signal),
  ]);
  const others = listed.filter((r) => isWallarooChart(r.chart) && !(r.name === release && r.namespace === namespace))
    .map((r) => `${r.name} in namespace ${r.namespace}`);
  if (st.exitCode !== 0) {
    if (/not found/i.test(st.stderr)) return { facts: { exists: false, deleteHooks: [], others }, manifest: [], hooks: [], values: {} };
    throw new FlowError('E_HELM_STATUS', `helm status ${release} failed: ${helmError(st)}`, 'check that helm can reach the cluster and read the release, then run the same command again', 1);
  }
  let s: StatusJson;
  try { s = JSON.parse(st.stdout) as StatusJson; } catch {
    throw new FlowError('E_HELM_STATUS', `helm status ${release} printed no JSON`, 'check the helm binary (--helm PATH)', 1);
  }
  const hooks = (s.hooks ?? []).flatMap((h) => parseManifest(h.manifest ?? ''));
  const mine = listed.find((r) => r.name === release && r.namespace === namespace);
  return {
    facts: {
      exists: true, status: s.info?.status, revision: s.version, chart: mine?.chart, updated: mine?.updated ?? s.info?.last_deployed,
      deleteHooks: hooks.filter((h) => hookEvents(h).some((e) => DELETE_EVENTS.includes(e))).map((h) => `${h.kind}/${h.name}`),
      others,
    },
    manifest: parseManifest(s.manifest ?? ''),
    hooks,
    values: s.config ?? {},
  };
}
