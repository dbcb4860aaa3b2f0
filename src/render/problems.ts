// Problems with the input, as lines: where (file:line:col and key), what, and what to do.
// A preset with thousands of problems prints the first ones (errors before warnings) and a
// count of the rest: the first few say what is wrong with the file.
import type { LocatedProblem } from '../config/load-preset.ts';
import { keyPath } from '../config/problems.ts';
import { escapeControl } from '../util/escape.ts';
import { displayPath } from '../util/display-path.ts';

/** How many problems are printed; `--json` carries them all. */
export const MAX_PRINTED_PROBLEMS = 50;

export function problemLines(problems: LocatedProblem[], cwd = process.cwd(), max = MAX_PRINTED_PROBLEMS): string[] {
  const out: string[] = [];
  const errors = problems.filter((p) => p.level === 'error');
  const shown = problems.length > max ? [...errors, ...problems.filter((p) => p.level !== 'error')].slice(0, max) : problems;
  for (const p of shown) {
    const file = p.file ? displayPath(p.file, cwd) : '';
    const where = [file, p.line, p.col].filter((x) => x !== undefined && x !== '').join(':');
    const key = keyPath(p.path);
    const line = `${p.level === 'error' ? 'error' : 'warning'}: ${where ? where + ': ' : ''}${key ? key + ': ' : ''}${p.message} [${p.code}]`;
    out.push(escapeControl(line, { oneLine: true }));
    out.push(escapeControl(`  fix: ${p.fix}`, { oneLine: true }));
  }
  const rest = problems.length - shown.length;
  if (rest > 0) {
    const restErrors = errors.length - shown.filter((p) => p.level === 'error').length;
    const restWarnings = rest - restErrors;
    out.push(`... and ${rest} more (${[restErrors && `${restErrors} error${restErrors === 1 ? '' : 's'}`, restWarnings && `${restWarnings} warning${restWarnings === 1 ? '' : 's'}`].filter(Boolean).join(', ')}) not shown; fix these first, or see them all with --json`);
  }
  return out;
}
