// Preset loading stays linear in the preset's size. Loads generated presets with N problems
// (unknown keys) and N valid entries (identity providers, each with a secret), in-process,
// and prints the time per 1,000 entries: flat means linear. For comparison it also times the
// two parts that were quadratic before: yaml's own duplicate-key check (uniqueKeys: true,
// replaced by one pass with a Set) and the old per-problem position lookup.
//   npm run bench:load        (or: npx tsx bench/preset-load.ts)
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { loadPreset } from '../src/config/load-preset.ts';
import { INPUT_LIMITS } from '../src/util/read-input.ts';

const HEAD = 'apiVersion: wallaroo-install/v1\nchart: { channel: 2025-1, version: 2025.1.0-6290 }\ndistribution: eks\ndomain: { suffix: example.com }\n';
const unknownKeys = (n: number) => HEAD + Array.from({ length: n }, (_, i) => `unknownKey${i}: ${i}`).join('\n') + '\n';
const providers = (n: number) => `${HEAD}advanced:\n  keycloakProviders:\n${Array.from({ length: n }, (_, i) => `    - { id: idp-${i}, clientId: c-${i}, clientSecret: env:IDP_SECRET }`).join('\n')}\n`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = 3): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const dir = mkdtempSync(join(tmpdir(), 'wallaroo-bench-load-'));
try {
  const env = { IDP_SECRET: 'idp-secret-0123456789' };
  console.log('entries  kind            bytes      load ms   ms/1000   yaml uniqueKeys parse ms (the old way)');
  for (const n of [1000, 2000, 4000, 8000, 14000]) {
    for (const [kind, text] of [['unknown keys', unknownKeys(n)], ['providers', providers(n)]] as const) {
      if (text.length > INPUT_LIMITS.preset) { console.log(`${String(n).padStart(7)}  ${kind.padEnd(14)} ${String(text.length).padStart(8)}  refused at once: over the ${INPUT_LIMITS.preset / 1024 / 1024} MiB limit`); continue; }
      const file = join(dir, `${kind.replace(' ', '-')}-${n}.yaml`);
      writeFileSync(file, text);
      const load = time(() => loadPreset(file, env, dir));
      const old = n <= 8000 ? time(() => parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true }), 1) : NaN;
      console.log(`${String(n).padStart(7)}  ${kind.padEnd(14)} ${String(text.length).padStart(8)}  ${load.toFixed(0).padStart(8)}  ${(load / (n / 1000)).toFixed(1).padStart(8)}   ${Number.isNaN(old) ? '(skipped)' : old.toFixed(0)}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
