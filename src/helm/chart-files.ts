// Reads one file from a chart (a .tgz archive or a folder) without unpacking it: helm has no
// command that prints values.schema.json, and the key check needs it.
import { readFileSync, statSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

function tarEntries(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a: number, b: number) => header.toString('utf8', a, b).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 136).trim() || '0', 8);
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

/** The text of `file` (e.g. "values.schema.json") at the chart's top level, if it exists. */
export function readChartFile(chartPath: string, file: string): string | undefined {
  if (statSync(chartPath).isDirectory()) {
    const p = join(chartPath, file);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  }
  const entries = tarEntries(gunzipSync(readFileSync(chartPath)));
  for (const [name, body] of entries) {
    const parts = name.split('/');
    if (parts.length === 2 && parts[1] === file) return body.toString('utf8');
  }
  return undefined;
}
