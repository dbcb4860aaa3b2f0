// Writing files safely. Files that may hold secret material are created 0600 (folders 0700)
// before anything is written into them, and every file appears whole or not at all:
// - the content goes to a temporary file created exclusively (O_EXCL + O_NOFOLLOW, a random
//   name, mode 0600, in the target's own folder), which is renamed over the target; on any
//   failure the temporary file is removed, so none is left behind holding a secret;
// - an input this run read (the preset, a secret file, …) is never replaced;
// - where the user chose the place (keepForeign), a file wallaroo-install did not write (no
//   header line naming it) is replaced only with force;
// - a target folder on a pseudo-filesystem (/proc, /sys, …), under a file, or not writable is
//   refused at once with exit 2.
// Values are written as YAML 1.1 so `on`/`yes`/`no` stay strings for helm.
import {
  closeSync, constants, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync,
  accessSync, readdirSync, rmSync, statSync, statfsSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { Document, visit } from 'yaml';

const GO_OCTAL = /^[-+]?0[oO][0-7_]*$/;
import { FlowError } from './flow-error.ts';
import { isInputFile } from './read-input.ts';
import { showPath } from './escape.ts';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Keeps the newest `keep` entries of a folder (by modification time), files or folders. */
export function pruneOldest(dir: string, keep: number): void {
  const entries = readdirSync(dir).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(keep)) rmSync(join(dir, f), { recursive: true, force: true });
}

/**
 * The first line of every file wallaroo-install writes names the tool ("# Helm values for
 * Wallaroo, written by wallaroo-install …", "# Secrets wallaroo-install creates …"): such a file
 * may be replaced by a later run; anything else only with --force.
 */
export const OWN_FILE_HEADER = /^# .*\bwallaroo-install\b/;

/** Filesystems that are not storage: writing there hangs, fails oddly or changes the kernel. */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1cd1: 'devpts', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2',
  0x64626720: 'debugfs', 0x74726163: 'tracefs', 0x73636673: 'securityfs', 0xcafe4a11: 'bpf',
  0x6165676c: 'pstore', 0x62656570: 'configfs', 0x65735543: 'fusectl', 0x42494e4d: 'binfmt_misc',
  0xde5e81e4: 'efivarfs', 0x6e736673: 'nsfs', 0x19800202: 'mqueue', 0x958458f6: 'hugetlbfs',
};
const PSEUDO_PREFIXES = ['/proc', '/sys', '/dev'];

export interface WriteOptions {
  /**
   * A file the user chose the place of (render --output, presets --write): one there that
   * wallaroo-install did not write is kept, unless `force`. Our own state files do not set it.
   */
  keepForeign?: boolean;
  /** Replace a foreign file all the same (--force). Inputs are never replaced. */
  force?: boolean;
  /** Default 0600. */
  mode?: number;
  /** How the user named the folder, for messages: "--output", "--write". */
  flag?: string;
}

function outputError(cause: string, fix: string): FlowError {
  return new FlowError('E_OUTPUT', cause, fix, 2);
}

function pseudoFilesystem(existing: string): string | undefined {
  try {
    const t = statfsSync(existing).type;
    if (PSEUDO_FS[t]) return PSEUDO_FS[t];
  } catch { /* statfs not available here: fall back to the well-known mount points */ }
  const hit = PSEUDO_PREFIXES.find((p) => existing === p || existing.startsWith(p + '/'));
  // /dev/shm is a tmpfs people use on purpose; statfs said so above when it could.
  return hit && !existing.startsWith('/dev/shm') ? hit.slice(1) : undefined;
}

/**
 * Makes sure `dir` is a folder we can write into, creating it (0700) if it does not exist
 * (unless `create` is false: only checked). Refuses, with exit 2 and the reason, a path that is
 * a file, lies under a file, is on a pseudo-filesystem, or is not writable. Returns it absolute.
 */
export function prepareOutputDir(dir: string, o: Pick<WriteOptions, 'flag'> & { create?: boolean } = {}): string {
  const full = resolve(dir);
  const flag = o.flag ?? 'the output folder';
  const shown = showPath(full);
  // The nearest part of the path that exists says what we are dealing with.
  let existing = full;
  let st: Stats | undefined;
  for (;;) {
    try { st = statSync(existing); break; } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw outputError(`${flag} ${shown} cannot be used: symbolic links in it loop`, 'check where the links point (`readlink -f`), or choose another folder');
      if (code === 'EACCES') throw outputError(`${flag} ${shown} cannot be used: permission denied on ${showPath(existing)}`, 'choose a folder this user may write to');
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw outputError(`${flag} ${shown} cannot be used: ${code}`, 'choose another folder');
      const up = dirname(existing);
      if (up === existing) break;
      existing = up;
    }
  }
  const fs = pseudoFilesystem(existing);
  if (fs) throw outputError(`${flag} ${shown} is on ${fs}, a pseudo-filesystem of the kernel, not storage`, 'choose a folder on a real disk, e.g. the current folder or /tmp/wallaroo');
  if (st && !st.isDirectory()) {
    throw outputError(existing === full ? `${flag} ${shown} is a file, not a folder` : `${flag} ${shown} is under ${showPath(existing)}, which is a file, not a folder`,
      'choose a folder (it is created if it does not exist)');
  }
  try { accessSync(existing, constants.W_OK | constants.X_OK); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw outputError(`${flag} ${shown} is not writable: ${code === 'EROFS' ? 'read-only filesystem' : 'permission denied'} on ${showPath(existing)}`,
      'choose a folder this user may write to');
  }
  if (existing !== full && o.create !== false) {
    try { mkdirSync(full, { recursive: true, mode: 0o700 }); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw outputError(`${flag} ${shown} cannot be created (${code})`, code === 'ENOSPC' ? 'free some disk space, or choose another folder' : 'choose another folder');
    }
  }
  return full;
}

