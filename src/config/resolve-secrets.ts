// Turns secret references (env:NAME, file:PATH, literal) into values, listing every one that
// cannot be resolved. Values are held in memory only; they are never written back to answers.
// `file:` secrets are read through the safe reader: a regular file of at most 64 KiB.
import { isAbsolute, resolve } from 'node:path';
import type { Problem } from './problems.ts';
import { keyPath } from './problems.ts';
import { secretFields } from './secret-fields.ts';
import type { Answers } from './schema.ts';
import { ENV_NAME } from './grammars.ts';
import { readInputFile, InputFileError, INPUT_LIMITS } from '../util/read-input.ts';
import { showPath } from '../util/escape.ts';

export interface ResolvedSecrets {
  secrets: Map<string, string>;
  problems: Problem[];
  /** Key paths whose value could not be resolved (optional mode): they hold a placeholder. */
  unresolved: Set<string>;
}

/**
 * 'required': an unresolvable secret is an error (install). 'optional': a warning, and the value
 * is a visible placeholder (render: the printed commands read the variable or file themselves).
 */
export type SecretMode = 'required' | 'optional';

/** What stands in for a secret that `render` could not resolve. Never a real value. */
export function unresolvedPlaceholder(ref: string): string {
  return `<unresolved ${ref}>`;
}

/** True if `text` holds a placeholder (a Secret manifest built from one is not worth writing). */
export function holdsUnresolved(text: string): boolean {
  return /<unresolved (env|file):/.test(text);
}

export function resolveSecrets(a: Answers, env: NodeJS.ProcessEnv, baseDir: string, mode: SecretMode = 'required'): ResolvedSecrets {
  const secrets = new Map<string, string>();
  const problems: Problem[] = [];
  const unresolved = new Set<string>();
  const optional = mode === 'optional';
  const missing = (f: { path: Problem['path']; ref: string }, code: string, message: string, fix: string) => {
    const where = keyPath(f.path);
    if (!optional) { problems.push({ level: 'error', code: `E_${code}`, path: f.path, message, fix }); return; }
    problems.push({ level: 'warning', code: `W_${code}`, path: f.path, message,
      fix: `${fix.replace(/ before running/, '')} before installing; render goes on without it (where the value itself is needed it writes ${unresolvedPlaceholder(f.ref)})` });
    unresolved.add(where);
    secrets.set(where, unresolvedPlaceholder(f.ref));
  };
  for (const f of secretFields(a)) {
    const where = keyPath(f.path);
    if (f.ref.startsWith('env:')) {
      const name = f.ref.slice(4);
      if (!ENV_NAME.test(name)) continue; // the schema reports the bad name
      const v = env[name];
      if (!v) {
        missing(f, 'SECRET_ENV_UNSET', `reads the environment variable ${name}, which is ${v === '' ? 'empty' : 'not set'}`,
          `export ${name} (for ${f.label}) before running, or point ${where} at file:PATH`);
      } else secrets.set(where, v);
    } else if (f.ref.startsWith('file:')) {
      const p = f.ref.slice(5);
      if (!p.trim() || p.includes('\0')) continue; // the schema reports it
      const full = isAbsolute(p) ? p : resolve(baseDir, p);
      try {
        const v = readInputFile(full, { field: where, limit: INPUT_LIMITS.secretFile }).replace(/\r?\n$/, '');
        if (!v) missing(f, 'SECRET_FILE', `reads ${showPath(full)}, which is empty`, `put ${f.label} into that file (mode 0600)`);
        else secrets.set(where, v);
      } catch (e) {
        if (!(e instanceof InputFileError)) throw e;
        missing(f, 'SECRET_FILE', `reads ${showPath(full)}, which cannot be used: ${e.reason}`,
          e.errno === 'ENOENT' ? `create that file with ${f.label} (mode 0600), or correct the path` : e.fix);
      }
    } else secrets.set(where, f.ref);
  }
  return { secrets, problems, unresolved };
}
