// The run log: every event (helm's own lines included) as plain text, secrets already redacted
// by the event bus, in a 0600 file under ~/.wallaroo-install/logs (or $WALLAROO_INSTALL_HOME).
import { createWriteStream, type WriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../util/files.ts';
import { plainRenderer } from '../render/plain.ts';
import type { EventBus } from '../flows/events.ts';

export function stateHome(): string {
  return process.env.WALLAROO_INSTALL_HOME || join(homedir(), '.wallaroo-install');
}

/** The folder of one install run (its values file, the pulled chart). */
export function runDir(release: string): string {
  return join(stateHome(), 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${release}`);
}

export function openRunLog(bus: EventBus, command: string): { path: string; close: () => Promise<void> } {
  const dir = join(stateHome(), 'logs');
  ensurePrivateDir(dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${command}.log`);
  const stream: WriteStream = createWriteStream(path, { mode: 0o600, flags: 'a' });
  const stamped = { write: (s: string) => stream.write(s.split('\n').map((l) => (l ? `${new Date().toISOString()} ${l}` : l)).join('\n')) } as NodeJS.WritableStream;
  const off = bus.on(plainRenderer({ out: stamped, err: stamped, verbose: true }));
  return { path, close: () => new Promise((r) => { off(); stream.end(r); }) };
}
