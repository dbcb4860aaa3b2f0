// helm's version, asked as soon as the run knows which helm it will use, before the install's
// own modules load: when the binary's build info does not say it (build-info.ts), `helm version`
// is a Go process start (60–100 ms of CPU) that then runs beside our start-up instead of beside
// `helm template` and preflight. The answer is used once, by the first Helm.version() for the
// same binary; a later call asks again.
import { runChild, type ChildResult } from './child.ts';
import { helmBuild } from './build-info.ts';
import { keepVersion, recallVersion, versionKey } from './version-memory.ts';

/** The helm binary to use: --helm, then $WALLAROO_INSTALL_HELM, then helm on PATH. */
export function helmBinary(flag?: string, env = process.env): string {
  return flag || env.WALLAROO_INSTALL_HELM || 'helm';
}

export type VersionAnswer = { stamped: string } | { ran: ChildResult };

type Handle = { ref(): void; unref(): void };
type Asked = { answer: Promise<VersionAnswer>; handle?: Handle };
const asked = new Map<string, Asked>();
const keyOf = (bin: string, env: Record<string, string | undefined>) => `${bin}\0${env.PATH ?? ''}`;

function ask(bin: string, env: Record<string, string | undefined>, onSpawn?: (h: Handle) => void): Promise<VersionAnswer> {
  // Said by the binary itself, else remembered from an earlier run of this very helm file
  // (version-memory.ts), else asked.
  const build = helmBuild(bin, env);
  if (build?.version) return Promise.resolve({ stamped: build.version });
  const key = build && versionKey(build);
  const recalled = key && recallVersion(key, build.major);
  if (recalled) return Promise.resolve({ stamped: recalled });
  return runChild(bin, ['version', '--short'], { env, timeoutMs: 30_000, onSpawn }).then((ran) => {
    // Kept only for the file that answered: not one put in its place meanwhile.
    if (ran.exitCode === 0 && key && versionKey(build) === key) keepVersion(key, build.major, ran.stdout);
    return { ran };
  });
}

/**
 * Starts asking now. The process does not hold the run open: a run that stops first (a bad
 * preset) exits at once, and the answer is then never used.
 */
export function askHelmVersionEarly(bin: string, env: Record<string, string | undefined> = process.env): void {
  const key = keyOf(bin, env);
  if (asked.has(key)) return;
  // onSpawn runs while ask() starts the process, before `answer` is set.
  const entry = {} as Asked;
  entry.answer = ask(bin, env, (h) => {
    entry.handle = h;
    h.unref();
  });
  entry.answer.catch(() => undefined);
  asked.set(key, entry);
}

/** The answer asked early for this binary (taken: used once), else asked now. */
export function helmVersionAnswer(bin: string, env: Record<string, string | undefined>): Promise<VersionAnswer> {
  const key = keyOf(bin, env);
  const early = asked.get(key);
  if (!early) return ask(bin, env);
  asked.delete(key);
  // Now awaited: the process holds the run open again until it answers.
  early.handle?.ref();
  return early.answer;
}
