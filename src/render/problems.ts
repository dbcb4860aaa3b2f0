// Problems with the input, as lines: where (file:line:col and key), what, and what to do.
import type { LocatedProblem } from '../config/load-preset.ts';
import { keyPath } from '../config/problems.ts';
import { relative } from 'node:path';

export function problemLines(problems: LocatedProblem[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const p of problems) {
    const file = p.file ? relative(cwd, p.file) || p.file : '';
    const where = [file, p.line, p.col].filter((x) => x !== undefined && x !== '').join(':');
    const key = keyPath(p.path);
    out.push(`${p.level === 'error' ? 'error' : 'warning'}: ${where ? where + ': ' : ''}${key ? key + ': ' : ''}${p.message} [${p.code}]`);
    out.push(`  fix: ${p.fix}`);
  }
  return out;
}
