// Runs one helm process: node:child_process with the few things the installer needs (stdin from a
// string, output collected or written to files, a timeout, cancellation by SIGTERM then SIGKILL
// after a grace period). Not execa: loading execa's bundle cost 20–28 ms of CPU per run (median
// of 9 loads, compile cache warm) and its per-spawn path a few ms more, all before helm could
// start; this is the part of it we use.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildOptions {
  env: Record<string, string | undefined>;
  /**
   * Written to the child's stdin, which is then closed (always closed: helm never waits on it).
   * A promise: the child starts now and gets its input when it resolves; when it rejects, the
   * child is stopped (SIGTERM) and the run counts as cancelled.
   */
  input?: string | Promise<string>;
  /** Written to stdin at once, before `input` (gated.ts: helm's values start, held open). */
  inputPrefix?: string;
  /** File descriptors the child writes to instead of pipes (read by the caller). */
  outputFds?: { stdout: number; stderr: number };
  /** SIGTERM on abort; SIGKILL `graceMs` later if it is still running. */
  signal?: AbortSignal;
  graceMs?: number;
  /** SIGTERM after this long (then SIGKILL after `graceMs`); `timedOut` says so. */
  timeoutMs?: number;
  /** Its own session: a hangup of our terminal does not reach it. */
  detached?: boolean;
  /** Given a handle once started: unref() lets our process exit without waiting for the child (its pipes and timers included); ref() undoes that. */
  onSpawn?: (h: { child: ChildProcess; ref(): void; unref(): void }) => void;
}

export interface ChildResult {
  /** undefined when it could not start or was ended by a signal. */
  exitCode?: number;
  /** The signal that ended it. */
  killedBy?: NodeJS.Signals;
  stdout: string;
  stderr: string;
  /** It could not be started (ENOENT, EACCES, …). */
  startError?: NodeJS.ErrnoException;
  cancelled: boolean;
  timedOut: boolean;
}

export function runChild(bin: string, args: string[], o: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let cancelled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeout: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (r: Pick<ChildResult, 'exitCode' | 'killedBy' | 'startError'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      clearTimeout(timeout);
      o.signal?.removeEventListener('abort', onAbort);
      resolve({ ...r, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), cancelled, timedOut });
    };
    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, o.graceMs ?? 5_000);
    };
    const onAbort = () => { cancelled = true; stop(); };
    try {
      child = spawn(bin, args, {
        env: o.env,
        stdio: ['pipe', o.outputFds?.stdout ?? 'pipe', o.outputFds?.stderr ?? 'pipe'],
        detached: o.detached ?? false,
      });
    } catch (e) {
      // Invalid arguments (a NUL byte, say): spawn throws instead of emitting 'error'.
      finish({ startError: e as NodeJS.ErrnoException });
      return;
    }
    if (o.timeoutMs) timeout = setTimeout(() => { timedOut = true; stop(); }, o.timeoutMs);
    const streams = () => [child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref?: () => void; unref?: () => void } | null>;
    o.onSpawn?.({
      child,
      unref: () => { child.unref(); for (const x of streams()) x?.unref?.(); timeout?.unref(); killTimer?.unref(); },
      ref: () => { child.ref(); for (const x of streams()) x?.ref?.(); timeout?.ref(); killTimer?.ref(); },
    });
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    // A child that exits without reading its stdin: the write fails with EPIPE, which is no error of ours.
    child.stdin?.on('error', () => undefined);
    if (o.inputPrefix) child.stdin?.write(o.inputPrefix);
    if (typeof o.input === 'object') {
      o.input.then((text) => child.stdin?.end(text), () => { cancelled = true; stop(); child.stdin?.end(); });
    } else child.stdin?.end(o.input ?? '');
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Only a failure to start ends the run here; a failed kill() is not the child's end.
      if (child.pid === undefined) finish({ startError: e });
    });
    // 'close': the process has exited and its output pipes are drained.
    child.on('close', (code, sig) => finish({ exitCode: code ?? undefined, killedBy: sig ?? undefined }));
    if (o.signal) {
      if (o.signal.aborted) onAbort();
      else o.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
