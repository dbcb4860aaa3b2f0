// Paths in messages: relative to the current folder when the file is below it (short, and what
// the user typed), absolute otherwise ("../../dev/zero" reads worse than "/dev/zero").
import { isAbsolute, relative } from 'node:path';

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return !rel || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
