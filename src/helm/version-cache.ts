// `helm version` costs a process start on the way to every install: about 40 ms of CPU while
// client-node loads and `helm template` runs. Its answer is kept per helm binary in
// ~/.wallaroo-install/cache/helm-version.json, keyed by the binary's resolved path, inode, size,
// modification and change times: an upgraded or replaced helm is asked again. Only real
// executables (ELF, Mach-O) are cached: a wrapper script or a version-manager shim may run a
// different helm tomorrow without changing itself, so it is asked every time.
import { closeSync, constants, openSync, readFileSync, readSync, realpathSync, statSync, accessSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { stateHome } from '../cli/run-log.ts';
import { writePrivateFile } from '../util/files.ts';

const MAX_ENTRIES = 16;
const cacheFile = () => join(stateHome(), 'cache', 'helm-version.json');

const BINARY_MAGIC = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.from([0xce, 0xfa, 0xed, 0xfe]), // Mach-O 64/32
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]), // Mach-O universal
];

/** `bin` as the shell would run it: a path as given, a bare name looked up on PATH. */
export function resolveExecutable(bin: string, path = process.env.PATH ?? ''): string | undefined {
  if (bin.includes('/')) return bin;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch { /* not here */ }
  }
  return undefined;
}

function isNativeExecutable(file: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try { readSync(fd, head, 0, 4, 0); } finally { closeSync(fd); }
  return BINARY_MAGIC.some((m) => m.equals(head));
}

/** The cache key of the helm binary, or undefined when its answer must not be cached. */
export function helmIdentity(bin: string, env: Record<string, string | undefined>): string | undefined {
  try {
    const found = resolveExecutable(bin, env.PATH ?? '');
    if (!found) return undefined;
    const real = realpathSync(found);
    if (!isNativeExecutable(real)) return undefined;
    const st = statSync(real);
    return [real, st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs].join('|');
  } catch {
    return undefined;
  }
}

function readCache(): Record<string, string> {
  try {
    const data = JSON.parse(readFileSync(cacheFile(), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, string> : {};
  } catch {
    return {};
  }
}

export function cachedVersionOutput(id: string): string | undefined {
  const v = readCache()[id];
  return typeof v === 'string' ? v : undefined;
}

/** Best effort: a cache that cannot be written only means asking helm next time. */
export function saveVersionOutput(id: string, out: string): void {
  try {
    const entries = Object.entries(readCache()).filter(([k]) => k !== id).slice(-(MAX_ENTRIES - 1));
    writePrivateFile(cacheFile(), `${JSON.stringify(Object.fromEntries([...entries, [id, out]]), null, 1)}\n`);
  } catch { /* read-only home, full disk: fine */ }
}
