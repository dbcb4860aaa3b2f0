// Reading the files a run takes as input (the preset, `file:` secrets, TLS certificate and key,
// image-values.yaml, the chart archive, the kubeconfig) without trusting what they are:
// - only regular files (a folder, a FIFO, /dev/zero, a socket or a device is refused at once);
// - the size is checked before reading, against the limit for that kind of file;
// - opened with O_NONBLOCK, so that a FIFO swapped in after the check still cannot block;
// - the file read is the file checked (fstat of the open descriptor, same device and inode).
// Every file read is remembered so that nothing this run writes can replace one of them.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

const MiB = 1024 * 1024;

/** Size limits per kind of input (README, "Limits"). Far above any real file of that kind. */
export const INPUT_LIMITS = {
  preset: 1 * MiB,
  secretFile: 64 * 1024,
  tlsFile: 1 * MiB,
  imageValues: 10 * MiB,
  kubeconfig: 16 * MiB,
  chartArchive: 100 * MiB,
} as const;

export class InputFileError extends Error {
  constructor(
    /** The file as given (absolute). */
    readonly path: string,
    /** What the file is for, as the user names it: "the preset", "tls.keyFile", … */
    readonly field: string,
    /** Why it cannot be used, short: "it is a folder", "no such file", … */
    readonly reason: string,
    readonly fix: string,
    /** errno code or our own: ENOENT, EISDIR, ENOTREG, ETOOBIG, ENOTUTF8, … */
    readonly errno: string,
  ) {
    super(`${field} ${path} cannot be used: ${reason}`);
  }
}

const readPaths = new Set<string>();

function fileId(s: Stats): string {
  return `${s.dev}:${s.ino}`;
}

/** True if `path` is (a link to) a file this process read as input. */
export function isInputFile(path: string): boolean {
  try { return readPaths.has(fileId(statSync(path))); } catch { return false; }
}

export function formatBytes(n: number): string {
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Why a filesystem call on `path` failed, and what to do about it, in words that fit the error. */
export function fsAdvice(code: string | undefined, path: string): { reason: string; fix: string } {
  switch (code) {
    case 'ENOENT': return { reason: 'no such file', fix: `check the path (relative paths in a preset are relative to the preset's folder)` };
    case 'ENOTDIR': return { reason: 'a part of the path is a file, not a folder', fix: `check the folders in ${path}` };
    case 'EISDIR': return { reason: 'it is a folder', fix: 'give the path of a file inside it' };
    case 'ELOOP': return { reason: 'symbolic links loop (or are nested too deeply)', fix: `check where the links in ${path} point: \`ls -l\` each part, or \`readlink -f ${path}\`` };
    case 'EACCES': case 'EPERM': return { reason: 'permission denied', fix: `let this user read it (\`ls -l ${path}\`; chmod/chown), or run as a user who can` };
    case 'ENAMETOOLONG': return { reason: 'the path is too long', fix: 'use a shorter path' };
    case 'EIO': return { reason: 'an I/O error from the disk or network filesystem', fix: 'check the filesystem (dmesg), or copy the file somewhere else' };
    case 'ENXIO': return { reason: 'it is a socket or a device without a reader', fix: 'give a regular file' };
    case 'EMFILE': case 'ENFILE': return { reason: 'too many open files', fix: 'raise the open-file limit (ulimit -n) and run again' };
    default: return { reason: code ?? 'unknown error', fix: `check ${path}` };
  }
}

function refuse(path: string, field: string, reason: string, fix: string, errno: string): never {
  throw new InputFileError(path, field, reason, fix, errno);
}

/**
 * What `path` is, checked without opening it: a regular file within `limit`, or (with
 * `allowDirectory`) a folder. Anything else throws InputFileError naming the file and field.
 */
export function checkInputFile(path: string, o: { field: string; limit: number; allowDirectory?: boolean }): { kind: 'file' | 'directory'; size: number } {
  let s: Stats;
  try { s = statSync(path); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const a = fsAdvice(code, path);
    refuse(path, o.field, a.reason, a.fix, code ?? 'EUNKNOWN');
  }
  if (s.isDirectory() && o.allowDirectory) return { kind: 'directory', size: 0 };
  if (!s.isFile()) {
    refuse(path, o.field, `it is ${kindOf(s)}`, s.isDirectory() ? 'give the path of a file inside it' : 'give a regular file: copy the content into a file first', s.isDirectory() ? 'EISDIR' : 'ENOTREG');
  }
  if (s.size > o.limit) {
    refuse(path, o.field, `it is ${formatBytes(s.size)}, more than the ${formatBytes(o.limit)} a file of this kind may have`, 'check that this is the right file', 'ETOOBIG');
  }
  return { kind: 'file', size: s.size };
}

/**
 * The bytes of a regular input file, read without blocking and never beyond `limit` (or only
 * its first `maxRead` bytes: enough to recognise a chart archive without reading a gigabyte).
 */
export function readInputBytes(path: string, o: { field: string; limit: number; maxRead?: number }): Buffer {
  checkInputFile(path, o);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const a = fsAdvice(code, path);
    refuse(path, o.field, a.reason, a.fix, code ?? 'EUNKNOWN');
  }
  try {
    const s = fstatSync(fd);
    // Swapped between the check and the open (a FIFO put in its place, say): refuse it too.
    if (!s.isFile()) refuse(path, o.field, `it is ${kindOf(s)}`, 'give a regular file', 'ENOTREG');
    // Read until EOF, but never more than limit + 1 bytes: the size from stat may be stale (the
    // file grew) or meaningless (files under /proc say 0).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(Math.max(s.size - total, 64 * 1024), o.limit + 1 - total, (o.maxRead ?? Infinity) - total));
      let got: number;
      try { got = readSync(fd, buf, 0, buf.length, null); } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const a = fsAdvice(code, path);
        refuse(path, o.field, a.reason, a.fix, code ?? 'EUNKNOWN');
      }
      if (got === 0) break;
      chunks.push(buf.subarray(0, got));
      total += got;
      if (o.maxRead !== undefined && total >= o.maxRead) break;
      if (total > o.limit) refuse(path, o.field, `it is more than the ${formatBytes(o.limit)} a file of this kind may have`, 'check that this is the right file', 'ETOOBIG');
    }
    readPaths.add(fileId(s));
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a regular input file: UTF-8 (a byte-order mark is dropped), within `limit`. */
export function readInputFile(path: string, o: { field: string; limit: number }): string {
  const bytes = readInputBytes(path, o);
  let text: string;
  try { text = utf8.decode(bytes); } catch {
    refuse(path, o.field, 'it is not UTF-8 text (a binary file?)', 'give the text file (PEM, YAML or plain text)', 'ENOTUTF8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
