// Following a run from its events file: replay what it reported so far through this process's
// own renderers (plain, JSON or Ink: whatever listens on the bus), then stream what it reports
// next, until its last line records how it ended. Ctrl-C stops following, not the install.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { FlowError, type EventBus, type FlowEvent } from '../flows/events.ts';
import { parseEventLines } from './events-file.ts';
import { runIsAlive } from './run-record.ts';
import { describeRunning, findRunningInstall, runningWhat, type LockCluster, type RunningInstall } from './install-lock.ts';

export interface FollowSource {
  eventsFile: string;
  /** The run's process on this machine; gone without a last line = it died. */
  pid?: number;
  logFile?: string;
  /** One line saying whose run this is and since when (shown first). */
  announce: string;
}

export type FailedEvent = Extract<FlowEvent, { type: 'failed' }>;
export interface FollowOutcome { exitCode: number; failed?: FailedEvent }

const POLL_MS = 250;

/** Reads whole lines appended to a file since the last call. */
class Tail {
  private offset = 0;
  private rest = '';
  constructor(private readonly path: string) {}
  read(): string[] {
    let fd: number;
    try { fd = openSync(this.path, 'r'); } catch { return []; }
    try {
      const size = statSync(this.path).size;
      if (size < this.offset) { this.offset = 0; this.rest = ''; } // replaced: start over
      const chunks: Buffer[] = [];
      while (this.offset < size) {
        const buf = Buffer.alloc(Math.min(1 << 20, size - this.offset));
        const n = readSync(fd, buf, 0, buf.length, this.offset);
        if (n <= 0) break;
        chunks.push(buf.subarray(0, n));
        this.offset += n;
      }
      const text = this.rest + Buffer.concat(chunks).toString('utf8');
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      return lines;
    } finally { closeSync(fd); }
  }
}

/**
 * While following, Ctrl-C (and SIGTERM) mean "stop watching": this process's own handlers,
 * which would cancel an install, are set aside and put back afterwards.
 */
function onInterrupt(handler: (sig: NodeJS.Signals) => void): () => void {
  const sigs: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const saved = sigs.map((s) => ({ s, ls: process.listeners(s) as ((sig: NodeJS.Signals) => void)[] }));
  for (const { s, ls } of saved) for (const l of ls) process.off(s, l);
  for (const s of sigs) process.on(s, handler);
  return () => {
    for (const s of sigs) process.off(s, handler);
    for (const { s, ls } of saved) for (const l of ls) process.on(s, l);
  };
}

export async function followRun(bus: EventBus, src: FollowSource, signal?: AbortSignal): Promise<FollowOutcome> {
  bus.emit({ type: 'info', message: src.announce });
  const tail = new Tail(src.eventsFile);
  let held: FailedEvent | undefined;
  let stopped: NodeJS.Signals | undefined;
  let wake: () => void = () => {};
  const restore = onInterrupt((sig) => { stopped = sig; wake(); });
  const onAbort = () => { stopped ??= 'SIGTERM'; wake(); };
  signal?.addEventListener('abort', onAbort);
  let watcher: FSWatcher | undefined;
  try { watcher = watch(src.eventsFile, () => wake()); watcher.on('error', () => {}); } catch { /* polling alone then */ }

  // The followed run's failure is what this process fails with: it is shown once, by the caller.
  const show = (e: FlowEvent) => {
    if (held) { bus.emit(held); held = undefined; }
    if (e.type === 'failed') { held = e; return; }
    if (e.type === 'run-started') return; // the announcement said whose run it is
    // The events file never holds the admin password (redacted like the log): say where it is.
    if (e.type === 'result' && e.result.passwordShown) { bus.emit({ ...e, result: { ...e.result, adminPassword: '********', passwordShown: false } }); return; }
    bus.emit(e);
  };
  try {
    for (;;) {
      for (const r of parseEventLines(tail.read())) {
        if (r.kind === 'ended') return { exitCode: r.ended.exitCode, failed: held };
        show(r.event);
      }
      if (stopped) {
        throw new FlowError('E_DETACHED', `stopped following (${stopped}); the install goes on${src.pid ? ` (pid ${src.pid})` : ''}`,
          `\`wallaroo-install attach\` follows it again${src.pid ? `; to cancel the install itself: kill -INT ${src.pid}` : ''}`, 130);
      }
      if (src.pid !== undefined && !runIsAlive(src.pid)) {
        // One last read: the trailer may have landed just before the process ended.
        for (const r of parseEventLines(tail.read())) {
          if (r.kind === 'ended') return { exitCode: r.ended.exitCode, failed: held };
          show(r.event);
        }
        if (held) return { exitCode: held.exitCode, failed: held };
        throw new FlowError('E_RUN_VANISHED', `the install process (pid ${src.pid}) ended without recording its outcome (it was killed)`,
          `its log${src.logFile ? ` (${src.logFile})` : ''} shows how far it got; \`wallaroo-install status\` shows the release`, 1);
      }
      await new Promise<void>((res) => { const t = setTimeout(res, POLL_MS); wake = () => { clearTimeout(t); res(); }; });
    }
  } finally {
    watcher?.close();
    signal?.removeEventListener('abort', onAbort);
    restore();
  }
}

