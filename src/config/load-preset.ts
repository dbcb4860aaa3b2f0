// Reads a preset file: YAML → validated answers, with every problem located (file:line:col) and
// listed in one pass (errors and warnings together), secrets resolved in memory, relative paths
// made absolute (relative to the preset's folder). Every file is read through the safe reader
// (regular files only, sizes checked first), and the work stays linear in the preset's size.
import { dirname, isAbsolute, resolve } from 'node:path';
import { answersSchema, type Answers } from './schema.ts';
import { problemsFromZod } from './issues-from-zod.ts';
import { answerWarnings, crossFieldErrors } from './rules.ts';
import { resolveSecrets, type SecretMode } from './resolve-secrets.ts';
import { readTlsFiles, type TlsFiles } from './tls-files.ts';
import { parseYamlInput } from './yaml-input.ts';
import { weakSecretWarnings } from './weak-secrets.ts';
import { checkInputFile, readInputBytes, readInputFile, InputFileError, INPUT_LIMITS } from '../util/read-input.ts';
import { showPath } from '../util/escape.ts';
import { baseDomain } from '../wallaroo/domain.ts';
import { explicitPaths } from '../wallaroo/provenance.ts';
import type { Problem, KeyPath } from './problems.ts';

export interface LocatedProblem extends Problem { file: string; line?: number; col?: number }

export interface LoadedPreset {
  file: string;
  answers: Answers;
  secrets: Map<string, string>;
  /** Secret key paths whose value must not be redacted (weak: see util/redact.ts); warned about. */
  unmaskable: Set<string>;
  /** Secret key paths that hold a placeholder (render without the value). */
  unresolved: Set<string>;
  tlsFiles?: TlsFiles;
  warnings: LocatedProblem[];
  /** Dotted key paths the preset itself sets (the rest are defaults); undefined: unknown, all count as set. */
  explicit?: ReadonlySet<string>;
}

export type PresetResult = { ok: true; preset: LoadedPreset } | { ok: false; file: string; problems: LocatedProblem[] };

/** Where to find ready presets, for messages: the package has no presets/ folder at hand. */
export const PRESETS_HINT = '`wallaroo-install presets` lists the ready presets; `wallaroo-install presets show NAME --write .` copies one here';

export interface LoadOptions {
  /** false for commands that only need the release and namespace (status, credentials). */
  resolveSecrets?: boolean;
  /** 'required' (default): an unresolvable secret is an error; 'optional' (render): a warning. */
  secrets?: SecretMode;
}

/** Path fields that name files, resolved against the preset's folder and checked. */
export function checkArchive(path: string): Problem | undefined {
  const at: KeyPath = ['chart', 'archive'];
  try {
    const r = checkInputFile(path, { field: 'chart.archive', limit: INPUT_LIMITS.chartArchive, allowDirectory: true });
    if (r.kind === 'directory') {
      checkInputFile(resolve(path, 'Chart.yaml'), { field: 'chart.archive', limit: INPUT_LIMITS.preset });
      return undefined;
    }
    const head = readInputBytes(path, { field: 'chart.archive', limit: INPUT_LIMITS.chartArchive, maxRead: 2 });
    if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) {
      return { level: 'error', code: 'E_CHART_ARCHIVE', path: at, message: `chart.archive ${showPath(path)} is not a chart archive (a .tgz made by helm package)`, fix: 'point chart.archive at the wallaroo-<version>.tgz from Wallaroo support, or at an unpacked chart folder' };
    }
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    const missing = e.errno === 'ENOENT';
    const inFolder = e.path !== path;
    return { level: 'error', code: missing ? 'E_FILE_MISSING' : 'E_CHART_ARCHIVE', path: at,
      message: inFolder ? `chart.archive ${showPath(path)} is a folder without a readable Chart.yaml (${e.reason})` : missing ? `the chart archive ${showPath(path)} does not exist` : `chart.archive ${showPath(path)} cannot be used: ${e.reason}`,
      fix: missing || inFolder ? 'point chart.archive at the wallaroo-<version>.tgz you copied onto this machine' : e.fix };
  }
  return undefined;
}

export function checkImageValues(path: string): Problem | undefined {
  try {
    // Read whole (within its limit) so that a file we cannot read fails here, not inside helm.
    readInputFile(path, { field: 'registries.images.imageValues', limit: INPUT_LIMITS.imageValues });
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    const missing = e.errno === 'ENOENT';
    return { level: 'error', code: missing ? 'E_FILE_MISSING' : 'E_IMAGE_VALUES', path: ['registries', 'images', 'imageValues'],
      message: missing ? `image-values.yaml ${showPath(path)} does not exist` : `image-values.yaml ${showPath(path)} cannot be used: ${e.reason}`,
      fix: missing ? 'point it at the image-values.yaml that load-images.bash wrote' : e.fix };
  }
  return undefined;
}

