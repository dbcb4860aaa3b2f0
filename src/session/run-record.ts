// The local record of an install run: which process runs it, since when, and where its log and
// events file are. It lets `attach` (and a second `wallaroo-install` on this machine) find the
// run to follow, also after it ended (to show its outcome), and without asking the cluster.
// One file per cluster + namespace + release under the state home, mode 0600.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { stateHome } from '../cli/run-log.ts';
import { writePrivateFile } from '../util/files.ts';

export interface RunTarget { server: string; namespace: string; release: string }

export interface RunRecord extends RunTarget {
  context: string;
  pid: number;
  host: string;
  user: string;
  /** "user@host pid N": also the Lease's holderIdentity. */
  holder: string;
  startedAt: string;
  endedAt?: string;
  logFile?: string;
  eventsFile?: string;
  /** The preset (answers file) the run installs, absolute. */
  preset?: string;
  version: string;
  /** What the run does with the release; absent = install (records of older runs). */
  operation?: 'install' | 'uninstall';
}

export function currentUser(): string {
  try { return userInfo().username; } catch { return process.env.USER || process.env.LOGNAME || 'unknown'; }
}

/** Who holds a lock: `user@host pid N` (the format is parsed back by parseHolder). */
export function holderIdentity(pid = process.pid): string {
  return `${currentUser()}@${hostname()} pid ${pid}`;
}

export function parseHolder(identity: string): { user?: string; host?: string; pid?: number } {
  const m = /^(?:([^@\s]+)@)?(\S+)(?: pid (\d+))?$/.exec(identity.trim());
  return m ? { user: m[1], host: m[2], pid: m[3] ? Number(m[3]) : undefined } : {};
}

export function isThisHost(host: string | undefined): boolean {
  return Boolean(host) && host === hostname();
}

/**
 * Is `pid` a live wallaroo-install? kill(pid, 0) says whether the pid exists; where /proc is
 * there, its command line must also name wallaroo-install, so a reused pid does not count.
 */
export function runIsAlive(pid: number): boolean {
  try { process.kill(pid, 0); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try { return readFileSync(cmdline, 'utf8').includes('wallaroo-install'); } catch { return false; }
}

function recordsDir(): string {
  return join(stateHome(), 'sessions');
}

export function runRecordPath(t: RunTarget): string {
  const h = createHash('sha256').update(`${t.server}\n${t.namespace}\n${t.release}`).digest('hex').slice(0, 12);
  return join(recordsDir(), `${t.namespace}.${t.release}.${h}.json`);
}

export function writeRunRecord(r: RunRecord): string {
  const path = runRecordPath(r);
  writePrivateFile(path, JSON.stringify(r, null, 2) + '\n');
  return path;
}

export function readRunRecord(path: string): RunRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
    return typeof r?.pid === 'number' && typeof r.release === 'string' ? r : undefined;
  } catch { return undefined; }
}

export function findRunRecord(t: RunTarget): RunRecord | undefined {
  return readRunRecord(runRecordPath(t));
}

/** Records of this release in any cluster (for attach when the cluster cannot be reached). */
export function runRecordsFor(namespace: string, release: string): RunRecord[] {
  let names: string[];
  try { names = readdirSync(recordsDir()); } catch { return []; }
  return names.filter((n) => n.startsWith(`${namespace}.${release}.`) && n.endsWith('.json'))
    .map((n) => readRunRecord(join(recordsDir(), n)))
    .filter((r): r is RunRecord => Boolean(r))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export function markRunEnded(r: RunRecord): void {
  const now = readRunRecord(runRecordPath(r));
  // Only our own record: another run may have taken over the file meanwhile.
  if (now && now.pid === r.pid && now.startedAt === r.startedAt) writeRunRecord({ ...now, endedAt: new Date().toISOString() });
}
