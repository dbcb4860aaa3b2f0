// The helm service: finds the binary, checks its version, runs it with streamed lines, stdin
// for passwords, and cancellation by SIGTERM with plenty of time to finish (a SIGKILLed helm
// leaves the release pending-install/pending-upgrade).
import type { ChildProcess } from 'node:child_process';
import { runChild } from './child.ts';
import { helmVersionAnswer } from './early-version.ts';
export { helmBinary } from './early-version.ts';
import { closeSync, mkdtempSync, openSync, readSync, rm, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowError } from '../util/flow-error.ts';
import { escapeControl, showPath } from '../util/escape.ts';
import type { HelmMajor } from './args.ts';

export const MIN_HELM = [3, 11, 2] as const;
/** helm gets this long after SIGTERM to mark the release failed before it is killed. */
export const HELM_GRACE_MS = 120_000;

export interface HelmVersion { major: HelmMajor; minor: number; patch: number; text: string }

export interface RunOptions {
  signal?: AbortSignal;
  /** Written to helm's stdin (registry passwords; values for `--values -`): never on argv. A promise: see runChild's input. */
  stdin?: string | Promise<string>;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  exitCode: number; stdout: string; stderr: string; cancelled: boolean;
  /** The signal that ended helm, when one did (SIGKILL from the OOM killer or an admin, say). */
  killedBy?: NodeJS.Signals;
}

export class Helm {
  constructor(
    readonly bin: string,
    readonly env: Record<string, string | undefined>,
    private readonly globalArgs: string[] = [],
  ) {}

  async version(): Promise<HelmVersion> {
    // Read from the binary's build info when it says it for certain (build-info.ts); else asked
    // (possibly already, as the run started: early-version.ts).
    const a = await helmVersionAnswer(this.bin, this.env);
    if ('stamped' in a) return parseHelmVersion(a.stamped);
    const r = a.ran;
    if (r.startError?.code === 'ENOENT') {
      throw new FlowError('E_HELM_MISSING', `helm was not found (looked for "${showPath(this.bin)}")`,
        'install helm 3.11.2 or newer (https://helm.sh/docs/intro/install/) or pass --helm PATH', 1);
    }
    if (r.startError || r.exitCode !== 0) {
      const how = r.startError ? r.startError.message : r.timedOut ? 'no answer in 30s' : r.exitCode === undefined ? `ended by ${r.killedBy}` : `exit code ${r.exitCode}`;
      const said = r.stderr.trim() ? escapeControl(r.stderr.trim()) : escapeControl(how);
      throw new FlowError('E_HELM_BROKEN', `"${showPath(this.bin)} version" failed${r.timedOut ? ' (no answer in 30s)' : ''}: ${said}`, 'check the helm binary, or pass another with --helm PATH', 1);
    }
    return parseHelmVersion(r.stdout);
  }

  run(args: string[], o: RunOptions = {}): Promise<RunResult> {
    return this.start(args, o).result;
  }

