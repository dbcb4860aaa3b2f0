// Fuzz: generated mutations of the shipped presets (deleted, duplicated and swapped lines, bad
// values and keys, control characters, aliases, deep nesting, truncation) through `render`.
// Every run must end with exit 0 or 2, no stack trace and no "internal error", in bounded time,
// with a message on every exit 2, nothing raw from the input driving the terminal, and never
// the word "undefined". The seed is fixed (FUZZ_SEED overrides it), so a failure replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scratchDir } from '../support/tools.ts';
import type { FuzzResult } from '../support/fuzz-worker.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20250901);
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const WORKERS = 2;
/** Far above a normal render (~10-50 ms in-process); a hang or a quadratic blow-up crosses it. */
const MAX_CASE_MS = 10_000;

function worker(first: number, count: number, dir: string): Promise<FuzzResult[]> {
  const resultFile = join(dir, 'results.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/fuzz-worker.ts'), String(SEED), String(first), String(count), dir, resultFile],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', () => undefined);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fuzz worker ${first} hung; the last case it started: ${err.trim().split('\n').pop()}`));
    }, 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`fuzz worker ${first} exited ${code}\n${err.slice(-3000)}`));
      resolve(JSON.parse(readFileSync(resultFile, 'utf8')));
    });
  });
}

test(`fuzz: ${CASES} mutated presets through render end with exit 0 or 2 and a clear message (seed ${SEED})`, { timeout: 180_000 }, async () => {
  const per = Math.ceil(CASES / WORKERS);
  const batches = await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w * per, Math.min(per, CASES - w * per), scratchDir(`fuzz-${w}`))));
  const results = batches.flat();
  assert.equal(results.length, CASES);
  const bad: string[] = [];
  for (const r of results) {
    const out = r.stdout + r.stderr;
    const why: string[] = [];
    if (r.thrown) why.push(`threw: ${r.thrown}`);
    if (r.code !== 0 && r.code !== 2) why.push(`exit ${r.code}`);
    if (/\n\s+at \S.*:\d+:\d+\)?\n/.test(out)) why.push('stack trace');
    if (/E_INTERNAL|internal error/.test(out)) why.push('internal error');
    if (/\bundefined\b/.test(out)) why.push('"undefined" in a message');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u009b]/.test(out)) why.push('raw control character in the output');
    if (r.ms > MAX_CASE_MS) why.push(`took ${r.ms} ms`);
    if (r.code === 2) {
      const text = r.json ? out : r.stderr;
      if (r.json) {
        const failed = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.event === 'failed');
        if (!failed?.cause || !failed?.fix) why.push('exit 2 without a failed event carrying cause and fix');
      } else if (!/^error: .+/m.test(text) || !/next: .+/.test(text)) why.push('exit 2 without an error line and a next step');
    }
    if (why.length) bad.push(`case ${r.index} (${r.preset}; ${r.ops.join('; ')}): ${why.join(', ')}\n${out.slice(0, 1500)}`);
  }
  const codes = results.reduce<Record<number, number>>((m, r) => ({ ...m, [r.code]: (m[r.code] ?? 0) + 1 }), {});
  assert.deepEqual(bad, [], `${bad.length} of ${CASES} cases misbehaved (exit codes: ${JSON.stringify(codes)})`);
  // The mutations must exercise both outcomes, or the fuzzer tests nothing.
  assert.ok((codes[0] ?? 0) > CASES / 10 && (codes[2] ?? 0) > CASES / 10, `exit codes too one-sided: ${JSON.stringify(codes)}`);
});
