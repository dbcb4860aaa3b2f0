// The release's state as helm records it (works with helm 3 and 4: `helm history -o json`).
import type { Helm } from './helm.ts';

export interface Revision { revision: number; status: string; chart: string; app_version?: string; updated?: string; description?: string }

export interface ReleaseState {
  exists: boolean;
  current?: Revision;
  /** Last revision that was deployed or superseded: where a rollback would go. */
  lastGood?: Revision;
  history: Revision[];
}

export async function releaseState(helm: Helm, release: string, namespace: string): Promise<ReleaseState> {
  const r = await helm.run(['history', release, '--namespace', namespace, '--max', '20', '--output', 'json']);
  if (r.exitCode !== 0) {
    if (/not found/i.test(r.stderr)) return { exists: false, history: [] };
    throw new Error(`helm history failed: ${r.stderr.trim()}`);
  }
  const history = (JSON.parse(r.stdout || '[]') as Revision[]).sort((a, b) => a.revision - b.revision);
  const current = history[history.length - 1];
  const lastGood = [...history].reverse().find((h) => h !== current && ['deployed', 'superseded'].includes(h.status));
  return { exists: history.length > 0, current, lastGood, history };
}

export function isPending(s: ReleaseState): boolean {
  return Boolean(s.current?.status.startsWith('pending'));
}

/** The safe way out of a release stuck in pending-*: what to run, once nothing else runs helm. */
export function pendingWayOut(s: ReleaseState, release: string, namespace: string): string {
  const cur = s.current!;
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
