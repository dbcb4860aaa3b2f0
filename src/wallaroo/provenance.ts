// Where a setting's value came from: the admin (a key in the preset, later an answer in the
// wizard) or a default (the sizing table, our defaults). The answers schema fills in defaults,
// so this is read from the raw input before validation. Pure.
import { SETTINGS, type SettingId } from './keys.ts';

/** Dotted paths of every key the admin wrote ("services", "services.plateau", …); arrays are leaves. */
export function explicitPaths(raw: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string, depth: number) => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || depth > 32) return;
    for (const [k, v] of Object.entries(node)) {
      if (v === undefined) continue;
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      walk(v, p, depth + 1);
    }
  };
  walk(raw, '', 0);
  return out;
}

/**
 * The answer path the admin gave for a setting, or undefined when its value is a default.
 * `explicit` undefined means provenance is unknown: every value counts as explicit, so that
 * nothing the admin may have asked for is dropped silently.
 */
export function explicitSource(id: SettingId, explicit: ReadonlySet<string> | undefined): string | undefined {
  const from = SETTINGS[id].from;
  if (!explicit) return from[0];
  for (const p of from) {
    if (explicit.has(p)) return p;
    for (const e of explicit) if (e.startsWith(`${p}.`)) return p;
  }
  return undefined;
}
