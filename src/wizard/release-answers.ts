// The answers an existing release was installed with, as the wizard's upgrade starts from them:
// the session's answers store (ConfigMap), else its recovery from `helm get values`.
import type { Cluster } from '../flows/install.ts';
import type { StoredAnswers } from './facts-types.ts';

export async function storedAnswersOf(c: Cluster, release: string, namespace: string): Promise<StoredAnswers | undefined> {
  const { answersOfRelease } = await import('../core.ts');
  const r = await answersOfRelease(c.api, c.helm, release, namespace);
  // What was answered, not the defaults behind it: the upgrade's answers keep their provenance.
  if (r.source === 'configmap') return { answers: r.given as StoredAnswers['answers'], source: 'configmap', unrecovered: [], assumed: [] };
  if (r.source === 'helm-values') {
    return { answers: r.recovered.answers as StoredAnswers['answers'], source: 'values', unrecovered: r.recovered.unrecovered, assumed: r.recovered.assumed, configMapProblems: r.configMapProblems };
  }
  return undefined;
}
