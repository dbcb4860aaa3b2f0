// Reads a chart (a .tgz archive or a folder) once, without helm and without unpacking it:
// Chart.yaml, values.yaml, values.schema.json, the chart's own templates and its subcharts'
// defaults. Spawning `helm show chart` / `helm show values` costs a process each (and helm has
// no command at all for values.schema.json); the key resolution needs all of them.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative, sep } from 'node:path';

/** Chart archives are a few MB at most; anything far bigger is not a chart. */
export const MAX_CHART_BYTES = 100 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

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
    } else if (type === '0' || type === '\0') out.set(name.replace(/^\.\//, ''), Buffer.from(body));
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The files of a chart archive's top folder (`wallaroo/…` in the archive → `…`). */
export function archiveFiles(gz: Buffer): ChartFiles {
  const entries = tarEntries(gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES }));
  const files = new Map<string, string>();
  const archives = new Map<string, Buffer>();
  for (const [name, body] of entries) {
    const rel = name.split('/').slice(1).join('/');
    if (!rel) continue;
    if (/^charts\/[^/]+\.tgz$/.test(rel)) archives.set(rel, body);
    else files.set(rel, body.toString('utf8'));
  }
  return { files, archives };
}

function folderFiles(dir: string): ChartFiles {
  const files = new Map<string, string>();
  const archives = new Map<string, Buffer>();
  const walk = (d: string, depth: number) => {
    if (depth > 12) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (e.isDirectory()) walk(full, depth + 1);
      else if (e.isFile()) {
        if (/^charts\/[^/]+\.tgz$/.test(rel)) archives.set(rel, readFileSync(full));
        else if (/(^|\/)(Chart\.yaml|values\.yaml|values\.schema\.json)$|^templates\/|^charts\/[^/]+\/(Chart\.yaml|values\.yaml)$/.test(rel)) files.set(rel, readFileSync(full, 'utf8'));
      }
    }
  };
  walk(dir, 0);
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
