// The answers an existing release was installed with, for the wizard's upgrade: the answers
// ConfigMap when it is there (and valid), else what `helm get values` tells, with the list of
// answers that could not be recovered (for the review to name).
import type { Answers } from '../config/schema.ts';
import type { Helm } from '../helm/helm.ts';
import { releaseState } from '../helm/release.ts';
import type { KubeApis } from '../kube/apis.ts';
import type { HelmValues } from '../wallaroo/values.ts';
import { readStoredAnswers } from './answers-store.ts';
import { recoverAnswers, type RecoveredAnswers } from './recover-answers.ts';

export type ReleaseAnswers =
  | { source: 'configmap'; answers: Answers; /** The keys the stored answers set, as stored (no defaults filled in). */ given: Record<string, unknown>; savedAt?: string; revision?: number }
  | { source: 'helm-values'; recovered: RecoveredAnswers; revision?: number; chart?: string;
      /** Why the ConfigMap was not used, when it exists but does not validate. */
      configMapProblems?: string[] }
  | { source: 'none' };

async function helmValues(helm: Helm, release: string, namespace: string, all: boolean): Promise<HelmValues | undefined> {
  const r = await helm.run(['get', 'values', release, '--namespace', namespace, '--output', 'json', ...(all ? ['--all'] : [])]);
  if (r.exitCode !== 0) return undefined;
  try { return (JSON.parse(r.stdout || '{}') ?? {}) as HelmValues; } catch { return undefined; }
}

export async function answersOfRelease(api: KubeApis, helm: Helm, release: string, namespace: string): Promise<ReleaseAnswers> {
  const stored = await readStoredAnswers(api, release, namespace);
  if (stored.found && stored.parsed.ok) return { source: 'configmap', answers: stored.parsed.answers, given: stored.parsed.given, savedAt: stored.savedAt, revision: stored.revision };
  const state = await releaseState(helm, release, namespace);
  if (!state.exists) return { source: 'none' };
  const [values, computed] = await Promise.all([helmValues(helm, release, namespace, false), helmValues(helm, release, namespace, true)]);
  const recovered = recoverAnswers(values ?? {}, { release, namespace, chart: state.current?.chart, computed });
  return {
    source: 'helm-values', recovered, revision: state.current?.revision, chart: state.current?.chart,
    ...(stored.found && !stored.parsed.ok ? { configMapProblems: stored.parsed.problems } : {}),
  };
}
