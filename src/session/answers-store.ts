// The answers ConfigMap: `wallaroo-install-<release>` in the release namespace, key
// `answers.yaml` = the preset that made the release (secrets as env:/file: references only).
// Written after every successful install or upgrade; the wizard's upgrade starts from it, and
// uninstall lists and deletes it.
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { Answers } from '../config/schema.ts';
import type { EventBus } from '../flows/events.ts';
import type { KubeApis } from '../kube/apis.ts';
import { MANAGED_BY } from '../kube/secrets.ts';
import { kubeErrorReason } from '../kube/connect.ts';
import { VERSION } from '../version.ts';
import { answersToPresetYaml, answersWithSecretRefs, parseAnswersYaml, type ParsedAnswers } from './answers-yaml.ts';
import { statusOf } from './lease.ts';

export const ANSWERS_KEY = 'answers.yaml';
export const answersConfigMapName = (release: string) => `wallaroo-install-${release}`;

export interface StoreAnswersOptions {
  /** The folder relative `file:` references are relative to (the preset's). */
  refBase?: string;
  /** The helm revision these answers made. */
  revision?: number;
  /** Where the answers came from, for the header (a preset file, "the wizard"). */
  source?: string;
  /** The answers the admin gave (not defaults): only these are stored (answers-yaml.ts). */
  explicit?: ReadonlySet<string>;
}

export function answersConfigMap(a: Answers, o: StoreAnswersOptions = {}): V1ConfigMap {
  const now = new Date().toISOString();
  const yaml = answersToPresetYaml(a, {
    refBase: o.refBase, explicit: o.explicit,
    header: [
      `Answers of release ${a.release} in namespace ${a.namespace}${o.revision ? `, revision ${o.revision}` : ''}: saved by wallaroo-install ${VERSION} at ${now}${o.source ? ` from ${o.source}` : ''}.`,
      'Secrets are references (env:NAME, file:PATH) only: no secret value is stored here.',
      'Replay: save this as a file and run `wallaroo-install --preset FILE`.',
    ],
  });
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: answersConfigMapName(a.release), namespace: a.namespace,
      labels: { ...MANAGED_BY, 'wallaroo-install/release': a.release },
      annotations: { 'wallaroo-install/version': VERSION, 'wallaroo-install/saved': now, ...(o.revision ? { 'wallaroo-install/revision': String(o.revision) } : {}) },
    },
    data: { [ANSWERS_KEY]: yaml },
  };
}

/**
 * The answers ConfigMap as it is now: read while helm runs, so that the write after helm is one
 * request (a create, or a replace of this version) instead of a create refused and a read.
 */
export interface AnswersSlot {
  exists: boolean;
  resourceVersion?: string;
  /** The helm revision the stored answers made. */
  revision?: number;
  labels?: Record<string, string>;
}

/** The slot for the answers of `release` (404: none yet; other errors throw). */
export async function readAnswersSlot(api: KubeApis, release: string, namespace: string): Promise<AnswersSlot> {
  try {
    const cm = await api.core.readNamespacedConfigMap({ name: answersConfigMapName(release), namespace });
    const rev = Number(cm.metadata?.annotations?.['wallaroo-install/revision']);
    return { exists: true, resourceVersion: cm.metadata?.resourceVersion, labels: cm.metadata?.labels ?? {}, ...(Number.isInteger(rev) && rev > 0 ? { revision: rev } : {}) };
  } catch (e) {
    if (statusOf(e) === 404) return { exists: false };
    throw e;
  }
}

/**
 * Stores the answers beside the release. The release is installed whatever happens here, so a
 * failure (no RBAC for ConfigMaps, say) is a warning, not a failed install.
 *
 * Every write is conditional (a create, or a replace of the version last read) and answers of a
 * later helm revision are never overwritten: so the write is safe even once the install lock has
 * been given back beside it (install.ts), whatever order two runs' writes land in.
 */
