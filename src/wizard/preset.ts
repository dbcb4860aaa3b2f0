// The wizard's answers as a preset: the LoadedPreset the install flow takes (the same object
// `--preset` produces, with the secrets typed in this run), and the answers file saved for a
// replay (mode 0600, secrets only as env:/file: references).
import { join } from 'node:path';
import { answersSchema } from '../config/schema.ts';
import { problemsFromZod } from '../config/issues-from-zod.ts';
import { resolveSecrets } from '../config/resolve-secrets.ts';
import { readTlsFiles } from '../config/tls-files.ts';
import { weakSecretWarnings } from '../config/weak-secrets.ts';
import { explicitPaths } from '../wallaroo/provenance.ts';
import { keyPath, type Problem } from '../config/problems.ts';
import type { LoadedPreset } from '../config/load-preset.ts';
import { baseDomain } from '../wallaroo/domain.ts';
import { writePrivateFile, toYaml11 } from '../util/files.ts';
import { VERSION } from '../version.ts';
import { answersToPresetYaml } from '../session/answers-yaml.ts';
import { toAnswersInput, type Draft } from './draft.ts';
import { answerWarningsOf, type SecretValues } from './validate.ts';

export type Built = { ok: true; preset: LoadedPreset } | { ok: false; problems: Problem[] };

/** The draft as the install flow's input, exactly as if it had been loaded from `file`. */
export function buildPreset(d: Draft, typed: SecretValues, file: string, env: NodeJS.ProcessEnv, cwd: string): Built {
  const parsed = answersSchema.safeParse(toAnswersInput(d));
  if (!parsed.success) return { ok: false, problems: problemsFromZod(answersSchema, parsed.error.issues) };
  const answers = parsed.data;
  const resolved = resolveSecrets(answers, env, cwd);
  const secrets = new Map(resolved.secrets);
  for (const [k, v] of Object.entries(typed)) if (v) secrets.set(k, v);
  const problems = resolved.problems.filter((p) => !typed[keyPath(p.path)]);
  let tlsFiles: LoadedPreset['tlsFiles'];
  const warnings: Problem[] = answerWarningsOf(answers);
  if (answers.tls?.certFile && answers.tls.keyFile) {
    const r = readTlsFiles(answers.tls.certFile, answers.tls.keyFile, baseDomain(answers.domain));
    problems.push(...r.problems.filter((p) => p.level === 'error'));
    warnings.push(...r.problems.filter((p) => p.level === 'warning'));
    tlsFiles = r.files;
  }
  if (problems.length) return { ok: false, problems };
  // A secret too short or too common to be redacted safely is said so, as for a preset.
  const weak = weakSecretWarnings(answers, secrets, new Set());
  warnings.push(...weak.problems);
  // What the answers say themselves (not schema defaults), as the loader records it for a preset.
  const explicit = explicitPaths(toAnswersInput(d));
  return { ok: true, preset: { file, answers, secrets, unmaskable: weak.unmaskable, unresolved: new Set(), tlsFiles, warnings: warnings.map((w) => ({ ...w, file })), explicit } };
}

/** Where the answers of a release are saved: --output DIR, else the state home. */
export function answersFilePath(dir: string, release: string): string {
  return join(dir, `${release}-answers.yaml`);
}

/**
 * The preset text: what a replay needs and no secret value (the draft holds none). Complete
 * answers are written as the answers ConfigMap writes them: the answers given, not the defaults
 * (a replay then decides exactly as this run did); answers still incomplete (a quit half-way)
 * as they are, so that the wizard reopens on them.
 */
export function answersYaml(d: Draft, note: string): string {
  const header = [
    `Wallaroo install answers, saved by wallaroo-install ${VERSION} (${note}).`,
    'Replay them without questions: wallaroo-install --preset THIS_FILE',
    'Secrets are not in this file: they are read from the env:/file: references below.',
  ];
  const parsed = answersSchema.safeParse(toAnswersInput(d));
  if (parsed.success) return answersToPresetYaml(parsed.data, { header, explicit: explicitPaths(toAnswersInput(d)) });
  return toYaml11(toAnswersInput(d), header.map((l) => ` ${l}`).join('\n'));
}

/** Said when quitting before anything was answered in this session (nothing is saved then). */
export const NOTHING_SAVED = 'Nothing has been answered in this session yet: no answers file was written (an earlier one is left as it was).';

export function saveAnswers(path: string, d: Draft, note: string): void {
  writePrivateFile(path, answersYaml(d, note));
}
