// What a run that writes a log gets from src/cli.ts: its events file (for `attach`) and the
// guard that keeps it running when its terminal goes away. Two calls: start before the first
// event, close with the exit code after the last.
import type { EventBus } from '../flows/events.ts';
import { eventsFileFor, openEventsFile } from './events-file.ts';
import { keepRunningWhenTerminalGoes, type KeepRunningOptions } from './terminal.ts';

export interface RunSession {
  eventsFile: string;
  /** Records the exit code for followers and stops watching the terminal. */
  close(exitCode: number): void;
}

export function startRunSession(bus: EventBus, o: { logFile: string } & Omit<KeepRunningOptions, 'logFile' | 'proc'>): RunSession {
  const events = openEventsFile(bus, eventsFileFor(o.logFile));
  const terminal = keepRunningWhenTerminalGoes(bus, { ...o, logFile: o.logFile });
  return {
    eventsFile: events.path,
    close(exitCode) {
      events.close(exitCode);
      terminal.dispose();
    },
  };
}
