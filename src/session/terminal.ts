// When the terminal goes away in the middle of an install (the SSH link drops, the terminal
// window is closed, a pipe reader quits), the install must carry on to its end without a
// screen: helm is half-way through a release and stopping it leaves the release failed or, if
// it dies hard, pending. The signs are SIGHUP (the kernel, or the login shell, hanging up the
// session) and writes to stdout/stderr failing with EIO (tty gone) or EPIPE (reader gone).
// SIGHUP no longer ends the process; a failed write detaches the screen renderers, and from
// then on only the log (and the events file `attach` follows) receive the events.
import type { EventBus } from '../flows/events.ts';

/** Write errors that mean "nobody is reading any more", not a bug. */
const GONE_CODES = new Set(['EIO', 'EPIPE', 'ECONNRESET', 'ENXIO', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

export interface TerminalWatch {
  /** Why the terminal went away (e.g. "EIO on stdout"), once a write to it failed. */
  readonly goneReason: string | undefined;
  /** Stop watching. Once the terminal is gone, write errors stay swallowed (there is no one to tell). */
  dispose(): void;
}

export interface KeepRunningOptions {
  /** Unsubscribe functions of the screen renderers (what `bus.on(renderer, 'screen')` returned). */
  screens: Array<() => void>;
  /** Streams whose failure means the terminal went away. Default stdout and stderr; an Ink UI
   *  that reads keys adds stdin (reading a hung-up tty fails with EIO too). */
  streams?: NodeJS.EventEmitter[];
  /** Called once when the terminal goes, after the screens are detached (e.g. unmount Ink). */
  onGone?: (reason: string) => void;
  /** Where the log is, for the note written to it. */
  logFile?: string;
  /** For tests: the process whose SIGHUP is watched. */
  proc?: NodeJS.EventEmitter;
  /** What the run does now, after "SIGHUP received (the terminal hung up)" (default: ": carrying on with the install"). */
  carryOn?: string;
}

/**
 * Keeps the run alive when its terminal goes away: SIGHUP no longer ends the process, and a
 * failed write to the terminal detaches the screen renderers instead of crashing the run.
 * Other errors on those streams still reach the listeners that were there before.
 */
export function keepRunningWhenTerminalGoes(bus: EventBus, o: KeepRunningOptions): TerminalWatch {
  const proc = o.proc ?? process;
  const streams = o.streams ?? [process.stdout, process.stderr];
  let reason: string | undefined;

  const gone = (why: string) => {
    if (reason) return;
    reason = why;
    for (const off of o.screens) off();
    try { o.onGone?.(why); } catch { /* the screen is gone: nothing left to tell */ }
    // Only the log-side listeners are left, so this lands in the log and the events file.
    bus.emit({ type: 'info', message: `the terminal went away (${why}): carrying on without a screen${o.logFile ? `; this log (${o.logFile}) continues` : ''}; \`wallaroo-install attach\` follows the run` });
  };

  // SIGHUP alone detaches nothing: output that is not the terminal (`--json > events.jsonl`)
  // keeps flowing, and the first write to the hung-up terminal fails (EIO) and detaches it.
  let hungUp = false;
  const onHup = () => {
    if (hungUp || reason) return;
    hungUp = true;
    // On a dead terminal this very line fails to print, which detaches the screens at once.
    bus.emit({ type: 'info', message: `SIGHUP received (the terminal hung up)${o.carryOn ?? ': carrying on with the install'}` });
  };
  proc.on('SIGHUP', onHup);

  // The listeners already there (main.ts exits on EPIPE, which would stop the install) are set
  // aside while we watch, and get back every error that is not a lost terminal.
  const saved = streams.map((s) => {
    const before = s.listeners('error') as ((e: Error) => void)[];
    for (const l of before) s.off('error', l);
    const name = s === process.stdout ? 'stdout' : s === process.stderr ? 'stderr' : s === process.stdin ? 'stdin' : 'terminal';
    const mine = (e: NodeJS.ErrnoException) => {
      if (e?.code && GONE_CODES.has(e.code)) return gone(`${e.code} on ${name}`);
      if (reason || hungUp) return; // whatever fails after the hangup is part of it
      if (before.length) for (const l of before) l.call(s, e);
      else throw e;
    };
    s.on('error', mine);
    return { s, before, mine };
  });

  return {
    get goneReason() { return reason; },
    dispose() {
      proc.off('SIGHUP', onHup);
      if (reason || hungUp) {
        // The terminal is (likely) gone: a late write (the "log: …" line at exit) must not crash
        // the exit, and a second SIGHUP must not kill us while we finish.
        proc.on('SIGHUP', () => {});
        return;
      }
      for (const { s, before, mine } of saved) {
        s.off('error', mine);
        for (const l of before) s.on('error', l);
      }
    },
  };
}