/**
 * The answers as far as they are valid: each top-level field that passes its own schema, else
 * its default. Lets the warning rules judge a preset that also has errors.
 */
function bestEffortAnswers(data: Record<string, unknown>): Answers {
  const shape = (answersSchema as unknown as { shape: Record<string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }> }).shape;
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(shape)) {
    const r = s.safeParse(data[k]);
    const d = r.success ? r : s.safeParse(undefined);
    if (d.success && d.data !== undefined) out[k] = d.data;
  }
  return out as Answers;
}

export function loadPreset(file: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), opts: LoadOptions = {}): PresetResult {
  const full = isAbsolute(file) ? file : resolve(cwd, file);
  const at = (p: Problem, pos: { line?: number; col?: number } = {}): LocatedProblem => ({ ...p, file: full, ...pos });
  let text: string;
  try { text = readInputFile(full, { field: 'the preset', limit: INPUT_LIMITS.preset }); } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    return { ok: false, file: full, problems: [at({ level: 'error', code: 'E_PRESET_UNREADABLE', path: [],
      message: `cannot read the preset file ${showPath(full)} (${e.reason})`,
      fix: e.errno === 'ENOENT' ? `check the path; ${PRESETS_HINT}` : e.fix })] };
  }
  const parsed = parseYamlInput(text);
  if (!parsed.ok) return { ok: false, file: full, problems: parsed.problems.map((p) => at({ level: 'error', path: [], ...p }, { line: p.line, col: p.col })) };
  const data = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, file: full, problems: [at({ level: 'error', code: 'E_PRESET_SHAPE', path: [], message: 'the preset must be a mapping of keys (apiVersion, distribution, chart, …)', fix: `start from a ready preset: ${PRESETS_HINT}` }, { line: 1, col: 1 })] };
  }
  const raw = data as Record<string, unknown>;
  const valid = answersSchema.safeParse(raw, { reportInput: true });
  // File and secret checks run even when validation failed, so that every problem is listed at
  // once; on unvalidated input they are best-effort (they skip values of the wrong type).
  const answers = (valid.success ? structuredClone(valid.data) : structuredClone(raw)) as Answers;
  const problems: Problem[] = valid.success ? [] : problemsFromZod(answersSchema, valid.error.issues);
  if (!valid.success) {
    // zod skips the cross-field rules once a field is invalid; run them on the raw input so
    // that they are listed too (best-effort: a wrong-typed value counts as not set).
    const seen = new Set(problems.map((p) => `${p.code}@${p.path.join('.')}`));
    try {
      for (const p of crossFieldErrors(raw as Answers)) if (!seen.has(`${p.code}@${p.path.join('.')}`)) problems.push(p);
    } catch { /* input too malformed for the rules: the schema problems say enough */ }
  }
  const base = dirname(full);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && !v.includes('\0');

  if (str(answers.chart?.archive)) {
    answers.chart.archive = abs(answers.chart.archive);
    const p = checkArchive(answers.chart.archive);
    if (p) problems.push(p);
  }
  if (str(answers.registries?.images?.imageValues)) {
    answers.registries.images!.imageValues = abs(answers.registries.images!.imageValues);
    const p = checkImageValues(answers.registries.images!.imageValues);
    if (p) problems.push(p);
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
  const skipSecrets = opts.resolveSecrets === false;
  const resolved = skipSecrets
    ? { secrets: new Map<string, string>(), problems: [], unresolved: new Set<string>() }
    : resolveSecrets(answers, env, base, opts.secrets ?? 'required');
  problems.push(...resolved.problems);

  const weak = weakSecretWarnings(answers, resolved.secrets, resolved.unresolved);
  problems.push(...weak.problems);
  if (valid.success) problems.push(...answerWarnings(answers));
  else {
    // Warnings are listed with the errors, except about a field that is itself in error.
    const bad = new Set(problems.filter((p) => p.level === 'error').map((p) => String(p.path[0] ?? '')));
    problems.push(...answerWarnings(bestEffortAnswers(raw)).filter((w) => !bad.has(String(w.path[0] ?? ''))));
  }

  const located = problems.map((p) => at(p, parsed.locate(p.path)))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  if (located.some((p) => p.level === 'error')) return { ok: false, file: full, problems: located };
  return { ok: true, preset: { file: full, answers, secrets: resolved.secrets, unmaskable: weak.unmaskable, unresolved: resolved.unresolved, tlsFiles, warnings: located, explicit: explicitPaths(raw) } };
}
