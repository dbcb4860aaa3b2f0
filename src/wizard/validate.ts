// Every problem with the draft, found by the same code a preset goes through: the zod schema and
// its cross-field rules, the file checks of the preset loader, the TLS file checks, secret
// resolution, and the answer warnings. The wizard only decides which question shows which.
import { answersSchema, type Answers } from '../config/schema.ts';
import { problemsFromZod } from '../config/issues-from-zod.ts';
import { answerWarnings, crossFieldErrors } from '../config/rules.ts';
import { checkArchive, checkImageValues } from '../config/load-preset.ts';
import { readTlsFiles } from '../config/tls-files.ts';
import { resolveSecrets } from '../config/resolve-secrets.ts';
import { keyPath, type KeyPath, type Problem } from '../config/problems.ts';
import { baseDomain } from '../wallaroo/domain.ts';
import { getIn, setIn, toAnswersInput, type Draft } from './draft.ts';

/** Secret values typed in the wizard, by key path ("chart.login.password"). Never saved. */
export type SecretValues = Record<string, string>;

/** True when `path` is `owner` or lies under it. */
export const under = (path: KeyPath, owner: KeyPath): boolean =>
  owner.length <= path.length && owner.every((p, i) => String(path[i]) === String(p));

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

// Stand-ins for required answers not given yet, so that the warnings of what IS answered can be
// computed early (a warning about a stand-in is dropped).
const FILLERS: Record<string, unknown> = {
  distribution: 'eks',
  domain: { suffix: 'example.invalid' },
  'domain.suffix': 'example.invalid',
  chart: { channel: 'stand-in', version: '0' },
  'chart.version': '0',
};

export function answerWarningsOf(input: unknown): Problem[] {
  let cand: unknown = structuredClone(input);
  const touched: KeyPath[] = [];
  for (let round = 0; round < 10; round++) {
    const r = answersSchema.safeParse(cand);
    if (r.success) return answerWarnings(r.data).filter((w) => !touched.some((t) => under(w.path, t) || under(t, w.path)));
    for (const issue of r.error.issues) {
      const path = issue.path as KeyPath;
      touched.push(path);
      const filler = FILLERS[keyPath(path)];
      cand = setIn(cand, path, filler);
    }
  }
  return [];
}

/** The draft with the schema's defaults for what the cross-field rules read (size, ingress, …). */
export function withRuleDefaults(a: Record<string, any>): Answers {
  return { ...a, size: a.size ?? 16, ingress: a.ingress ?? 'internal', services: a.services ?? {}, registries: a.registries ?? {} } as Answers;
}

export interface CheckEnv { env: NodeJS.ProcessEnv; cwd: string }

export function tlsFileProblems(input: Record<string, any>): Problem[] {
  const tls = input.tls;
  if (!str(tls?.certFile)) return [];
  const domain = str(input.domain?.suffix) ? baseDomain({ prefix: input.domain.prefix ?? '', suffix: input.domain.suffix }) : undefined;
  // readTlsFiles checks the pair; with no key yet, only what it says about the certificate counts.
  const r = readTlsFiles(tls.certFile, str(tls.keyFile) ? tls.keyFile : tls.certFile, domain ?? 'example.invalid');
  return r.problems.filter((p) => (str(tls.keyFile) || under(p.path, ['tls', 'certFile'])) && (domain || p.code !== 'W_TLS_NAME'));
}

/** Errors and warnings for the whole draft. */
export function draftProblems(d: Draft, secrets: SecretValues, e: CheckEnv): Problem[] {
  const input = toAnswersInput(d) as Record<string, any>;
  const parsed = answersSchema.safeParse(input);
  const problems: Problem[] = parsed.success ? [] : problemsFromZod(answersSchema, parsed.error.issues);
  if (!parsed.success) {
    // zod skips the cross-field rules once a field is invalid (the preset loader does the same).
    const seen = new Set(problems.map((p) => `${p.code}@${keyPath(p.path)}`));
    try {
      for (const p of crossFieldErrors(withRuleDefaults(input))) if (!seen.has(`${p.code}@${keyPath(p.path)}`)) problems.push(p);
    } catch { /* too malformed for the rules */ }
  }
  // The preset loader's own file checks (exists, a chart archive, readable within its limits).
  const archive = getIn(input, ['chart', 'archive']);
  const imageValues = getIn(input, ['registries', 'images', 'imageValues']);
  if (str(archive)) { const p = checkArchive(archive); if (p) problems.push(p); }
  if (str(imageValues)) { const p = checkImageValues(imageValues); if (p) problems.push(p); }
  problems.push(...tlsFileProblems(input));
  const resolved = resolveSecrets(input as Answers, e.env, e.cwd);
  problems.push(...resolved.problems.filter((p) => !secrets[keyPath(p.path)]));
  problems.push(...answerWarningsOf(input));
  return problems;
}

export const errorsOf = (ps: Problem[]) => ps.filter((p) => p.level === 'error');
