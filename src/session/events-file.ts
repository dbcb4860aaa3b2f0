// Every event of a run, one JSON object per line, beside its log: what `attach` (and a second
// `wallaroo-install` started while this one runs) replays through its own renderers. The bus
// hands the log side events with every secret already redacted, exactly as the log gets them.
// The last line, written when the run ends, records its exit code.
import { openSync, writeSync, closeSync } from 'node:fs';
import type { EventBus, FlowEvent } from '../flows/events.ts';

/** The events file of a run log: `…/2025-…-install.log` → `…/2025-…-install.events.jsonl`. */
export function eventsFileFor(logFile: string): string {
  return logFile.replace(/\.log$/, '') + '.events.jsonl';
}

/** The trailer line: not a FlowEvent (renderers never see it), the run's outcome. */
export interface RunEnded { type: 'run-ended'; exitCode: number; time: string }

export interface EventsFile {
  path: string;
  /** Writes the trailer with the run's exit code and closes the file. */
  close(exitCode: number): void;
}

export function openEventsFile(bus: EventBus, path: string): EventsFile {
  // Synchronous appends: a follower sees each event as soon as it happened, in order, and a run
  // that dies hard still leaves every event it emitted on disk.
  let fd: number | undefined = openSync(path, 'a', 0o600);
  const write = (o: object) => {
    if (fd === undefined) return;
    try { writeSync(fd, JSON.stringify(o) + '\n'); } catch { /* a full disk must not stop the install */ }
  };
  const off = bus.on((e) => write({ time: new Date().toISOString(), ...e }), 'log');
  return {
    path,
    close(exitCode) {
      off();
      write({ type: 'run-ended', exitCode, time: new Date().toISOString() } satisfies RunEnded);
      if (fd !== undefined) { try { closeSync(fd); } catch { /* already closed */ } }
      fd = undefined;
    },
  };
}

export type RecordedLine = { kind: 'event'; event: FlowEvent; time?: string } | { kind: 'ended'; ended: RunEnded };

/** Parses complete lines of an events file; a torn or foreign line is skipped, not fatal. */
export function parseEventLines(lines: string[]): RecordedLine[] {
  const out: RecordedLine[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    let o: { type?: unknown; time?: string; exitCode?: unknown } & Record<string, unknown>;
    try { o = JSON.parse(line); } catch { continue; }
    if (!o || typeof o.type !== 'string') continue;
    if (o.type === 'run-ended') {
      out.push({ kind: 'ended', ended: { type: 'run-ended', exitCode: typeof o.exitCode === 'number' ? o.exitCode : 1, time: String(o.time ?? '') } });
      continue;
    }
    const { time, ...event } = o;
    out.push({ kind: 'event', event: event as unknown as FlowEvent, time });
  }
  return out;
}
