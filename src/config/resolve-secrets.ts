// Turns secret references (env:NAME, file:PATH, literal) into values, listing every one that
// cannot be resolved. Values are held in memory only; they are never written back to answers.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Problem } from './problems.ts';
import { keyPath } from './problems.ts';
import { secretFields } from './secret-fields.ts';
import type { Answers } from './schema.ts';

export interface ResolvedSecrets { secrets: Map<string, string>; problems: Problem[] }

export function resolveSecrets(a: Answers, env: NodeJS.ProcessEnv, baseDir: string): ResolvedSecrets {
  const secrets = new Map<string, string>();
  const problems: Problem[] = [];
  for (const f of secretFields(a)) {
    const where = keyPath(f.path);
    if (f.ref.startsWith('env:')) {
      const name = f.ref.slice(4);
      const v = env[name];
      if (!v) problems.push({ level: 'error', code: 'E_SECRET_ENV_UNSET', path: f.path,
        message: `reads the environment variable ${name}, which is ${v === "" ? "empty" : "not set"}`,
        fix: `export ${name} (for ${f.label}) before running, or point ${where} at file:PATH` });
      else secrets.set(where, v);
    } else if (f.ref.startsWith('file:')) {
      const p = f.ref.slice(5);
      const full = isAbsolute(p) ? p : resolve(baseDir, p);
      try {
        const v = readFileSync(full, 'utf8').replace(/\r?\n$/, '');
        if (!v) throw Object.assign(new Error('the file is empty'), { code: 'EMPTY' });
        secrets.set(where, v);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        problems.push({ level: 'error', code: 'E_SECRET_FILE', path: f.path,
          message: `reads ${full}, which cannot be read (${err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message})`,
          fix: `create that file with ${f.label} (mode 0600), or correct the path` });
      }
    } else secrets.set(where, f.ref);
  }
  return { secrets, problems };
}
