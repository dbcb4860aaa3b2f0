// The release's state as helm records it (works with helm 3 and 4: `helm history -o json`).
// Only helm's own "release: not found" means "not installed"; a state that cannot be read (API
// down, no rights, a broken helm) is an error that says so, never "not installed".
import type { Helm } from './helm.ts';
import { helmError } from './helm.ts';
import { FlowError } from '../util/flow-error.ts';

export interface Revision { revision: number; status: string; chart: string; app_version?: string; updated?: string; description?: string }

export interface ReleaseState {
  exists: boolean;
  current?: Revision;
  /** Last revision that was deployed or superseded: where a rollback would go. */
  lastGood?: Revision;
  history: Revision[];
}

/** Advice for a helm error that came from the Kubernetes API (helm words it its own way). */
export function helmApiAdvice(text: string): string | undefined {
  if (/unable to handle the request|ServiceUnavailable|\b503\b|TooManyRequests/i.test(text)) {
    return 'the API server is up but cannot serve requests (control plane unavailable or overloaded): wait a little and run again; check with `kubectl get --raw \'/readyz?verbose\'`';
  }
  if (/unreachable|connection refused|no such host|i\/o timeout|handshake timeout|connection reset|EOF$|network is unreachable|no route to host/im.test(text)) {
    return 'check that the cluster is reachable from here (`kubectl cluster-info`): VPN, bastion, firewall, and the kubeconfig context';
  }
  if (/Unauthorized|provide credentials|\b401\b/.test(text)) return 'refresh the kubeconfig credentials (they may have expired), then check with `kubectl get nodes`';
  if (/forbidden/i.test(text)) return 'your Kubernetes user lacks a right helm needs (it keeps releases as Secrets in the namespace): use a cluster-admin context, or have the rights granted';
  if (/x509|certificate/i.test(text)) return 'the API server\'s certificate cannot be verified: check certificate-authority-data and the server address in the kubeconfig';
  return undefined;
}

export async function releaseState(helm: Helm, release: string, namespace: string, signal?: AbortSignal): Promise<ReleaseState> {
  const r = await helm.run(['history', release, '--namespace', namespace, '--max', '20', '--output', 'json'], { signal });
  if (r.exitCode !== 0) {
    if (/^Error: release: not found\s*$/m.test(r.stderr)) return { exists: false, history: [] };
    const err = helmError(r);
    throw new FlowError('E_RELEASE_STATE', `cannot read the state of release ${release} in namespace ${namespace}: ${err}`,
      `${helmApiAdvice(r.stderr) ?? `run \`helm history ${release} --namespace ${namespace}\` to see why`}; nothing is changed until the state is known`, 1);
  }
  let history: Revision[];
  try {
    const parsed: unknown = JSON.parse(r.stdout || '[]');
    if (!Array.isArray(parsed)) throw new Error('not a list');
    history = (parsed as Revision[]).filter((h) => h && typeof h.revision === 'number').sort((a, b) => a.revision - b.revision);
  } catch {
    throw new FlowError('E_RELEASE_STATE', `cannot read the state of release ${release}: \`helm history --output json\` printed something else than its JSON`,
      'check the helm binary (--helm PATH): it must be helm 3.11.2+ or helm 4', 1);
  }
  const current = history[history.length - 1];
  const lastGood = [...history].reverse().find((h) => h !== current && ['deployed', 'superseded'].includes(h.status));
  return { exists: history.length > 0, current, lastGood, history };
}

export function isPending(s: ReleaseState): boolean {
  return Boolean(s.current?.status.startsWith('pending'));
}

/** The safe way out of a release stuck in pending-*: what to run, once nothing else runs helm. */
/** An uninstall that stopped half-way (its hook failed, or it was interrupted): only finishing it helps. */
export function isUninstalling(s: ReleaseState): boolean {
  return s.current?.status === 'uninstalling';
}

export function pendingWayOut(s: ReleaseState, release: string, namespace: string): string {
  const cur = s.current!;
  if (cur.status === 'uninstalling') {
    return `an uninstall of it stopped half-way: finish it with \`wallaroo-install uninstall --release ${release} --namespace ${namespace} --yes\` (or \`helm uninstall ${release} --namespace ${namespace}\`), then run the install again`;
  }
  const check = `make sure no other helm or wallaroo-install is working on it (ps, CI jobs), then`;
  if (s.lastGood) {
    return `${check} roll back to the last good revision: \`helm rollback ${release} ${s.lastGood.revision} --namespace ${namespace}\`, and run the install again`;
  }
  if (cur.status === 'pending-install') {
    return `${check} remove the half-made release: \`helm uninstall ${release} --namespace ${namespace}\` (nothing was ever deployed), and run the install again`;
  }
  // No good revision to return to: the one before the stuck one (it failed) is still a known state.
  const prev = s.history.filter((h) => h.revision < cur.revision).pop();
  return prev
    ? `${check} roll back to revision ${prev.revision} (${prev.status}): \`helm rollback ${release} ${prev.revision} --namespace ${namespace}\`, and run the install again`
    : `${check} remove the half-made release: \`helm uninstall ${release} --namespace ${namespace}\`, and run the install again`;
}

/**
 * After helm stopped (cancelled, timed out, the API went away): the release as helm now
 * records it, in words, and its state if it could be read. "Not created" only when helm says so.
 */
export async function releaseAfterStop(helm: Helm, release: string, namespace: string): Promise<{ state?: ReleaseState; where: string }> {
  try {
    const state = await releaseState(helm, release, namespace);
    return { state, where: state.current ? `release ${release} is now ${state.current.status} (revision ${state.current.revision})` : `release ${release} was not created` };
  } catch (e) {
    return { where: `the state of release ${release} cannot be read now (${e instanceof FlowError ? e.cause_.replace(/^cannot read the state of release \S+ in namespace \S+: /, '') : String(e)}); \`wallaroo-install status\` shows it once the API answers` };
  }
}

const HELM_FAILURES = new Set(['E_HELM_TIMEOUT', 'E_HELM_FAILED', 'E_HOOK_FAILED', 'E_JOB_FAILED']);

/**
 * A failed `helm upgrade --install` (timeout, API outage, hook): adds the state helm itself now
 * records (pending-install included) and, for a stuck release, the safe way out. Rethrows.
 */
export async function withReleaseState(e: unknown, helm: Helm, release: string, namespace: string): Promise<never> {
  if (!(e instanceof FlowError) || !HELM_FAILURES.has(e.code)) throw e;
  const { state, where } = await releaseAfterStop(helm, release, namespace);
  // The state unknown (the API went away while helm waited): not "the failed release" — helm
  // may have left it pending-*, which `status` shows and gives the way out of.
  const unknown = 'the release may be left pending-* (helm could not record how it ended without the API): once the cluster answers, `wallaroo-install status` shows it and the safe way out';
  const fix = state && isPending(state) ? pendingWayOut(state, release, namespace)
    : state ? e.fix : `${helmApiAdvice(`${e.cause_}\n${where}`) ?? 'check that the cluster answers (`kubectl cluster-info`)'}; ${unknown}`;
  throw new FlowError(e.code, `${e.cause_}\n${where}`, fix, 1);
}
