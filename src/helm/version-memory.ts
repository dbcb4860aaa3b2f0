// helm's version, remembered by the helm binary's file (its path, device, inode, size and
// times): a helm that does not say its release in its build info (build-info.ts; helm 3 built
// with Go before 1.24) is otherwise asked with a `helm version` process on every run, 60–100 ms
// of CPU beside our own start-up, and the install's held helm (gated.ts) waits for the answer.
// Only for a file whose build info says it is helm itself (`helm.sh/helm/vN/cmd/helm`): a
// compiled launcher (snap's, a mise or proto shim) runs another helm behind an unchanged file,
// and a script may too. Only answers of that same major, 0600 files in a 0700 folder under the
// state folder, the newest KEEP kept. Never fails a run: a state folder that cannot be read or
// written loses the shortcut.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stateHome } from '../cli/run-log.ts';
import { ensurePrivateDir, pruneOldest, writePrivateFile } from '../util/files.ts';
import type { HelmBuild } from './build-info.ts';

const FORMAT = 1;
const KEEP = 10;
const folder = () => join(stateHome(), 'cache', 'helm-version');

/** This helm binary's file, named; undefined when it cannot be read. */
export function versionKey(build: HelmBuild): string | undefined {
  try {
    const st = statSync(build.file);
    return createHash('sha256').update(`helm-version ${FORMAT}\0${build.file}\0${build.major}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0`).digest('hex').slice(0, 32);
  } catch {
    return undefined;
  }
}

const sameMajor = (text: string, major: number) => new RegExp(`^v${major}\\.\\d+\\.\\d+`).test(text);

/** What `helm version --short` said for this very file before, if it was kept. */
export function recallVersion(key: string, major: number): string | undefined {
  try {
    const text = readFileSync(join(folder(), key), 'utf8').trim();
    return sameMajor(text, major) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `helm version --short`'s answer under `key` (only one of the build's own major). */
export function keepVersion(key: string, major: number, stdout: string): void {
  const answer = stdout.trim().split('\n')[0] ?? '';
  if (!sameMajor(answer, major)) return;
  try {
    const dir = folder();
    ensurePrivateDir(dir);
    writePrivateFile(join(dir, key), `${answer}\n`);
    pruneOldest(dir, KEEP);
  } catch { /* the shortcut is lost, nothing else */ }
}
