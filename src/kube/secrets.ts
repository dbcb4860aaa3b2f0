// Creating or updating the Secrets the values reference (TLS, registry credentials), so that key
// material never sits in helm's stored values.
import type { KubeApis } from './apis.ts';
import type { KubeSecretSpec } from '../flows/plan.ts';
import { isNotFound } from './connect.ts';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'wallaroo-install', 'app.kubernetes.io/part-of': 'wallaroo' };

export async function ensureNamespace(api: KubeApis, name: string): Promise<'created' | 'exists'> {
  try {
    await api.core.readNamespace({ name });
    return 'exists';
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await api.core.createNamespace({ body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: MANAGED_BY } } });
  } catch (e) {
    if ((e as { code?: number }).code !== 409) throw e;
  }
  return 'created';
}

export async function applySecret(api: KubeApis, namespace: string, s: KubeSecretSpec): Promise<'created' | 'updated' | 'unchanged'> {
  const data = Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  const body = { apiVersion: 'v1', kind: 'Secret', type: s.type, metadata: { name: s.name, namespace, labels: MANAGED_BY }, data };
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
