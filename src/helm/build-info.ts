// helm's version read from the binary that will run, without running it. A Go binary carries its
// build info (the `.go.buildinfo` section: what `go version -m` prints); Go 1.24 and later stamp
// the main module's version from the release tag, so an official helm 4 (and any helm built
// with Go 1.24+) says `mod helm.sh/helm/v4 v4.1.4`. Starting helm just to ask its version costs
// a Go process start (60–100 ms of CPU, measured with `time helm version --short`), which ran
// beside `helm template` on the way to the install. Whenever the answer is not certain — not an
// ELF or Mach-O file (a shell shim such as asdf's), not helm's own command, a version that is
// not a plain release tag (a pseudo-version, `(devel)`, `+dirty`), a tree modified at build —
// this says nothing and helm is asked (`helm version --short`), as before.
import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** The file `spawn(bin)` runs: bin itself when it has a slash, else the first executable on PATH. */
export function resolveExecutable(bin: string, env: Record<string, string | undefined>): string | undefined {
  const isFile = (p: string) => {
    try { return statSync(p).isFile() && (accessSync(p, constants.X_OK), true); } catch { return false; }
  };
  if (bin.includes('/')) return isFile(bin) ? resolve(bin) : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // An empty PATH entry is the current directory (execvp's rule).
    const p = join(dir || '.', bin);
    if (isFile(p)) return isAbsolute(p) ? p : resolve(p);
  }
  return undefined;
}

/**
 * A compiled program (ELF or Mach-O), not a script: a binary helm, or a launcher that execs one,
 * passes our stdin on to helm; a wrapper script may not (`helm "$@" &` gives it /dev/null).
 */
export function isCompiledProgram(bin: string, env: Record<string, string | undefined>): boolean {
  const file = resolveExecutable(bin, env);
  if (!file) return false;
  let fd: number;
  try { fd = openSync(file, 'r'); } catch { return false; }
  try {
    return executableFormat(readAt(fd, 0, 4)) !== undefined;
  } finally {
    closeSync(fd);
  }
}

/** ELF, 64-bit Mach-O, 32-bit Mach-O or a universal (fat) Mach-O, from a file's first 4 bytes. */
function executableFormat(h: Buffer): 'elf' | 'macho64' | 'macho' | 'fat' | undefined {
  if (h.length < 4) return undefined;
  if (h.readUInt32BE(0) === 0x7f454c46) return 'elf';
  if (h.readUInt32LE(0) === 0xfeedfacf) return 'macho64';
  if (h.readUInt32LE(0) === 0xfeedface) return 'macho';
  if (h.readUInt32BE(0) === 0xcafebabe) return 'fat';
  return undefined;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = readSync(fd, b, 0, length, offset);
  return b.subarray(0, n);
}

