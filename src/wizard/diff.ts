// What an upgrade changes against the live release: the values keys added, changed and removed
// (`helm get values` of the current revision against the values we will write), secrets redacted.
import type { HelmValues } from '../wallaroo/values.ts';

export interface ValuesChange { key: string; kind: 'added' | 'changed' | 'removed'; from?: string; to?: string }

/** Keys whose values are secret material (their names, not just their values, say so). */
const SECRET_KEY = /(password|passwd|clientSecret|custTlsKey|custTlsCert|token|apiKey)$/i;

function leaves(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) {
    for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, v);
  return out;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 48 ? `${s.slice(0, 45)}...` : s;
}

/**
 * The changes, sorted by key. A value that is secret by its key's name, or equal to one of
 * `secrets`, shows as "(secret)".
 */
export function valuesDiff(prev: HelmValues, next: HelmValues, secrets: Iterable<string> = []): ValuesChange[] {
  const known = new Set([...secrets].filter((s) => s.length >= 4));
  const hidden = (key: string, v: unknown) => SECRET_KEY.test(key) || (typeof v === 'string' && [...known].some((s) => v.includes(s)));
  const fmt = (key: string, v: unknown) => (v === undefined ? undefined : hidden(key, v) ? '(secret)' : show(v));
  const a = leaves(prev, '', new Map());
  const b = leaves(next, '', new Map());
  const out: ValuesChange[] = [];
  for (const [k, v] of b) {
    if (!a.has(k)) out.push({ key: k, kind: 'added', to: fmt(k, v) });
    else if (JSON.stringify(a.get(k)) !== JSON.stringify(v)) out.push({ key: k, kind: 'changed', from: fmt(k, a.get(k)), to: fmt(k, v) });
  }
  for (const [k, v] of a) if (!b.has(k)) out.push({ key: k, kind: 'removed', from: fmt(k, v) });
  return out.sort((x, y) => x.key.localeCompare(y.key));
}