function firstLine(path: string): string {
  // O_NONBLOCK: the target is a regular file here, but it costs nothing to be sure.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const buf = Buffer.alloc(512);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, n).split('\n')[0];
  } finally { closeSync(fd); }
}

/** True if `path` is a regular file whose content is exactly `content` (read without blocking). */
export function fileHolds(path: string, content: string): boolean {
  try {
    const st = lstatSync(path);
    const want = Buffer.from(content, 'utf8');
    if (!st.isFile() || st.size !== want.length) return false;
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    try {
      const buf = Buffer.alloc(want.length);
      let n = 0;
      while (n < buf.length) { const got = readSync(fd, buf, n, buf.length - n, null); if (!got) break; n += got; }
      return n === want.length && buf.equals(want);
    } finally { closeSync(fd); }
  } catch { return false; }
}

/** Refuses (exit 2) to replace `path` if it is an input, not a file, or (keepForeign) not ours. */
export function checkWriteTarget(path: string, o: WriteOptions = {}): void {
  let st: Stats;
  try { st = lstatSync(path); } catch { return; /* nothing there: fine */ }
  const shown = showPath(path);
  if (isInputFile(path)) {
    throw outputError(`will not write ${shown}: it is an input of this run (the preset or a file it names)`,
      `choose another folder${o.flag ? ` with ${o.flag}` : ''}, so that the file you gave is not replaced`);
  }
  if (st.isDirectory()) throw outputError(`cannot write ${shown}: a folder of that name exists`, 'move it away, or choose another folder');
  if (!st.isFile() && !st.isSymbolicLink()) throw outputError(`cannot write ${shown}: something that is not a regular file exists there`, 'move it away, or choose another folder');
  if (o.force || !o.keepForeign) return;
  let ours = false;
  try { ours = st.isFile() && OWN_FILE_HEADER.test(firstLine(path)); } catch { ours = false; }
  if (!ours) {
    throw outputError(`will not replace ${shown}: it exists and was not written by wallaroo-install`,
      `move it away, choose another folder${o.flag ? ` with ${o.flag}` : ''}, or add --force to replace it`);
  }
}

function writeAll(fd: number, content: string | Buffer): void {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function writeFailure(path: string, e: unknown): FlowError {
  if (e instanceof FlowError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const shown = showPath(path);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FlowError('E_WRITE', `cannot write ${shown}: no space left (${code})`, 'free some disk space, or choose another folder', 1);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return outputError(`cannot write ${shown}: ${code === 'EROFS' ? 'read-only filesystem' : 'permission denied'}`, 'choose a folder this user may write to');
  return new FlowError('E_WRITE', `cannot write ${shown}: ${(e as Error).message}`, 'check the folder and the disk, then run again', 1);
}

/**
 * Write `content` to `path` atomically, mode 0600 from the first byte (see the top of this
 * file for what is refused). The folder is created (0700) if needed.
 */
export function writePrivateFile(path: string, content: string | Buffer, o: WriteOptions = {}): void {
  const mode = o.mode ?? 0o600;
  const dir = prepareOutputDir(dirname(path), o);
  const target = join(dir, basename(path));
  checkWriteTarget(target, o);
  const tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
    fchmodSync(fd, mode); // the umask may have narrowed it; never wider than asked
    writeAll(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) try { closeSync(fd); } catch { /* already failing */ }
    try { unlinkSync(tmp); } catch { /* not created, or already renamed */ }
    throw writeFailure(target, e);
  }
}

export function toYaml11(value: unknown, header?: string): string {
  const doc = new Document(value, { version: '1.1' });
  // YAML 1.1 has no 0o octal, so yaml writes "0o17" plain; helm's go-yaml reads a plain 0o17 as
  // the number 15 (Go's ParseInt with base 0). Such strings are quoted.
  visit(doc, { Scalar(_, node) { if (typeof node.value === 'string' && GO_OCTAL.test(node.value)) node.type = 'QUOTE_DOUBLE'; } });
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}
