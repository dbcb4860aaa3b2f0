// helm's version, remembered by the helm binary's file (its path, device, inode, size and
// times): a binary that does not say its version in its build info (build-info.ts; helm 3 built
// with Go before 1.24) is otherwise asked with a `helm version` process on every run, 60–100 ms
// of CPU beside our own start-up, and the install's held helm (gated.ts) waits for the answer.
// Only a compiled helm (a wrapper script may switch the helm it runs without changing itself),
// only answers that parsed, 0600 files in a 0700 folder under the state folder, the newest
// KEEP kept. Never fails a run: a state folder that cannot be read or written loses the shortcut.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stateHome } from '../cli/run-log.ts';
import { ensurePrivateDir, writePrivateFile } from '../util/files.ts';
import { isCompiledProgram, resolveExecutable } from './build-info.ts';

const FORMAT = 1;
const KEEP = 10;
const folder = () => join(stateHome(), 'cache', 'helm-version');

/** This binary's file, named; undefined for a script or a binary that cannot be found. */
function fileKey(bin: string, env: Record<string, string | undefined>): string | undefined {
  if (!isCompiledProgram(bin, env)) return undefined;
  const exe = resolveExecutable(bin, env);
  if (!exe) return undefined;
  try {
    const st = statSync(exe);
    return createHash('sha256').update(`helm-version ${FORMAT}\0${exe}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0`).digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}

/** What `helm version --short` said for this very binary before, if it was kept. */
export function recallVersion(bin: string, env: Record<string, string | undefined>): string | undefined {
  const key = fileKey(bin, env);
  if (!key) return undefined;
  try {
    const text = readFileSync(join(folder(), key), 'utf8').trim();
    return /^v\d+\.\d+\.\d+/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `helm version --short`'s answer for this binary (only one that reads as a version). */
export function keepVersion(bin: string, env: Record<string, string | undefined>, text: string): void {
  const answer = text.trim().split('\n')[0] ?? '';
  const key = /^v\d+\.\d+\.\d+/.test(answer) ? fileKey(bin, env) : undefined;
  if (!key) return;
  try {
    const dir = folder();
    ensurePrivateDir(dir);
    writePrivateFile(join(dir, key), `${answer}\n`);
    const files = readdirSync(dir).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { f } of files.slice(KEEP)) rmSync(join(dir, f), { force: true });
  } catch { /* the shortcut is lost, nothing else */ }
}