/** The followed run's outcome as this process's: nothing for success, its failure otherwise. */
export function outcomeError(o: FollowOutcome, logFile?: string): FlowError | undefined {
  if (o.exitCode === 0) return undefined;
  const f = o.failed;
  if (f) return new FlowError(f.code, f.cause, f.fix, (f.exitCode === 2 || f.exitCode === 130 ? f.exitCode : 1) as 1 | 2 | 130);
  return new FlowError('E_RUN_FAILED', `the install ended with exit code ${o.exitCode}`, `see its log${logFile ? ` (${logFile})` : ''}`, o.exitCode === 130 ? 130 : 1);
}

/**
 * Follows an install that holds the lock on this machine to its end; this process then ends
 * as it did (its failure re-thrown, success returns). Not followable (another machine, or its
 * events file unreadable): false, and the caller says who holds it.
 */
export async function followRunningInstall(bus: EventBus, run: RunningInstall, signal?: AbortSignal, o: { attach?: boolean } = {}): Promise<FollowOutcome | false> {
  // An uninstall is waited for, not followed: an install must decide again once it has ended.
  if (runningWhat(run) === 'uninstall' || !run.local || !run.eventsFile || !existsSync(run.eventsFile)) return false;
  try { accessSync(run.eventsFile, constants.R_OK); } catch { return false; }
  const what = `install of release ${run.release} in namespace ${run.namespace}`;
  return followRun(bus, {
    eventsFile: run.eventsFile, pid: run.pid, logFile: run.logFile,
    announce: `${o.attach ? `attached to the ${what}` : `an ${what} is already running`} (${describeRunning(run)}): following it; Ctrl-C stops following, the install goes on`,
  }, signal);
}

/**
 * For `status` (and any read-only command): an install of the release under way is named; when
 * it runs on this machine it is followed to its end first, so what follows is its outcome.
 */
export async function reportRunningInstall(bus: EventBus, c: LockCluster, t: { release: string; namespace: string }, signal?: AbortSignal): Promise<void> {
  const run = await findRunningInstall(c, t.release, t.namespace);
  if (!run) return;
  const outcome = await followRunningInstall(bus, run, signal);
  if (outcome) {
    const f = outcome.failed;
    if (outcome.exitCode !== 0) bus.emit({ type: 'warning', code: f?.code ?? 'E_RUN_FAILED', message: `the install ended with exit code ${outcome.exitCode}${f ? `: ${f.cause}` : ''}`, fix: f?.fix ?? `see its log${run.logFile ? ` (${run.logFile})` : ''}` });
    return;
  }
  if (runningWhat(run) === 'uninstall') {
    bus.emit({ type: 'warning', code: 'W_UNINSTALL_RUNNING', message: `an uninstall of release ${run.release} is running right now: ${describeRunning(run)}`,
      fix: 'the status below is a snapshot; run it again once the uninstall has ended' });
    return;
  }
  bus.emit({ type: 'warning', code: 'W_INSTALL_RUNNING', message: `an install of release ${run.release} is running right now: ${describeRunning(run)}`,
    fix: `the status below is a snapshot; follow it on ${run.host ?? 'that machine'} with \`wallaroo-install attach --release ${run.release} -n ${run.namespace}\`` });
}
