// A preset given with a terminal: if it is only incomplete or invalid, the wizard opens on it
// with everything else prefilled.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadPreset, type LocatedProblem } from '../config/load-preset.ts';
import { secretFields } from '../config/secret-fields.ts';
import { getIn, setIn } from './draft.ts';

/** Problems the wizard cannot fix by asking: the file itself is unusable, or a key is not ours. */
const NOT_FILLABLE = new Set(['E_PRESET_UNREADABLE', 'E_YAML', 'E_PRESET_SHAPE', 'E_UNKNOWN_KEY', 'E_API_VERSION']);

/** The problems of a preset that the wizard cannot ask away. */
export function unfillable(problems: LocatedProblem[], raw: Record<string, unknown> | undefined): LocatedProblem[] {
  return problems.filter((p) => p.level === 'error' && NOT_FILLABLE.has(p.code) && !(p.code === 'E_API_VERSION' && raw?.apiVersion === undefined));
}

export function fillable(problems: LocatedProblem[], raw: Record<string, unknown> | undefined): boolean {
  return unfillable(problems, raw).length === 0;
}

export type PresetStart =
  | { kind: 'complete' }
  | { kind: 'partial'; draft: Record<string, unknown>; problems: LocatedProblem[] }
  | { kind: 'unusable'; problems: LocatedProblem[] };

/** Reads a preset for the wizard: the raw answers (paths made absolute as the loader does). */
export function presetStart(file: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): PresetStart {
  const r = loadPreset(file, env, cwd);
  const full = isAbsolute(file) ? file : resolve(cwd, file);
  let raw: Record<string, unknown> | undefined;
  try {
    const v = parse(readFileSync(full, 'utf8'));
    raw = v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch { raw = undefined; }
  if (r.ok) return { kind: 'complete' };
  if (!raw) return { kind: 'unusable', problems: r.problems };
  const stop = unfillable(r.problems, raw);
  if (stop.length) return { kind: 'unusable', problems: stop };
  return { kind: 'partial', draft: absolutePaths(raw, dirname(full)), problems: r.problems };
}

/** A preset read for the wizard, complete or not: relative paths resolved against its folder. */
export function presetDraft(file: string, cwd = process.cwd()): Record<string, unknown> {
  const full = isAbsolute(file) ? file : resolve(cwd, file);
  const v = parse(readFileSync(full, 'utf8'));
  return absolutePaths(v && typeof v === 'object' && !Array.isArray(v) ? v : {}, dirname(full));
}

function absolutePaths(raw: Record<string, unknown>, base: string): Record<string, unknown> {
  let d = raw;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  // The paths the preset loader resolves against the preset's folder.
  for (const path of [['chart', 'archive'], ['registries', 'images', 'imageValues'], ['tls', 'certFile'], ['tls', 'keyFile']]) {
    const v = getIn(d, path);
    if (typeof v === 'string' && v) d = setIn(d, path, abs(v));
  }
  // file: secret references are relative to the preset too.
  for (const f of secretFields(d as never)) {
    if (f.ref.startsWith('file:')) d = setIn(d, f.path, `file:${abs(f.ref.slice(5))}`);
  }
  return d;
}
