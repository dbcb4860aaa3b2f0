// Secrets the chart takes only inline end up in the Helm values, and helm stores the values in
// its release (a Secret in the namespace). Said at preset load, against the chart contract as
// we know it (first candidates); render and install say it again for the chart at hand.
import type { Answers } from '../config/schema.ts';
import type { Problem, KeyPath } from '../config/problems.ts';
import { planValues, type SecretInValues } from './values.ts';
import { unresolvedKeyMap } from './key-map.ts';

/** "advanced.keycloakProviders[0].clientSecret" → ['advanced', 'keycloakProviders', 0, 'clientSecret']. */
export function answerKeyPath(path: string): KeyPath {
  return path.split('.').flatMap((part) => {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    return [m[1], ...[...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
}

export function inReleaseText(s: SecretInValues, namespace: string): string {
  return `${s.label} is written into the Helm values as ${s.key}, so it is stored in helm's release, readable by anyone who can read Secrets in namespace ${namespace}`;
}

export function inlineOnlySecretWarnings(a: Answers): Problem[] {
  let inlineSecrets: SecretInValues[];
  try {
    inlineSecrets = planValues(a, unresolvedKeyMap(), { secretsIn: 'kubernetes', secrets: new Map() }).inlineSecrets;
  } catch {
    return []; // answers too malformed to build values from (the loader reports why)
  }
  return inlineSecrets.map((s) => ({
    level: 'warning', code: 'W_SECRET_IN_RELEASE', path: answerKeyPath(s.answer),
    message: `the Wallaroo chart takes this only inline (no Secret reference): ${inReleaseText(s, a.namespace)}`,
    fix: `limit who may read Secrets in namespace ${a.namespace}, or leave the setting out if that is not acceptable`,
  }));
}
