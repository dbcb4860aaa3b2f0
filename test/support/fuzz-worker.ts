// Runs `wallaroo-install render` in-process on generated mutations of the shipped presets and
// writes what each run did (exit code, output, time) as JSON. Started by
// test/unit/fuzz-render.test.ts, two at a time; in-process because a fresh CLI per case would
// spend most of the time starting Node.
//   node --import tsx test/support/fuzz-worker.ts SEED FIRST COUNT WORKDIR RESULT.json
import { readFileSync, writeFileSync, readdirSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../src/cli.ts';
import { repoRoot } from './tools.ts';

export interface FuzzResult { index: number; preset: string; ops: string[]; json: boolean; code: number; ms: number; stdout: string; stderr: string; thrown?: string }

/** mulberry32: a small seeded PRNG, so that a failing case can be replayed from its index. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = [
  '', '~', 'null', 'true', 'false', 'yes', 'on', '-1', '0', '16', '7', '1e400', '.inf', '0x1F', '999999999999999999999',
  '"\u001b[31mred\u001b[0m"', '"\u202eevil"', '"a\\nb"', '[a, b]', '{x: 1}', '[]', '{}', '&anchor value', '*nosuchanchor',
  '!!binary aGVsbG8=', '!custom tag', 'env:', 'env:1BAD', 'env:UNSET_FUZZ_VAR', 'env:lower_ok', 'file:', 'file:/dev/zero',
  'file:/nonexistent/secret', 'file:./tls', "'unterminated", '"unterminated', 'x'.repeat(5000), 'oci://', 'oci://Bad_Host/x',
  '2025.1.0', 'v1.2.3-rc.1+b.5', '1.2', 'not a version', 'wallaroo', 'a/b/c', 'kubernetes.io/x', '-leading', 'trailing-',
  'UPPER', 'ünïcödé', '100Gi', '1Ei', '-5Gi', '15m', 'NoSchedule', 'Sometimes', '/dev/zero', '/proc/self/environ', '..',
];
const KEYS = [
  'apiVersion', 'release', 'namespace', 'chart', 'distribution', 'ingress', 'domain', 'tls', 'registries', 'size',
  'services', 'advanced', 'nodePools', 'general', 'label', 'taint', 'key', 'value', 'effect', 'distro', 'ingres', '<<',
  '"\u001b[2J"', '__proto__', 'constructor', 'toString', '? [a]', '"a\\u0000b"', 'x'.repeat(300),
];
const LINES = [
  'unknown: 1', '<<: *base', 'base: &base {size: 8}', 'x: &a [*a]', '\tsize: 8', '---', '...', '%YAML 1.1', '? [a, b]\n: c',
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  `deep: ${'['.repeat(400)}${']'.repeat(400)}`, `deep2: ${'{a: '.repeat(80)}1${'}'.repeat(80)}`, 'services: {orchestration: true, nats: false}',
  'advanced:\n  nodePools:\n    general:\n      label: {key: "bad key", value: "x"}', 'tls: {certFile: ./tls/wallaroo.crt}', 'release: ' + 'r'.repeat(60),
  'size: 8\nsize: 32', '# comment with \u001b]0;title\u0007', 'chart: {archive: /dev/zero}', 'chart: {archive: /tmp}',
];

function mutate(text: string, r: () => number): { text: string; ops: string[] } {
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  let lines = text.split('\n');
  const ops: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * lines.length);
    const op = Math.floor(r() * 11);
    switch (op) {
      case 0: lines.splice(i, 1); ops.push(`delete line ${i + 1}`); break;
      case 1: lines.splice(i, 0, lines[i] ?? ''); ops.push(`duplicate line ${i + 1}`); break;
      case 2: { const j = Math.floor(r() * lines.length); [lines[i], lines[j]] = [lines[j], lines[i]]; ops.push(`swap lines ${i + 1},${j + 1}`); break; }
      case 3: case 4: {
        const m = /^(\s*[^#:]+:\s*)(\S.*)?$/.exec(lines[i] ?? '');
        if (m) { const v = pick(VALUES); lines[i] = m[1] + v; ops.push(`value ${i + 1} = ${JSON.stringify(v).slice(0, 40)}`); }
        break;
      }
      case 5: {
        const m = /^(\s*)([^#:\s]+)(:.*)$/.exec(lines[i] ?? '');
        if (m) {
          let key = m[2];
          if (r() < 0.5) key = pick(KEYS);
          else { const c = Math.floor(r() * key.length); key = r() < 0.5 ? key.slice(0, c) + key.slice(c + 1) : key.slice(0, c) + 'x' + key.slice(c); }
          lines[i] = m[1] + key + m[3];
          ops.push(`key ${i + 1} = ${JSON.stringify(key).slice(0, 40)}`);
        }
        break;
      }
      case 6: { const d = Math.floor(r() * 5) - 2; lines[i] = d > 0 ? ' '.repeat(d) + lines[i] : (lines[i] ?? '').slice(-d); ops.push(`indent ${i + 1} by ${d}`); break; }
      case 7: { const l = pick(LINES); lines.splice(i, 0, ...l.split('\n')); ops.push(`insert at ${i + 1}: ${JSON.stringify(l).slice(0, 40)}`); break; }
      case 8: { const at = Math.floor(r() * lines.join('\n').length); lines = lines.join('\n').slice(0, at).split('\n'); ops.push(`truncate at ${at}`); break; }
      case 9: {
        const s = lines[i] ?? '';
        const c = Math.floor(r() * (s.length + 1));
        const junk = pick(['\u0000', '\u001b[1;31m', '\u0007', '\u009b2J', '\ufeff', '\r', '\t', '"', "'", ':', '#', '&', '*', '|', '>', '{', '[', '%', '@', '`']);
        lines[i] = s.slice(0, c) + junk + s.slice(c);
        ops.push(`insert ${JSON.stringify(junk)} in line ${i + 1}`);
        break;
      }
      default: ops.push('unchanged');
    }
  }
  return { text: lines.join('\n'), ops };
}

/** Stages the files the shipped presets name (TLS pair, chart archive, image-values.yaml). */
export function prepareWorkDir(dir: string): void {
  mkdirSync(join(dir, 'tls'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(dir, 'tls/wallaroo.crt'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(dir, 'tls/wallaroo.key'));
  writeFileSync(join(dir, 'wallaroo-2025.1.0-6290.tgz'), gzipSync(Buffer.alloc(1024)));
  writeFileSync(join(dir, 'image-values.yaml'), 'imageRegistry: registry.example.internal:5000/wallaroo\n');
}

export const FUZZ_ENV: Record<string, string> = {
  WALLAROO_LICENSE_ID: 'fuzz-license-0123456789', ACR_PASSWORD: 'fuzz-acr-password-0123', ENTRA_CLIENT_SECRET: 'fuzz-entra-secret-0123',
  ECR_PASSWORD: 'fuzz-ecr-password-0123', REGISTRY_PASSWORD: 'fuzz-registry-password-0123', lower_ok: 'fuzz-lower-0123456789',
};

async function runOne(args: string[]): Promise<{ code: number; stdout: string; stderr: string; thrown?: string }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  const capture = (sink: (s: string) => void) => ((chunk: unknown, enc?: unknown, cb?: unknown) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof enc === 'function' ? enc : cb;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => { stdout += s; });
  process.stderr.write = capture((s) => { stderr += s; });
  try {
    return { code: await main(args), stdout, stderr };
  } catch (e) {
    return { code: -1, stdout, stderr, thrown: String((e as Error)?.stack ?? e) };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export async function runFuzz(seed: number, first: number, count: number, dir: string, onCase?: (index: number, file: string) => void): Promise<FuzzResult[]> {
  prepareWorkDir(dir);
  Object.assign(process.env, FUZZ_ENV);
  delete process.env.UNSET_FUZZ_VAR;
  const presetsDir = join(repoRoot, 'presets');
  const presets = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml')).sort();
  const texts = presets.map((f) => readFileSync(join(presetsDir, f), 'utf8'));
  const results: FuzzResult[] = [];
  process.chdir(dir);
  for (let index = first; index < first + count; index++) {
    const r = rng(seed * 100_003 + index);
    const p = Math.floor(r() * presets.length);
    const { text, ops } = mutate(texts[p], r);
    const file = join(dir, `case-${index}.yaml`);
    writeFileSync(file, text);
    onCase?.(index, file);
    const json = r() < 0.25;
    const t0 = performance.now();
    const res = await runOne(['render', '--preset', file, '--output', join(dir, 'out'), ...(json ? ['--json'] : [])]);
    results.push({ index, preset: presets[p], ops, json, ms: Math.round(performance.now() - t0), ...res });
  }
  return results;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [seed, first, count, dir, resultFile] = process.argv.slice(2);
  mkdirSync(dir, { recursive: true });
  // The case being run, so that a hang names its input (the test kills us after a while).
  const results = await runFuzz(Number(seed), Number(first), Number(count), dir, (i, f) => process.stderr.write(`case ${i}: ${f}\n`));
  writeFileSync(resultFile, JSON.stringify(results));
}
