// Reads a preset file: YAML → validated answers, with every problem located (file:line:col),
// secrets resolved in memory, relative paths made absolute (relative to the preset's folder).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument, LineCounter, isMap, isPair, isScalar, type Document } from 'yaml';
import { answersSchema, type Answers } from './schema.ts';
import { problemsFromZod } from './issues-from-zod.ts';
import { answerWarnings, crossFieldErrors } from './rules.ts';
import { resolveSecrets } from './resolve-secrets.ts';
import { readTlsFiles, type TlsFiles } from './tls-files.ts';
import { baseDomain } from '../wallaroo/domain.ts';
import type { Problem, KeyPath } from './problems.ts';

export interface LocatedProblem extends Problem { file: string; line?: number; col?: number }

export interface LoadedPreset {
  file: string;
  answers: Answers;
  secrets: Map<string, string>;
  tlsFiles?: TlsFiles;
  warnings: LocatedProblem[];
}

export type PresetResult = { ok: true; preset: LoadedPreset } | { ok: false; file: string; problems: LocatedProblem[] };

function locate(doc: Document, lc: LineCounter, path: KeyPath): { line?: number; col?: number } {
  // The deepest node that exists along the path; for a key, point at the key itself.
  for (let n = path.length; n >= 0; n--) {
    const parent = n > 0 ? doc.getIn(path.slice(0, n - 1), true) : undefined;
    let range: [number, number, number?] | undefined;
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === path[n - 1]);
      range = (pair?.key as any)?.range;
    } else if (n > 0) range = (doc.getIn(path.slice(0, n), true) as any)?.range;
    else range = (doc.contents as any)?.range;
    if (range) {
      const pos = lc.linePos(range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  return {};
}

/** Path fields that name files, resolved against the preset's folder. */
export const FILE_FIELDS: { path: KeyPath; label: string; fix: string }[] = [
  { path: ['chart', 'archive'], label: 'the chart archive', fix: 'point chart.archive at the wallaroo-<version>.tgz you copied onto this machine' },
  { path: ['registries', 'images', 'imageValues'], label: 'image-values.yaml', fix: 'point it at the image-values.yaml that load-images.bash wrote' },
];

export interface LoadOptions {
  /** false for commands that only need the release and namespace (status, credentials). */
  resolveSecrets?: boolean;
}

export function loadPreset(file: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), opts: LoadOptions = {}): PresetResult {
  const full = isAbsolute(file) ? file : resolve(cwd, file);
  const at = (p: Problem, pos: { line?: number; col?: number } = {}): LocatedProblem => ({ ...p, file: full, ...pos });
  let text: string;
  try { text = readFileSync(full, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, file: full, problems: [at({ level: 'error', code: 'E_PRESET_UNREADABLE', path: [],
      message: `cannot read the preset file ${full} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code})`,
      fix: code === 'ENOENT' ? 'check the path; ready presets are in the presets/ folder of the package' : 'check its permissions' })] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return { ok: false, file: full, problems: doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return at({ level: 'error', code: 'E_YAML', path: [], message: `not valid YAML: ${e.message.split('\n')[0]}`, fix: 'fix the YAML syntax at this line (indentation, a missing colon, an unclosed quote)' }, { line: pos.line, col: pos.col });
    }) };
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, file: full, problems: [at({ level: 'error', code: 'E_PRESET_SHAPE', path: [], message: 'the preset must be a mapping of keys (apiVersion, distribution, chart, …)', fix: 'start from one of the ready presets in presets/' })] };
  }
  const parsed = answersSchema.safeParse(data, { reportInput: true });
  // File and secret checks run even when validation failed, so that every problem is listed at
  // once; on unvalidated input they are best-effort (they skip values of the wrong type).
  const answers = (parsed.success ? structuredClone(parsed.data) : structuredClone(data)) as Answers;
  const problems: Problem[] = parsed.success ? [] : problemsFromZod(answersSchema, parsed.error.issues);
  if (!parsed.success) {
    // zod skips the cross-field rules once a field is invalid; run them on the raw input so
    // that they are listed too (best-effort: a wrong-typed value counts as not set).
    const seen = new Set(problems.map((p) => `${p.code}@${p.path.join('.')}`));
    try {
      for (const p of crossFieldErrors(data as Answers)) if (!seen.has(`${p.code}@${p.path.join('.')}`)) problems.push(p);
    } catch { /* input too malformed for the rules: the schema problems say enough */ }
  }
  const base = dirname(full);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

  if (str(answers.chart?.archive)) answers.chart.archive = abs(answers.chart.archive);
  if (str(answers.registries?.images?.imageValues)) answers.registries.images!.imageValues = abs(answers.registries.images!.imageValues);
  for (const f of FILE_FIELDS) {
    const v = f.path.reduce<any>((o, k) => o?.[k], answers);
    if (str(v) && !existsSync(v)) problems.push({ level: 'error', code: 'E_FILE_MISSING', path: f.path, message: `${f.label} ${v} does not exist`, fix: f.fix });
  }
  let tlsFiles: TlsFiles | undefined;
  const tls = answers.tls;
  if (str(tls?.certFile) && str(tls?.keyFile) && str(answers.domain?.suffix)) {
    tls.certFile = abs(tls.certFile);
    tls.keyFile = abs(tls.keyFile);
    const r = readTlsFiles(tls.certFile, tls.keyFile, baseDomain(answers.domain));
    problems.push(...r.problems);
    tlsFiles = r.files;
  }
  const resolved = opts.resolveSecrets === false ? { secrets: new Map<string, string>(), problems: [] } : resolveSecrets(answers, env, base);
  problems.push(...resolved.problems);
  if (parsed.success) problems.push(...answerWarnings(answers));

  const located = problems.map((p) => at(p, locate(doc, lc, p.path)))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  const errors = located.filter((p) => p.level === 'error');
  if (errors.length) return { ok: false, file: full, problems: located };
  return { ok: true, preset: { file: full, answers, secrets: resolved.secrets, tlsFiles, warnings: located } };
}
