// The answers stored with a release: ConfigMap wallaroo-install-<release> in its namespace, key
// answers.yaml (the preset YAML, secrets only as env:/file: references; CONTRACTS.md).
import { parse } from 'yaml';
import type { Cluster } from '../flows/install.ts';
import type { StoredAnswers } from './facts-types.ts';

export const answersConfigMapName = (release: string) => `wallaroo-install-${release}`;

export async function readStoredAnswers(c: Cluster, release: string, namespace: string): Promise<StoredAnswers | undefined> {
  let cm;
  try {
    cm = await c.api.core.readNamespacedConfigMap({ name: answersConfigMapName(release), namespace });
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
  const text = cm.data?.['answers.yaml'];
  if (!text) return undefined;
  const answers = parse(text);
  return answers && typeof answers === 'object' ? { answers, source: 'configmap', unrecovered: [] } : undefined;
}