  /**
   * Starts helm. A run started before anyone listens (gated.ts) says `watched` and is given its
   * listener later: its output is kept in the files meanwhile and read from the start then.
   */
  start(args: string[], o: StartOptions = {}): StartedRun {
    // Cancelled already: never start a helm that would only be stopped (an upgrade stopped at
    // once can still leave a release record behind).
    if (o.signal?.aborted) return { result: Promise.resolve({ exitCode: 1, stdout: '', stderr: '', cancelled: true }), listen: () => undefined, unref: () => undefined, kill: () => undefined };
    // A watched run (an upgrade, an uninstall) writes to files, not pipes: if we quit while helm
    // still finishes (a second Ctrl-C), a write to a closed pipe would kill helm (SIGPIPE) before
    // it records the release as failed, leaving it pending. The files are read as they grow.
    const out = o.onLine || o.watched ? outputFiles() : undefined;
    let onLine = o.onLine;
    let ended = false;
    let follow: NodeJS.Timeout | undefined;
    const listen = (f: NonNullable<RunOptions['onLine']>) => {
      onLine = f;
      if (!out || ended || follow) return;
      out.drain(f);
      follow = setInterval(() => out.drain(f), 100);
    };
    if (onLine) listen(onLine);
    let handle: { child: ChildProcess; unref(): void } | undefined;
    const result = runChild(this.bin, [...args, ...this.globalArgs], {
      onSpawn: (h) => { handle = h; },
      env: this.env,
      outputFds: out?.fds,
      input: o.stdin ?? '',
      inputPrefix: o.stdinPrefix,
      signal: o.signal,
      graceMs: HELM_GRACE_MS,
      // helm runs in a session of its own: when the terminal goes away (an SSH link drops) the
      // hangup reaches only us, and we let helm finish the release instead of failing it. Ctrl-C
      // reaches helm through us: the abort (signal) sends it SIGTERM.
      detached: true,
    }).then((r) => {
      ended = true;
      if (follow) clearInterval(follow);
      const files = out?.finish(onLine ?? (() => undefined));
      // Could not start (helm removed since its version was read, say): said as helm's own error.
      const startErr = r.startError ? `Error: cannot run ${showPath(this.bin)}: ${r.startError.message}\n` : '';
      return {
        exitCode: r.exitCode ?? 1,
        stdout: files ? files.stdout : r.stdout,
        stderr: (files ? files.stderr : r.stderr) + startErr,
        cancelled: Boolean(r.cancelled || o.signal?.aborted),
        ...(r.killedBy ? { killedBy: r.killedBy } : {}),
      };
    });
    return {
      result, listen, unref: () => handle?.unref(),
      // helm's whole process group (it runs detached, as the group's leader): a launcher that
      // forks helm rather than exec'ing it takes its helm with it.
      kill: (sig) => {
        const ch = handle?.child;
        if (!ch || ch.exitCode !== null || ch.signalCode !== null) return;
        try { process.kill(-ch.pid!, sig); } catch { ch.kill(sig); }
      },
    };
  }
}

export interface StartOptions extends RunOptions {
  /** Written to stdin at once, before `stdin` (gated.ts). */
  stdinPrefix?: string;
  /** Output to files, read once a listener is given (`listen`). */
  watched?: boolean;
}

export interface StartedRun {
  result: Promise<RunResult>;
  /** Lines of output from here on, those written before first. */
  listen(onLine: NonNullable<RunOptions['onLine']>): void;
  /** Our process may exit without waiting for this helm. */
  unref(): void;
  /** A signal straight to helm (not the abort's SIGTERM and grace period): see gated.ts. */
  kill(sig: NodeJS.Signals): void;
}

/** `helm version --short` output → the version, refused when too old or too new. */
export function parseHelmVersion(out: string): HelmVersion {
  const m = /v(\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) throw new FlowError('E_HELM_BROKEN', `cannot read helm's version from "${escapeControl(out.trim(), { oneLine: true })}"`, 'pass a helm 3.11.2+ or helm 4 binary with --helm PATH', 1);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const text = `${major}.${minor}.${patch}`;
  const old = major < 3 || (major === 3 && (minor < MIN_HELM[1] || (minor === MIN_HELM[1] && patch < MIN_HELM[2])));
  if (old) throw new FlowError('E_HELM_TOO_OLD', `helm ${text} is too old: Wallaroo needs helm 3.11.2 or newer`, 'upgrade helm (https://helm.sh/docs/intro/install/) or pass a newer one with --helm PATH', 1);
  if (major > 4) throw new FlowError('E_HELM_UNSUPPORTED', `helm ${text} is newer than this installer knows (helm 3 and 4)`, 'use helm 3.11.2+ or helm 4, or upgrade wallaroo-install', 1);
  return { major: major as HelmMajor, minor, patch, text };
}

