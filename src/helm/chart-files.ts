// Reads a chart (a .tgz archive or a folder) once, without helm and without unpacking it:
// Chart.yaml, values.yaml, values.schema.json, the chart's own templates and its subcharts'
// defaults. Spawning `helm show chart` / `helm show values` costs a process each (and helm has
// no command at all for values.schema.json); the key resolution needs all of them.
import { readFileSync, statSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_LIMITS } from '../util/read-input.ts';

/** Chart archives are a few MB at most; anything far bigger is not a chart. */
/** The same limit as the preset loader's for chart.archive (util/read-input.ts, README "Limits"). */
export const MAX_CHART_BYTES = INPUT_LIMITS.chartArchive;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** node:zlib at first use: a re-run recalls the chart's facts and never reads it (≈ 4 ms of loading saved). */
const zlib = () => process.getBuiltinModule('node:zlib');

export interface ChartFiles {
  /** Path → text, relative to the chart's top folder ("Chart.yaml", "templates/x.yaml"). */
  files: Map<string, string>;
  /** Nested chart archives (charts/*.tgz), path → bytes. */
  archives: Map<string, Buffer>;
}

function tarEntries(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a: number, b: number) => header.toString('utf8', a, b).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 136).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break;
    const type = String.fromCharCode(header[156] || 48);
    const prefix = str(345, 500);
    const name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    const body = tar.subarray(pos + 512, pos + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]+)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0') out.set(name, Buffer.from(body));
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const tooLarge = () => new Error(`it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024 / 1024} GiB, far more than a chart`);

/**
 * The first gzip member alone, checked against its own trailer (CRC-32 and length), whatever
 * follows it: helm reads a chart through Go's gzip reader only as far as the tar's end, so bytes
 * after the archive (padding a transfer added, say) never reach it. Undefined if the member
 * itself is damaged.
 */
function firstMember(gz: Buffer): Buffer | undefined {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) return undefined;
  const flags = gz[3];
  let at = 10;
  if (flags & 4) at += 2 + gz.readUInt16LE(at); // FEXTRA (helm writes one)
  for (const bit of [8, 16]) if (flags & bit) { at = gz.indexOf(0, at) + 1; if (at === 0) return undefined; } // FNAME, FCOMMENT
  if (flags & 2) at += 2; // FHCRC
  if (at >= gz.length) return undefined;
  let out: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    out = zlib().inflateRawSync(gz.subarray(at), { maxOutputLength: MAX_UNPACKED_BYTES, info: true }) as unknown as typeof out;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    return undefined;
  }
  const trailer = at + out.engine.bytesWritten;
  if (trailer + 8 > gz.length) return undefined;
  if (gz.readUInt32LE(trailer) !== zlib().crc32(out.buffer) || gz.readUInt32LE(trailer + 4) !== (out.buffer.length >>> 0)) return undefined;
  return out.buffer;
}

/** The files of a chart archive's top folder (`wallaroo/…` in the archive → `…`). */
export function archiveFiles(gz: Buffer): ChartFiles {
  let tar: Buffer;
  try { tar = zlib().gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES }); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    const first = firstMember(gz);
    if (!first) {
      throw new Error(gz.length >= 2 && gz[0] === 0x1f && gz[1] === 0x8b
        ? `its gzip data is damaged (${(e as Error).message}); download the chart again`
        : 'it is not a gzip-compressed chart archive (.tgz); give the .tgz helm package or helm pull wrote, or the chart folder');
    }
    tar = first;
  }
  const entries = tarEntries(tar);
  const files = new Map<string, string>();
  const archives = new Map<string, Buffer>();
  for (const [name, body] of entries) {
    // As helm's loader: the first path element is the chart's folder, whatever its name (an
    // archive made with `tar -C chart .` has "./Chart.yaml").
    const rel = name.split('/').slice(1).join('/');
    if (!rel) continue;
    if (/^charts\/[^/]+\.tgz$/.test(rel)) archives.set(rel, body);
    else files.set(rel, body.toString('utf8'));
  }
  return { files, archives };
}

/**
 * A chart folder's files that describe its values, read as helm reads a folder: symbolic links
 * followed (a loop is walked once), only regular files read (a FIFO named values.yaml would
 * block), and only where helm looks: the top (Chart.yaml, values.yaml, values.schema.json),
 * templates/ and charts/ (packed subcharts, and each unpacked one's Chart.yaml and values.yaml).
 * No Chart.yaml at the top: refused before anything else is walked.
 */
function folderFiles(dir: string): ChartFiles {
  const files = new Map<string, string>();
  const archives = new Map<string, Buffer>();
  const kind = (p: string) => { try { const st = statSync(p); return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other'; } catch { return 'none'; } };
  if (kind(join(dir, 'Chart.yaml')) !== 'file') throw new Error('no Chart.yaml at its top level');
  let total = 0;
  const read = (full: string, rel: string): Buffer => {
    total += statSync(full).size;
    if (total > MAX_UNPACKED_BYTES) throw new Error(`its chart files come to more than ${MAX_UNPACKED_BYTES / 1024 / 1024 / 1024} GiB (at ${rel}), far more than a chart`);
    return readFileSync(full);
  };
  const seen = new Set<string>();
  // What to do with a path: read it as text, as an archive, walk it (a folder), or either (templates/).
  const walk = (d: string, rel: string, depth: number, keep: (rel: string) => 'text' | 'archive' | 'dir' | 'tree' | undefined) => {
    let real: string;
    try { real = realpathSync(d); } catch { return; }
    if (depth > 12 || seen.has(real)) return;
    seen.add(real);
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const want = keep(r);
      const k = want ? kind(full) : 'none';
      if ((want === 'dir' || want === 'tree') && k === 'dir') walk(full, r, depth + 1, keep);
      else if ((want === 'text' || want === 'tree') && k === 'file') files.set(r, read(full, r).toString('utf8'));
      else if (want === 'archive' && k === 'file') archives.set(r, read(full, r));
    }
  };
  walk(dir, '', 0, (r) => {
    if (/^(Chart\.yaml|values\.yaml|values\.schema\.json)$/.test(r)) return 'text';
    if (r === 'templates' || r === 'charts') return 'dir';
    if (/^templates\//.test(r)) return 'tree';
    if (/^charts\/[^/]+\.tgz$/.test(r)) return 'archive';
    if (/^charts\/[^/]+$/.test(r)) return 'dir';
    if (/^charts\/[^/]+\/(Chart\.yaml|values\.yaml)$/.test(r)) return 'text';
    return undefined;
  });
  return { files, archives };
}

/** Every file of the chart that describes its values, read in one pass. */
export function readChartFiles(chartPath: string): ChartFiles {
  const st = statSync(chartPath);
  if (st.isDirectory()) return folderFiles(chartPath);
  if (!st.isFile()) throw new Error(`${chartPath} is neither a chart archive nor a chart folder`);
  if (st.size > MAX_CHART_BYTES) throw new Error(`${chartPath} is ${Math.round(st.size / 1024 / 1024)} MB, far bigger than a chart archive (limit ${MAX_CHART_BYTES / 1024 / 1024} MB)`);
  return archiveFiles(readFileSync(chartPath));
}

/** The text of `file` (e.g. "values.schema.json") at the chart's top level, if it exists. */
export function readChartFile(chartPath: string, file: string): string | undefined {
  return readChartFiles(chartPath).files.get(file);
}
