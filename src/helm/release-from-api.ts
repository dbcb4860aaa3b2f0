// The release's history read straight from helm's records in the cluster (the Secrets
// `sh.helm.release.v1.<release>.v<revision>`, labelled owner=helm, name=<release>), as
// `helm history` reads them, for helm 3 and 4 alike. One API request on the connection the
// install already has, instead of a helm process of its own on the way to the install (a Go
// program starting beside us costs ~100 ms of CPU: bench/install-timeline.ts). With another
// HELM_DRIVER the caller asks helm.
import type { KubeApis } from '../kube/apis.ts';
import { kubeFailure, kubeErrorReason } from '../kube/errors.ts';
import { FlowError } from '../util/flow-error.ts';
import { decodeRecord } from './release-record.ts';
import type { ReleaseState, Revision } from './release.ts';

/** `helm history --max 20`: the newest revisions only. */
const MAX = 20;

type HelmRecord = { version?: number; info?: { status?: string; last_deployed?: string; description?: string }; chart?: { metadata?: { name?: string; version?: string; appVersion?: string } } };

/** True when helm keeps releases in Secrets (its default), the only records read here. */
export function secretDriver(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['', 'secret', 'secrets'].includes((env.HELM_DRIVER ?? '').toLowerCase());
}

/** The revision a record is for: its `version` label, else its name's `.v<n>` (as helm names them). */
function revisionNumber(s: { metadata?: { name?: string; labels?: { [k: string]: string } } }): number {
  const fromLabel = Number(s.metadata?.labels?.version);
  if (Number.isInteger(fromLabel) && fromLabel > 0) return fromLabel;
  const m = /\.v(\d+)$/.exec(s.metadata?.name ?? '');
  return m ? Number(m[1]) : NaN;
}

function revisionOf(name: string, data: string, labels: { [k: string]: string }, release: string): Revision {
  let r: HelmRecord;
  try { r = JSON.parse(decodeRecord(data, 'secret')) as HelmRecord; } catch (e) {
    // helm history fails on such a record too: say which one, rather than guess the state.
    throw new FlowError('E_RELEASE_STATE', `cannot read the state of release ${release}: helm's record ${name} cannot be decoded (${(e as Error).message.split('\n')[0]})`,
      `run \`helm history ${release}\` to see how helm reads it; nothing is changed until the state is known`, 1);
  }
  const revision = typeof r.version === 'number' ? r.version : Number(labels.version);
  const m = r.chart?.metadata;
  return {
    revision,
    status: r.info?.status ?? labels.status ?? 'unknown',
    // `helm history` shows MISSING for a record without its chart.
    chart: m?.name && m.version ? `${m.name}-${m.version}` : 'MISSING',
    ...(m?.appVersion ? { app_version: m.appVersion } : {}),
    ...(r.info?.last_deployed ? { updated: r.info.last_deployed } : {}),
    ...(r.info?.description ? { description: r.info.description } : {}),
  };
}

export async function releaseStateFromApi(api: KubeApis, release: string, namespace: string): Promise<ReleaseState> {
  let items;
  try {
    items = (await api.core.listNamespacedSecret({ namespace, labelSelector: `owner=helm,name=${release}` })).items ?? [];
  } catch (e) {
    // A credential plugin's own failure (its install hint) is the cause as it is.
    if (e instanceof FlowError) throw e;
    const f = kubeFailure(e);
    throw new FlowError('E_RELEASE_STATE', `cannot read the state of release ${release} in namespace ${namespace}: ${f?.cause_ ?? kubeErrorReason(e)}`,
      `${f?.fix ?? `run \`helm history ${release} --namespace ${namespace}\` to see why`}; nothing is changed until the state is known`, 1);
  }
  const history = items
    .filter((s) => s.type === 'helm.sh/release.v1' && typeof s.data?.release === 'string' && Number.isInteger(revisionNumber(s)))
    .sort((a, b) => revisionNumber(a) - revisionNumber(b))
    .slice(-MAX)
    .map((s) => revisionOf(s.metadata?.name ?? '', s.data!.release!, s.metadata?.labels ?? {}, release))
    .sort((a, b) => a.revision - b.revision);
  // The same shape as `helm history` gives (release.ts): no release is only { exists, history }.
  if (!history.length) return { exists: false, history };
  const current = history[history.length - 1];
  const lastGood = [...history].reverse().find((h) => h !== current && ['deployed', 'superseded'].includes(h.status));
  return { exists: true, current, lastGood, history };
}