// helm's output folders not yet removed: whatever is left is removed on the way out (a cancel's
// explicit exit; a held helm we did not wait for, gated.ts, whose files are then unlinked under it).
const removing = new Set<string>();
let onExit = false;
function removeAtExit(dir: string): void {
  if (!onExit) {
    onExit = true;
    process.once('exit', () => { for (const d of removing) { try { rmSync(d, { recursive: true, force: true }); } catch { /* gone */ } } });
  }
  removing.add(dir);
}
function removeLater(dir: string): void {
  rm(dir, { recursive: true, force: true }, () => removing.delete(dir));
}

/** helm's stdout and stderr as two private files, read line by line as they grow. */
function outputFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'wallaroo-install-helm-'));
  removeAtExit(dir);
  const fds = { stdout: openSync(join(dir, 'stdout'), 'w+', 0o600), stderr: openSync(join(dir, 'stderr'), 'w+', 0o600) };
  const state = { stdout: { pos: 0, buf: '', all: '' }, stderr: { pos: 0, buf: '', all: '' } };
  const drain = (onLine: (line: string, stream: 'stdout' | 'stderr') => void) => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const st = state[stream];
      const chunk = Buffer.alloc(64 * 1024);
      for (let n; (n = readSync(fds[stream], chunk, 0, chunk.length, st.pos)) > 0;) {
        st.pos += n;
        const text = chunk.subarray(0, n).toString('utf8');
        st.all += text;
        st.buf += text;
        const lines = st.buf.split('\n');
        st.buf = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) onLine(l, stream);
      }
    }
  };
  return {
    fds,
    drain,
    finish(onLine: (line: string, stream: 'stdout' | 'stderr') => void) {
      drain(onLine);
      for (const stream of ['stdout', 'stderr'] as const) if (state[stream].buf.trim()) onLine(state[stream].buf, stream);
      closeSync(fds.stdout);
      closeSync(fds.stderr);
      // Off the way to the result (measured up to 10 ms for rmdir on ext4 right after helm
      // exits); a pending removal keeps the process alive until it is done, and one that an
      // explicit exit (a cancel) overtakes is finished on the way out.
      removeLater(dir);
      return { stdout: state.stdout.all, stderr: state.stderr.all };
    },
  };
}

/** How many lines of helm's error we show; more goes to the run log with --verbose. */
const MAX_ERROR_LINES = 200;

/**
 * helm's whole error, without its "Error: " prefix: from the first "Error:" line to the end,
 * every line of a multi-error ("2 errors occurred:" followed by "* …" lines) included; the
 * WARNING lines helm prints before it are left out. Control characters are escaped.
 */
export function helmError(r: RunResult): string {
  const lines = r.stderr.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim());
  const start = lines.findIndex((l) => /^Error:/.test(l.trim()));
  const picked = start >= 0 ? lines.slice(start) : lines.filter((l) => !/^(WARNING:|level=(WARN|INFO|DEBUG)\b)/.test(l.trim()));
  // Killed before it could say anything: by whom matters more than an exit code it never gave.
  if (r.killedBy && r.killedBy !== 'SIGTERM' && !r.cancelled) {
    const said = picked.length ? `; its last words: ${escapeControl(picked.at(-1)!.trim())}` : '';
    return `helm was killed by ${r.killedBy}${r.killedBy === 'SIGKILL' ? ' (out of memory, or killed from outside)' : ''}${said}`;
  }
  if (!picked.length) return `helm exited with code ${r.exitCode}${r.killedBy ? ` (ended by ${r.killedBy})` : ''}${r.cancelled ? ' (stopped)' : ''}`;
  const shown = picked.length > MAX_ERROR_LINES ? [...picked.slice(0, MAX_ERROR_LINES), `... (${picked.length - MAX_ERROR_LINES} more lines)`] : picked;
  return escapeControl(shown.map((l, i) => (i === 0 ? l.trim().replace(/^Error:\s*/, '') : `  ${l.replace(/^\t+/, '  ').trimEnd()}`)).join('\n'));
}
