// Measures, on the in-memory Kubernetes API with controller delays 0:
//  1. our `--preset` install against the bare `helm upgrade --install` with the same values,
//     for helm 3.17 and helm 4.1 (fresh API per run; median of RUNS);
//  2. the time from the load balancer getting its address to our output showing it;
//  3. start-up: process start to the first output line.
// Run: npm run bench   (RUNS=7 npm run bench for more samples)
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { stage, PRESET } from '../test/support/e2e.ts';
import { helmPath } from '../test/support/tools.ts';
import { binPath } from '../test/support/cli.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const run = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

function cli(args: string[], env: Record<string, string>, onLine?: (line: string, t: number) => void): Promise<{ code: number | null; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // The product's own poll interval, not the tests' shorter one.
    const { WALLAROO_INSTALL_POLL_MS: _poll, ...rest } = { ...process.env, ...env };
    const child = spawn(process.execPath, [binPath, ...args], { env: { ...rest, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) onLine?.(l, performance.now());
    });
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0 }));
  });
}

async function bareHelm(major: 3 | 4): Promise<number> {
  const s = await stage(major);
  try {
    const preset = s.writePreset(PRESET);
    const out = join(s.dir, 'render');
    const r = await cli(['render', '--preset', preset, '--output', out], s.env);
    if (r.code !== 0) throw new Error('render failed');
    const t0 = performance.now();
    await run(helmPath(major), ['upgrade', '--install', 'wallaroo', s.chartArchive, '--namespace', 'wallaroo', '--create-namespace',
      '--values', join(out, 'wallaroo-values.yaml'), '--timeout', '5m', major === 4 ? '--wait=watcher' : '--wait', '--wait-for-jobs'], { env: { ...process.env, ...s.env } });
    return performance.now() - t0;
  } finally { await s.close(); }
}

async function ours(major: 3 | 4): Promise<number> {
  const s = await stage(major);
  try {
    const r = await cli(['--preset', s.writePreset(PRESET), '--json'], s.env);
    if (r.code !== 0) throw new Error(`install failed (${r.code})`);
    return r.ms;
  } finally { await s.close(); }
}

async function addressLatency(): Promise<number> {
  // helm 4 returns before the address exists, so our own watch is what shows it.
  const s = await stage(4, { lbDelayMs: 3000, lbAddress: { hostname: 'internal-bench.elb.amazonaws.com' } });
  try {
    let assignedAt = 0;
    let shownAt = 0;
    const poll = setInterval(() => {
      if (!assignedAt && s.kube.get('v1', 'Service', 'wallaroo', 'api-lb-ext')?.status?.loadBalancer?.ingress?.length) assignedAt = performance.now();
    }, 1);
    const r = await cli(['--preset', s.writePreset(PRESET)], s.env, (line, t) => {
      if (!shownAt && line.includes('internal-bench.elb.amazonaws.com')) shownAt = t;
    });
    clearInterval(poll);
    if (r.code !== 0 || !assignedAt || !shownAt) throw new Error('address not seen');
    return shownAt - assignedAt;
  } finally { await s.close(); }
}

async function startup(): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [binPath, 'render', '--preset', 'presets/eks-internal-16.yaml', '--output', '/tmp/wallaroo-bench-render'], { env: { ...process.env, WALLAROO_LICENSE_ID: 'x' } });
    child.stdout.once('data', () => resolve(performance.now() - t0));
  });
}

console.log(`wallaroo-install bench: ${RUNS} runs each, fake Kubernetes API, controller delays 0, ${new Date().toISOString()}`);
for (const major of [3, 4] as const) {
  const bare: number[] = [];
  const mine: number[] = [];
  for (let i = 0; i < RUNS; i++) { bare.push(await bareHelm(major)); mine.push(await ours(major)); }
  console.log(`helm ${major}: bare helm upgrade --install median ${fmt(median(bare))} (min ${fmt(Math.min(...bare))}); wallaroo-install --preset median ${fmt(median(mine))} (min ${fmt(Math.min(...mine))}); overhead ${fmt(median(mine) - median(bare))}`);
}
const lat: number[] = [];
for (let i = 0; i < RUNS; i++) lat.push(await addressLatency());
console.log(`load-balancer address assigned → shown in our output: median ${fmt(median(lat))}, max ${fmt(Math.max(...lat))}`);
const st: number[] = [];
for (let i = 0; i < RUNS; i++) st.push(await startup());
console.log(`start-up to first output line (render): median ${fmt(median(st))}`);
