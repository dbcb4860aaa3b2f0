// The built CLI in a real pseudo-terminal, its output read through a terminal emulator.
//
// `@lydell/node-pty` gives the child a real tty (isTTY true, SIGWINCH on resize, SIGHUP when the
// terminal goes away); `@xterm/headless` turns the byte stream into the screen a user would see,
// so tests assert on what is visible, not on escape sequences.
//
//   const t = spawnCli(['--preset', file], { env: stage.env });
//   await t.waitFor(/Review/);
//   t.press('down', 'enter');
//   t.kill();                       // the SSH link drops
//   const { code } = await t.exit;
//
// Always `await t.close()` (e.g. in a finally): it kills what is still running and frees the pty.
import ptyModule from '@lydell/node-pty';
import xtermModule from '@xterm/headless';
import { constants } from 'node:os';
import { binPath } from './cli.ts';
import { repoRoot } from './tools.ts';

const { spawn } = ptyModule;
const { Terminal } = xtermModule;

/** Key names → the bytes a terminal sends for them (xterm, normal cursor mode). */
export const keys = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  home: '\x1b[H',
  end: '\x1b[F',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  delete: '\x1b[3~',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  backspace: '\x7f',
  space: ' ',
  ctrlC: '\x03',
  ctrlD: '\x04',
} as const;
export type KeyName = keyof typeof keys;

export interface PtyOptions {
  /** Environment added to this process's; `undefined` removes a variable. CI=false and
   *  TERM=xterm-256color are set unless given here. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  cols?: number;
  rows?: number;
  /** Program to run instead of the built CLI (the CLI's arguments are then ignored). */
  command?: { file: string; args: string[] };
}

export interface PtyExit {
  code: number;
  /** Signal name that ended the process, if one did. */
  signal?: NodeJS.Signals;
}

export interface PtyRun {
  readonly pid: number;
  /** The visible rows as text (trailing spaces trimmed), joined with '\n'. */
  screen(): string;
  /** The visible rows, one string each (always `rows` entries). */
  lines(): string[];
  /** Every row the emulator still holds: scrollback then screen, trailing blank rows dropped. */
  history(): string;
  /** Resolves with the screen once `pattern` is visible on it; rejects with the screen on timeout
   *  or when the program exits first. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Raw text to the terminal (what typing it would send), or named keys in order. */
  write(input: string | readonly KeyName[]): void;
  /** Named keys, in order: `press('down', 'down', 'enter')`. */
  press(...names: KeyName[]): void;
  resize(cols: number, rows: number): void;
  /** Bytes the program has written to the terminal so far. */
  readonly bytesWritten: number;
  /** Everything the program wrote, decoded (escape sequences included). */
  readonly output: string;
  /** The terminal goes away, as when an SSH link drops: `signal` (default SIGHUP) to the
   *  terminal's foreground process group (what sshd's shell does to its jobs), then the pty
   *  master is closed so the kernel hangs the terminal up (further writes fail with EIO). */
  kill(signal?: NodeJS.Signals): void;
  /** A signal to the program's process only (the terminal stays). */
  signal(signal: NodeJS.Signals): void;
  /** Settles when the program has exited. */
  readonly exit: Promise<PtyExit>;
  /** Kill whatever still runs (SIGKILL to the group), close the pty, free the emulator. */
  close(): Promise<void>;
}

const signalNames = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