export async function storeAnswers(bus: EventBus, api: KubeApis, a: Answers, o: StoreAnswersOptions & { slot?: AnswersSlot } = {}): Promise<boolean> {
  const { replaced } = answersWithSecretRefs(a);
  for (const r of replaced) {
    bus.emit({ type: 'warning', code: 'W_ANSWERS_SECRET_REF', key: r.key,
      message: `the stored answers read this secret from env:${r.env}: its literal value from the preset is never stored`,
      fix: `export ${r.env} before replaying the stored answers (or put env:/file: in your preset)` });
  }
  const body = answersConfigMap(a, o);
  const name = body.metadata!.name!;
  try {
    // Without a slot read beforehand, a create is tried first (a first install has none).
    let cur: AnswersSlot | undefined = o.slot ?? { exists: false };
    for (let attempt = 1; ; attempt++) {
      // Read again after a refusal: another run wrote meanwhile. (The first read was taken under
      // this run's lock, before its helm: a later revision there is left over from an earlier
      // life of the release, whose revisions began again at 1, and is written over.)
      const reread = cur === undefined;
      cur ??= await readAnswersSlot(api, a.release, a.namespace);
      if (reread && cur.exists && o.revision && cur.revision && cur.revision > o.revision) {
        bus.emit({ type: 'info', message: `answers not stored: ConfigMap ${name} already holds those of revision ${cur.revision}, newer than this run's ${o.revision}` });
        return false;
      }
      try {
        if (!cur.exists) await api.core.createNamespacedConfigMap({ namespace: a.namespace, body });
        else {
          await api.core.replaceNamespacedConfigMap({ name, namespace: a.namespace,
            body: { ...body, metadata: { ...body.metadata, resourceVersion: cur.resourceVersion, labels: { ...cur.labels, ...body.metadata!.labels } } } });
        }
        break;
      } catch (e) {
        const st = statusOf(e);
        // Deleted since it was read (an uninstall, once the lock was given back): not made again
        // for a release that may be gone.
        if (st === 404 && cur.exists) {
          bus.emit({ type: 'info', message: `answers not stored: ConfigMap ${name} was deleted while this run wrote it (an uninstall of the release?)` });
          return false;
        }
        // Made or changed since it was read: read it again and decide again.
        if (st !== 409 || attempt >= 3) throw e;
        cur = undefined;
      }
    }
    bus.emit({ type: 'info', message: `answers stored in ConfigMap ${name} (namespace ${a.namespace}; no secret values)` });
    return true;
  } catch (e) {
    // The fix follows the cause: rights for a refusal, the connection for anything else.
    const status = (e as { code?: unknown })?.code;
    const refused = status === 401 || status === 403;
    bus.emit({ type: 'warning', code: 'W_ANSWERS_NOT_STORED', message: `the answers could not be stored in ConfigMap ${name}: ${kubeErrorReason(e)}`,
      fix: `${refused ? `allow create/update of configmaps in namespace ${a.namespace}` : 'the cluster did not take the write (check that it answers: `kubectl cluster-info`)'}; keep your preset file: the next upgrade needs it` });
    return false;
  }
}

export type StoredAnswers =
  | { found: false }
  | { found: true; yaml: string; parsed: ParsedAnswers; savedAt?: string; revision?: number; version?: string };

/** The answers stored for a release, if any (404 → found: false; other errors throw). */
export async function readStoredAnswers(api: KubeApis, release: string, namespace: string): Promise<StoredAnswers> {
  let cm: V1ConfigMap;
  try { cm = await api.core.readNamespacedConfigMap({ name: answersConfigMapName(release), namespace }); } catch (e) {
    if (statusOf(e) === 404) return { found: false };
    throw e;
  }
  const yaml = cm.data?.[ANSWERS_KEY];
  if (typeof yaml !== 'string') return { found: false };
  const ann = cm.metadata?.annotations ?? {};
  return {
    found: true, yaml, parsed: parseAnswersYaml(yaml), savedAt: ann['wallaroo-install/saved'],
    revision: ann['wallaroo-install/revision'] ? Number(ann['wallaroo-install/revision']) : undefined, version: ann['wallaroo-install/version'],
  };
}
