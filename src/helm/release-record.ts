// helm's release record as it sits in the cluster (HELM_DRIVER secret or configmap): the
// object's `release` field holds base64(gzip(JSON)); a Secret base64-encodes that once more.
// Only the top-level "manifest" string is ever rewritten, in place, so every other byte of the
// record (numbers too large for a JavaScript number among them) stays exactly as helm wrote it.

export type RecordDriver = 'secret' | 'configmap';

/** node:zlib at first use: a first install has no record to read (≈ 4 ms of loading saved). */
const zlib = () => process.getBuiltinModule('node:zlib');

export function decodeRecord(field: string, driver: RecordDriver): string {
  const inner = driver === 'secret' ? Buffer.from(field, 'base64').toString('utf8') : field;
  const bytes = Buffer.from(inner, 'base64');
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
  return (isGzip ? zlib().gunzipSync(bytes) : bytes).toString('utf8');
}

export function encodeRecord(json: string, driver: RecordDriver): string {
  const inner = zlib().gzipSync(Buffer.from(json, 'utf8')).toString('base64');
  return driver === 'secret' ? Buffer.from(inner, 'utf8').toString('base64') : inner;
}

/** Where a top-level key's string value sits in a JSON object text: [start, end) of the quoted string. */
function topLevelStringSpan(json: string, key: string): [number, number] | undefined {
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const end = j + 1;
      if (depth === 1 && expectKey) {
        const name = JSON.parse(json.slice(i, end)) as string;
        let k = end;
        while (/\s/.test(json[k] ?? '')) k++;
        if (json[k] === ':') {
          k++;
          while (/\s/.test(json[k] ?? '')) k++;
          if (name === key && json[k] === '"') {
            let m = k + 1;
            while (m < json.length && json[m] !== '"') m += json[m] === '\\' ? 2 : 1;
            return [k, m + 1];
          }
          expectKey = false;
          i = k - 1;
          continue;
        }
      }
      i = j;
      continue;
    }
    if (ch === '{' || ch === '[') { depth++; expectKey = ch === '{' && depth === 1; continue; }
    if (ch === '}' || ch === ']') { depth--; continue; }
    if (ch === ',' && depth === 1) expectKey = true;
  }
  return undefined;
}

export function readTopLevelString(json: string, key: string): string | undefined {
  const span = topLevelStringSpan(json, key);
  return span ? (JSON.parse(json.slice(span[0], span[1])) as string) : undefined;
}

export function replaceTopLevelString(json: string, key: string, value: string): string {
  const span = topLevelStringSpan(json, key);
  if (!span) throw new Error(`the release record has no "${key}"`);
  return json.slice(0, span[0]) + JSON.stringify(value) + json.slice(span[1]);
}