export function spawnCli(args: string[], o: PtyOptions = {}): PtyRun {
  const cols = o.cols ?? 80;
  const rows = o.rows ?? 24;
  const env: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color', ...o.env };
  // Ink treats CI=true as "not interactive"; the test runner runs with CI=true.
  if (o.env?.CI === undefined) env.CI = 'false';
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];

  const file = o.command?.file ?? process.execPath;
  const argv = o.command?.args ?? [binPath, ...args];
  const term = new Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
  // encoding null: Buffers, so bytesWritten counts bytes and multi-byte glyphs split across
  // reads are reassembled by the emulator, not mangled by a per-chunk decode.
  const child = spawn(file, argv, {
    name: env.TERM, cols, rows, cwd: o.cwd ?? repoRoot, env: env as Record<string, string>, encoding: null,
  });

  let bytes = 0;
  let output = '';
  const decoder = new TextDecoder();
  let parsed = Promise.resolve();
  let exited: PtyExit | undefined;
  type Waiter = { test: (s: string) => boolean; resolve: (s: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; what: string };
  const waiters = new Set<Waiter>();

  const lines = (): string[] => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => lines().join('\n');
  /** The screen for an error message: trailing blank rows dropped. */
  const shown = () => screen().replace(/\n+$/, '');
  const check = () => {
    const s = screen();
    for (const w of waiters) if (w.test(s)) { waiters.delete(w); clearTimeout(w.timer); w.resolve(s); }
  };

  // Ink wraps each frame in a synchronized update (DEC mode 2026) and writes it in several
  // writes, which a read can split: a terminal shows nothing of a frame until its end marker, so
  // the screen is only checked between frames (or, as terminals do, after a second without one).
  // The emulator parses on a timer and may parse several reads in one pass before their
  // callbacks run: so whether a frame is open is worked out in byte order as reads arrive, and
  // the screen is checked only once the last read so far has been parsed.
  let openAtReceipt = false;   // after every read received so far
  let inFrame = false;         // after the reads parsed so far, once the last of them is parsed
  let received = 0;
  let parsedCount = 0;
  let frameTimer: NodeJS.Timeout | undefined;
  const settled = () => parsedCount === received;
  const afterParse = (id: number, open: boolean) => {
    parsedCount = id;
    if (id !== received) return;   // more is already on its way: the screen may hold part of it
    inFrame = open;
    clearTimeout(frameTimer);
    if (!inFrame) { check(); return; }
    frameTimer = setTimeout(() => { inFrame = false; check(); }, 1000);
  };

  child.onData((d: string | Buffer) => {
    const buf = typeof d === 'string' ? Buffer.from(d) : d;
    bytes += buf.length;
    const text = decoder.decode(buf, { stream: true });
    // A marker split across two reads: the previous read's tail is looked at again.
    const seen = output.slice(-7) + text;
    output += text;
    const opened = seen.lastIndexOf('\x1b[?2026h');
    const closed = seen.lastIndexOf('\x1b[?2026l');
    if (opened > closed) openAtReceipt = true;
    else if (closed > opened) openAtReceipt = false;
    const id = ++received;
    const open = openAtReceipt;
    parsed = new Promise<void>((res) => term.write(buf, res)).then(() => afterParse(id, open));
  });

  const exit = new Promise<PtyExit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      exited = { code: exitCode, ...(signal ? { signal: signalNames.get(signal) } : {}) };
      // Let the emulator finish what was already read, then fail every waiter still pending.
      void parsed.then(() => {
        clearTimeout(frameTimer);
        inFrame = false;
        check();
        for (const w of waiters) {
          waiters.delete(w); clearTimeout(w.timer);
          w.reject(new Error(`the program exited (${JSON.stringify(exited)}) before ${w.what} appeared; screen:\n${shown()}`));
        }
        resolve(exited!);
      });
    });
  });

  let closed = false;
  const closeMaster = () => {
    if (closed) return;
    closed = true;
    // destroy() closes the master fd (kernel hangup of the slave side) and SIGHUPs the child.
    try { (child as typeof child & { destroy(): void }).destroy(); } catch { /* already gone */ }
  };
  const signalGroup = (sig: NodeJS.Signals) => {
    // forkpty makes the child a session and process-group leader: -pid is its foreground group.
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };

  const run: PtyRun = {
    pid: child.pid,
    screen,
    lines,
    history() {
      const b = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < b.length; y++) out.push(b.getLine(y)?.translateToString(true) ?? '');
      while (out.length && out[out.length - 1] === '') out.pop();
      return out.join('\n');
    },
    waitFor(pattern, timeoutMs = 30_000) {
      const test = typeof pattern === 'string' ? (s: string) => s.includes(pattern) : (s: string) => pattern.test(s);
      const what = typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
      const now = screen();
      if (settled() && !inFrame && test(now)) return Promise.resolve(now);
      if (exited) return Promise.reject(new Error(`the program had exited (${JSON.stringify(exited)}); ${what} is not on the screen:\n${shown()}`));
      return new Promise<string>((resolve, reject) => {
        const w: Waiter = {
          test, resolve, reject, what,
          timer: setTimeout(() => {
            waiters.delete(w);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${shown()}`));
          }, timeoutMs),
        };
        waiters.add(w);
      });
    },
    write(input) {
      if (closed) throw new Error('the terminal was closed');
      child.write(typeof input === 'string' ? input : input.map((k) => keys[k]).join(''));
    },
    press(...names) { run.write(names); },
    resize(c, r) {
      if (!closed) child.resize(c, r);
      term.resize(c, r);
    },
    get bytesWritten() { return bytes; },
    get output() { return output; },
    kill(sig = 'SIGHUP') {
      signalGroup(sig);
      closeMaster();
    },
    signal(sig) {
      try { process.kill(child.pid, sig); } catch { /* already gone */ }
    },
    exit,
    async close() {
      if (!exited) {
        signalGroup('SIGKILL');
        closeMaster();
        await exit;
      }
      closeMaster();
      for (const w of waiters) { clearTimeout(w.timer); waiters.delete(w); }
      term.dispose();
    },
  };
  return run;
}
