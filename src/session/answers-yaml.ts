// Answers → preset YAML, and back. The wizard saves its answers file with it and every install
// stores it in the answers ConfigMap; `--preset` replays it unchanged.
//
// Decisions:
// - Given `explicit` (what the admin answered: the preset's keys, the wizard's answers), only
//   those answers are written; the defaults behind them are not. A replay then decides exactly
//   as the run that saved them: a default stays a default (with a chart that has no key for it,
//   it is left out with a warning instead of stopping the run as something asked for), and it
//   follows the sizing table and defaults of the wallaroo-install that replays it. Without
//   `explicit`, every answer is written, defaults included.
// - Secrets are references only. A literal secret in the answers (a preset may hold one: it
//   works, with a warning) is replaced by `env:WALLAROO_…`, named after the field, so the
//   value itself is never written; the caller says so to the user.
// - A relative `file:` reference is relative to the preset's folder; given `refBase`, it is made
//   absolute, for a copy stored away from that folder (the ConfigMap).
// - YAML 1.1, so that strings such as `on`, `yes` or `no` stay strings everywhere.
// Pure: no I/O.
import { isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { API_VERSION, answersSchema, type Answers } from '../config/schema.ts';
import { keyPath, type KeyPath } from '../config/problems.ts';
import { secretFields, isLiteralSecret } from '../config/secret-fields.ts';
import { toYaml11 } from '../util/files.ts';

export interface ReplacedSecret { key: string; env: string }

/** `env:` variable standing in for a literal secret at `path`: WALLAROO_ + the key, upper case. */
export function secretEnvName(path: KeyPath, a: Answers): string {
  if (path[0] === 'advanced' && path[1] === 'keycloakProviders' && typeof path[2] === 'number') {
    const id = a.advanced.keycloakProviders[path[2]]?.id ?? String(path[2]);
    return `WALLAROO_IDP_${id}_CLIENT_SECRET`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  }
  const named: Record<string, string> = {
    'chart.login.password': 'WALLAROO_CHART_PASSWORD',
    'registries.images.pullSecret.password': 'WALLAROO_IMAGES_PASSWORD',
    'registries.models.password': 'WALLAROO_MODELS_PASSWORD',
    'registries.edge.password': 'WALLAROO_EDGE_PASSWORD',
    'registries.pypi.password': 'WALLAROO_PYPI_PASSWORD',
  };
  return named[keyPath(path)] ?? `WALLAROO_${path.join('_')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function setAt(o: any, path: KeyPath, v: unknown): void {
  let cur = o;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path[path.length - 1]] = v;
}

/** The answers with every secret as a reference (see the decisions above). */
export function answersWithSecretRefs(a: Answers, o: { refBase?: string } = {}): { answers: Answers; replaced: ReplacedSecret[] } {
  const out = structuredClone(a);
  const replaced: ReplacedSecret[] = [];
  for (const f of secretFields(a)) {
    if (isLiteralSecret(f.ref)) {
      const env = secretEnvName(f.path, a);
      setAt(out, f.path, `env:${env}`);
      replaced.push({ key: keyPath(f.path), env });
    } else if (f.ref.startsWith('file:') && o.refBase && !isAbsolute(f.ref.slice(5))) {
      setAt(out, f.path, `file:${resolve(o.refBase, f.ref.slice(5))}`);
    }
  }
  return { answers: out, replaced };
}

/** Drops what says nothing: undefined, and maps or lists left empty. `null` means something (a pool without a taint). */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => [k, prune(x)] as const).filter(([, x]) => x !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

export interface PresetYamlOptions {
  /** Folder the answers' relative `file:` references are relative to (made absolute). */
  refBase?: string;
  /** Comment lines for the top of the file (without '#'). */
  header?: string[];
  /**
   * The answers the admin gave (provenance.ts explicitPaths): only these are written, so that a
   * replay sees the same answers as the run that saved them. A default written out would count
   * as asked for on replay (and a chart without that setting would then stop the run instead
   * of leaving it out with a warning); left out, it still comes from the defaults.
   */
  explicit?: ReadonlySet<string>;
}

/** Keeps only the keys at `explicit` paths (lists are single answers). */
function keepExplicit(v: unknown, explicit: ReadonlySet<string>, prefix = ''): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (explicit.has(p)) out[k] = keepExplicit(x, explicit, p);
  }
  return out;
}

/** The answers as a preset file (YAML 1.1, apiVersion first, no secret values). */
export function answersToPresetYaml(a: Answers, o: PresetYamlOptions = {}): string {
  const { answers: all } = answersWithSecretRefs(a, o);
  const answers = (o.explicit ? keepExplicit(all, o.explicit) : all) as typeof all;
  const { apiVersion: _, ...rest } = answers;
  const body = { apiVersion: API_VERSION, ...(prune(rest) as object) };
  return toYaml11(body, o.header?.map((l) => ` ${l}`).join('\n'));
}

/** `given`: the keys the text sets, as written (no defaults filled in): what was answered. */
export type ParsedAnswers = { ok: true; answers: Answers; given: Record<string, unknown> } | { ok: false; problems: string[] };

/** Preset YAML text (e.g. from the answers ConfigMap) → validated answers; no files are read. */
export function parseAnswersYaml(text: string): ParsedAnswers {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) return { ok: false, problems: doc.errors.map((e) => `not valid YAML: ${e.message.split('\n')[0]}`) };
  const given = (doc.toJS() ?? {}) as Record<string, unknown>;
  const r = answersSchema.safeParse(given);
  if (!r.success) return { ok: false, problems: r.error.issues.map((i) => `${keyPath(i.path as KeyPath) || '(top)'}: ${i.message}`) };
  return { ok: true, answers: r.data, given };
}
