// Creating or updating the Secrets the values reference (TLS, registry credentials), so that key
// material never sits in helm's stored values.
import type { KubeApis } from './apis.ts';
import type { KubeSecretSpec } from '../flows/plan.ts';
import { isNotFound } from './connect.ts';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'wallaroo-install', 'app.kubernetes.io/part-of': 'wallaroo' };

// Namespaces this run already knows exist, per API client: asked once, not before every step.
const present = new WeakMap<object, Set<string>>();
/** Notes that the namespace exists (the caller just read it). */
export const rememberNamespace = (api: KubeApis, name: string): void => {
  const s = present.get(api) ?? new Set<string>();
  s.add(name);
  present.set(api, s);
};

export async function ensureNamespace(api: KubeApis, name: string): Promise<'created' | 'exists'> {
  if (present.get(api)?.has(name)) return 'exists';
  try {
    await api.core.readNamespace({ name });
    rememberNamespace(api, name);
    return 'exists';
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await createNamespace(api, name);
  return 'created';
}

// Namespaces this run created: nothing of ours can be in them yet.
const madeHere = new WeakMap<object, Set<string>>();

/** Creates the namespace (one that appeared meanwhile is fine), labelled as ours. */
export async function createNamespace(api: KubeApis, name: string): Promise<void> {
  try {
    await api.core.createNamespace({ body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: MANAGED_BY } } });
    madeHere.set(api, (madeHere.get(api) ?? new Set<string>()).add(name));
  } catch (e) {
    if ((e as { code?: number }).code !== 409) throw e;
  }
  rememberNamespace(api, name);
}

export async function applySecret(api: KubeApis, namespace: string, s: KubeSecretSpec): Promise<'created' | 'updated' | 'unchanged'> {
  const data = Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  const body = { apiVersion: 'v1', kind: 'Secret', type: s.type, metadata: { name: s.name, namespace, labels: MANAGED_BY }, data };
  // In a namespace this run created the Secret cannot exist yet: created at once, one round
  // trip (and if it does exist after all, it is compared and updated as below).
  if (madeHere.get(api)?.has(namespace)) {
    try {
      await api.core.createNamespacedSecret({ namespace, body });
      return 'created';
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
  }
  let existing;
  try {
    existing = await api.core.readNamespacedSecret({ name: s.name, namespace });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await api.core.createNamespacedSecret({ namespace, body });
    return 'created';
  }
  if (existing.type !== s.type) {
    // The type of a Secret cannot change in place.
    await api.core.deleteNamespacedSecret({ name: s.name, namespace });
    await api.core.createNamespacedSecret({ namespace, body });
    return 'updated';
  }
  const same = JSON.stringify(existing.data ?? {}) === JSON.stringify(data);
  if (same) return 'unchanged';
  await api.core.replaceNamespacedSecret({ name: s.name, namespace, body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion, labels: { ...existing.metadata?.labels, ...MANAGED_BY } } } });
  return 'updated';
}