/** Where the build info section is: [offset, size] in the file, for 64-bit ELF and Mach-O. */
function buildInfoSection(fd: number): [number, number] | undefined {
  const h = readAt(fd, 0, 64);
  if (h.length < 64) return undefined;
  const format = executableFormat(h);
  if (format === 'elf') {
    // ELF: 64-bit (class 2), little-endian (data 1): every helm release for Linux.
    if (h[4] !== 2 || h[5] !== 1) return undefined;
    const shoff = Number(h.readBigUInt64LE(0x28));
    const shentsize = h.readUInt16LE(0x3a);
    const shnum = h.readUInt16LE(0x3c);
    const shstrndx = h.readUInt16LE(0x3e);
    if (!shoff || shentsize < 64 || !shnum || shnum > 4096 || shstrndx >= shnum) return undefined;
    const table = readAt(fd, shoff, shentsize * shnum);
    if (table.length < shentsize * shnum) return undefined;
    const sec = (i: number) => ({ name: table.readUInt32LE(i * shentsize), offset: Number(table.readBigUInt64LE(i * shentsize + 24)), size: Number(table.readBigUInt64LE(i * shentsize + 32)) });
    const strtab = sec(shstrndx);
    if (strtab.size > 1 << 20) return undefined;
    const names = readAt(fd, strtab.offset, strtab.size);
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      const end = names.indexOf(0, s.name);
      if (names.toString('latin1', s.name, end < 0 ? undefined : end) === '.go.buildinfo') return [s.offset, s.size];
    }
    return undefined;
  }
  if (format === 'macho64') {
    // Mach-O 64-bit, little-endian (macOS on arm64 and x86_64): section __go_buildinfo of __DATA.
    const ncmds = h.readUInt32LE(16);
    const sizeofcmds = h.readUInt32LE(20);
    if (ncmds > 1024 || sizeofcmds > 1 << 20) return undefined;
    const cmds = readAt(fd, 32, sizeofcmds);
    let at = 0;
    for (let c = 0; c < ncmds && at + 8 <= cmds.length; c++) {
      const cmd = cmds.readUInt32LE(at);
      const size = cmds.readUInt32LE(at + 4);
      if (size < 8) return undefined;
      if (cmd === 0x19 && at + 72 <= cmds.length) {
        const nsects = cmds.readUInt32LE(at + 64);
        for (let s = 0; s < nsects; s++) {
          const o = at + 72 + s * 80;
          if (o + 80 > cmds.length) return undefined;
          if (cmds.toString('latin1', o, o + 16).replace(/\0+$/, '') === '__go_buildinfo') return [cmds.readUInt32LE(o + 48), Number(cmds.readBigUInt64LE(o + 40))];
        }
      }
      at += size;
    }
  }
  return undefined;
}

/** Go's uvarint, as the build info writes string lengths. */
function uvarint(b: Buffer, at: number): [number, number] | undefined {
  let x = 0;
  for (let i = 0, shift = 0; i < 5 && at + i < b.length; i++, shift += 7) {
    const c = b[at + i];
    x += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) return [x, at + i + 1];
  }
  return undefined;
}

/** The build info's module lines (`path`, `mod`, `build` …), for a Go 1.18+ binary. */
export function goModInfo(file: string): string | undefined {
  let fd: number;
  try { fd = openSync(file, 'r'); } catch { return undefined; }
  try {
    const where = buildInfoSection(fd);
    if (!where) return undefined;
    const [offset, size] = where;
    const b = readAt(fd, offset, Math.min(size, 1 << 20));
    if (b.length < 32 || !b.subarray(0, 14).equals(MAGIC)) return undefined;
    // Flag 2: the strings follow the 32-byte header inline (Go 1.18 and later).
    if (!(b[15] & 2)) return undefined;
    const goVersion = uvarint(b, 32);
    if (!goVersion) return undefined;
    const mod = uvarint(b, goVersion[1] + goVersion[0]);
    if (!mod) return undefined;
    const text = b.toString('utf8', mod[1], mod[1] + mod[0]);
    // The module info is framed by 16 bytes on each side.
    return text.length > 32 ? text.slice(16, -16) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * What a helm binary's build info says: that it is helm (its major, from the module path) and,
 * for certain or not at all, its release as `helm version --short` would print it (`v4.1.4`).
 */
export interface HelmBuild { file: string; major: number; version?: string }

/** undefined when the file is no Go binary built as helm (a script, a compiled launcher such as snap's or a mise shim). */
export function helmBuild(bin: string, env: Record<string, string | undefined>): HelmBuild | undefined {
  const file = resolveExecutable(bin, env);
  const info = file && goModInfo(file);
  if (!file || !info) return undefined;
  const lines = info.split('\n');
  const path = lines.find((l) => l.startsWith('path\t'))?.slice(5);
  const m = /^helm\.sh\/helm\/v(\d+)\/cmd\/helm$/.exec(path ?? '');
  if (!m) return undefined;
  const major = Number(m[1]);
  const mod = lines.find((l) => l.startsWith('mod\t'))?.split('\t');
  const version = mod?.[2] ?? '';
  // Only a release tag of the same major as the module path; a build from a modified tree is
  // not that release.
  const certain = mod?.[1] === `helm.sh/helm/v${major}` && new RegExp(`^v${major}\\.\\d+\\.\\d+$`).test(version) && !lines.includes('build\tvcs.modified=true');
  return { file, major, ...(certain ? { version } : {}) };
}
