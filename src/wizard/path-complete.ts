// Tab completion of file paths for the wizard's file questions, as a shell completes them: the
// longest common prefix of the matching entries, folders with a trailing slash.
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, basename, join, resolve, isAbsolute, sep } from 'node:path';

export interface Completion { text: string; candidates: string[] }

function commonPrefix(words: string[]): string {
  if (!words.length) return '';
  let p = words[0];
  for (const w of words.slice(1)) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function completePath(typed: string, cwd: string, limit = 200): Completion {
  const text = typed === '~' ? '~/' : typed;
  const expanded = text === '~' ? homedir() + sep : text.startsWith('~/') ? homedir() + text.slice(1) : text;
  const full = isAbsolute(expanded) ? expanded : resolve(cwd, expanded || '.') + (expanded === '' || expanded.endsWith('/') ? sep : '');
  const dir = full.endsWith(sep) ? full : dirname(full);
  const stem = full.endsWith(sep) ? '' : basename(full);
  let entries: string[];
  try { entries = readdirSync(dir).filter((e) => e.startsWith(stem) && (stem.startsWith('.') || !e.startsWith('.'))).sort().slice(0, limit); } catch { return { text: typed, candidates: [] }; }
  const isDir = (e: string) => { try { return statSync(join(dir, e)).isDirectory(); } catch { return false; } };
  const named = entries.map((e) => (isDir(e) ? `${e}/` : e));
  const common = commonPrefix(named);
  // What the user typed, with the completed part of the last segment added.
  const typedDir = text.endsWith('/') || text === '' ? text : text.slice(0, text.length - basename(text).length);
  const completed = common.length > stem.length ? `${typedDir}${common}` : typed;
  return { text: completed, candidates: named.length === 1 && named[0] === common ? [] : named };
}
