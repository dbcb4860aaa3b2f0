// What the installer costs on top of helm, on the in-memory Kubernetes API with realistic
// controller delays (Deployments and Jobs ready after 200 ms, the load balancer's address after
// 1.5 s), for helm 3.17 and helm 4.1 (a fresh API per run; median of RUNS):
//  1. bare: `helm upgrade --install --wait --wait-for-jobs` with the same values, followed by
//     waiting for api-lb-ext's address (read straight from the API's memory, so "bare" gets the
//     address at the earliest possible moment);
//  2. ours: `wallaroo-install --preset` from process start to exit (preflight, chart check,
//     Secrets, helm, credentials, address, DNS records);
//     Both ends are taken by the clock of a shell that runs the process (timedRun), not by when
//     this process, which also hosts the API, hears of the exit;
//  3. the time from the API assigning the address to our output showing it, per helm major (as
//     read here: it can include a stall of this process, see timedRun);
//  4. start-up: process start to the first output line.
// Run: npm run bench   (RUNS=7 npm run bench for more samples; HELMS=4 for one helm only; DELAYS=0 for zero delays;
//      COLD=1 for a new state folder every run (a first install: no chart memory);
//      RTT_MS=50 for a cluster 50 ms away, each new connection paying two more for its handshakes;
//      COMPARE=/path/to/other/bin/wallaroo-install.js measures another build in the same runs,
//      interleaved, so that both see the same machine load)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stage, PRESET } from '../test/support/e2e.ts';
import { helmPath, scratchDir } from '../test/support/tools.ts';
import { binPath } from '../test/support/cli.ts';
import type { FakeKubeOptions } from '../test/kube/server.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const ZERO = process.env.DELAYS === '0';
const RTT = Number(process.env.RTT_MS ?? 0);
const DELAYS: Omit<FakeKubeOptions, 'dir'> = {
  ...(ZERO ? { readyDelayMs: 0, jobDelayMs: 0, lbDelayMs: 0 } : { readyDelayMs: 200, jobDelayMs: 200, lbDelayMs: 1500 }),
  rttMs: RTT,
};
const HOST = 'internal-bench.elb.us-east-1.amazonaws.com';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

const COMPARE = process.env.COMPARE;

const epoch = () => performance.timeOrigin + performance.now();

/**
 * Runs a process and tells when it ended by the clock of a shell that waits for it (`date` run
 * the moment it exits), not by when this process hears of it: this process also hosts the test
 * API, whose controller passes (reconciling every Deployment and Pod) block its event loop for
 * 10–40 ms at a time, and one often falls right when the load balancer gets its address, which
 * is when a helm 4 install ends. Heard here, that stall was added to whichever run ended in it
 * (measured: our process exited 28–38 ms before this one saw it close). Both bare helm and ours
 * are timed this way, the same `sh` and `date` on both sides.
 */
function timedRun(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string, t: number) => void): Promise<{ code: number | null; start: number; end: number; out: string }> {
  return new Promise((resolve) => {
    const endFile = join(scratchDir('bench-end'), 'end');
    const start = epoch();
    const child = spawn('/bin/sh', ['-c', '"$@"; s=$?; date +%s%N > "$WI_BENCH_END"; exit $s', 'sh', cmd, ...args], { env: { ...env, WI_BENCH_END: endFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) onLine?.(l, performance.now());
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      const heard = epoch();
      let end = NaN;
      try { end = Number(readFileSync(endFile, 'utf8').trim()) / 1e6; } catch { /* no date: what was heard */ }
      resolve({ code, start, end: Number.isFinite(end) && end > start ? end : heard, out });
    });
  });
}

function cli(args: string[], env: Record<string, string>, onLine?: (line: string, t: number) => void, bin = binPath): Promise<{ code: number | null; ms: number; out: string }> {
  // The product's own poll interval, not the tests' shorter one.
  const { WALLAROO_INSTALL_POLL_MS: _poll, ...rest } = { ...process.env, ...env };
  return timedRun(process.execPath, [bin, ...args], { ...rest, CI: 'true' }, onLine).then((r) => ({ code: r.code, ms: r.end - r.start, out: r.out }));
}

/**
 * Resolves with the moment api-lb-ext first has an address in the API's memory: told by the
 * API's store as it happens (polling every millisecond, as this did before, kept a core of the
 * 2-core machine busy beside the processes measured).
 */
function addressAssigned(s: Awaited<ReturnType<typeof stage>>): { at: Promise<number>; stop: () => void } {
  let stop = () => {};
  const at = new Promise<number>((resolve) => {
    stop = s.kube.onStored((o) => {
      if (o.kind === 'Service' && o.metadata?.name === 'api-lb-ext' && o.metadata?.namespace === 'wallaroo' && o.status?.loadBalancer?.ingress?.length) {
        stop();
        resolve(performance.now());
      }
    });
  });
  return { at, stop };
}

/** When helm's first write reached the API, in ms after `t0` (Date.now()): how long it took to get going. */
function firstHelmWrite(s: Awaited<ReturnType<typeof stage>>, t0: number): number {
  const w = s.kube.requests.find((q) => /helm/i.test(q.userAgent ?? '') && q.method !== 'GET');
  return w ? w.time - t0 : NaN;
}

async function bareHelm(major: 3 | 4): Promise<{ ms: number; firstWrite: number }> {
  const s = await stage(major, { ...DELAYS, lbAddress: { hostname: HOST } });
  try {
    const preset = s.writePreset(PRESET);
    const out = join(s.dir, 'render');
    const r = await cli(['render', '--preset', preset, '--chart', s.chartArchive, '--output', out], s.env);
    if (r.code !== 0) throw new Error(`render failed:\n${r.out}`);
    const wall0 = Date.now();
    const addr = addressAssigned(s);
    const h = await timedRun(helmPath(major), ['upgrade', '--install', 'wallaroo', s.chartArchive, '--namespace', 'wallaroo', '--create-namespace',
      '--values', join(out, 'wallaroo-values.yaml'), '--timeout', '5m', major === 4 ? '--wait=watcher' : '--wait', '--wait-for-jobs'], { ...process.env, ...s.env });
    if (h.code !== 0) throw new Error(`bare helm failed (${h.code}):\n${h.out}`);
    // The store's own moment (performance.now() of this process), on the same epoch clock.
    const assigned = performance.timeOrigin + await addr.at;
    return { ms: Math.max(h.end, assigned) - h.start, firstWrite: firstHelmWrite(s, wall0) };
  } finally { await s.close(); }
}

// As on an admin's machine after the first run: the state folder (where helm's version is kept)
// outlives each run, as Node's compile cache does. One per build measured.
// COLD=1: a new state folder for every run, as on a first install (no chart memory).
const homes = new Map<string, string>();
const homeFor = (bin: string) => (process.env.COLD === '1' ? scratchDir('bench-home') : homes.get(bin) ?? homes.set(bin, scratchDir('bench-home')).get(bin)!);

// The same chart file every run of a helm major, as an admin's re-run has (helm 3's `helm
// package` stamps the time into the archive: each stage's own would be a new chart).
const chartBytes = new Map<number, Buffer>();
function sameChart(major: number, path: string): void {
  if (process.env.COLD === '1') return;
  const b = chartBytes.get(major);
  if (b) writeFileSync(path, b); else chartBytes.set(major, readFileSync(path));
}

async function ours(major: 3 | 4, bin = binPath): Promise<{ ms: number; latency: number; firstWrite: number }> {
  const s = await stage(major, { ...DELAYS, lbAddress: { hostname: HOST } });
  sameChart(major, s.chartArchive);
  try {
    const wall0 = Date.now();
    const addr = addressAssigned(s);
    let shownAt = 0;
    const r = await cli(['--preset', s.writePreset(PRESET)], { ...s.env, WALLAROO_INSTALL_HOME: homeFor(bin) }, (line, t) => { if (!shownAt && line.includes(HOST)) shownAt = t; }, bin);
    addr.stop();
    if (r.code !== 0) throw new Error(`install failed (${r.code}):\n${r.out}`);
    const assigned = await Promise.race([addr.at, Promise.resolve(0)]);
    if (!assigned || !shownAt) throw new Error('address not seen');
    return { ms: r.ms, latency: shownAt - assigned, firstWrite: firstHelmWrite(s, wall0) };
  } finally { await s.close(); }
}

async function startup(): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [binPath, 'render', '--preset', 'presets/eks-internal-16.yaml', '--output', '/tmp/wallaroo-bench-render'], { env: { ...process.env, WALLAROO_LICENSE_ID: 'x' } });
    child.stdout.once('data', () => resolve(performance.now() - t0));
  });
}

console.log(`load average at start: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`wallaroo-install bench: ${RUNS} runs each, fake Kubernetes API, controller delays ${ZERO ? '0' : 'Deployments/Jobs 200 ms, LB address 1.5 s'}${RTT ? `, ${RTT} ms round trips (+2 per new connection)` : ''}, ${new Date().toISOString()}`);
// HELMS=4 (or 3) measures one helm only.
const MAJORS = ([3, 4] as const).filter((m) => !process.env.HELMS || process.env.HELMS.split(',').map(Number).includes(m));
for (const major of MAJORS) {
  const bare: number[] = [];
  const mine: number[] = [];
  const lat: number[] = [];
  const other: number[] = [];
  const otherLat: number[] = [];
  // Until helm's first write: our checks before helm plus helm's own start, without the noise
  // of everything after (helm 3 looks at the load balancer only every 2 s).
  const bareWrite: number[] = [];
  const mineWrite: number[] = [];
  const otherWrite: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = await bareHelm(major);
    bare.push(b.ms);
    bareWrite.push(b.firstWrite);
    // With COMPARE, the two builds take turns at going first: neither always runs on a machine
    // just warmed (or just loaded) by the other.
    const runMine = async () => {
      const o = await ours(major);
      mine.push(o.ms);
      lat.push(o.latency);
      mineWrite.push(o.firstWrite);
    };
    const runOther = async () => {
      const c = await ours(major, COMPARE);
      other.push(c.ms);
      otherLat.push(c.latency);
      otherWrite.push(c.firstWrite);
    };
    if (COMPARE && i % 2) { await runOther(); await runMine(); } else { await runMine(); if (COMPARE) await runOther(); }
  }
  console.log(`helm ${major}: to helm's first write: bare median ${fmt(median(bareWrite))}; wallaroo-install median ${fmt(median(mineWrite))} (+${fmt(median(mineWrite) - median(bareWrite))})${COMPARE ? `; ${COMPARE}: median ${fmt(median(otherWrite))} (+${fmt(median(otherWrite) - median(bareWrite))})` : ''}`);
  console.log(`helm ${major}: bare helm + LB address median ${fmt(median(bare))} (min ${fmt(Math.min(...bare))}); wallaroo-install median ${fmt(median(mine))} (min ${fmt(Math.min(...mine))}); overhead ${fmt(median(mine) - median(bare))}`);
  console.log(`helm ${major}: LB address assigned → on screen: median ${fmt(median(lat))}, max ${fmt(Math.max(...lat))}`);
  if (COMPARE) {
    console.log(`helm ${major}: ${COMPARE}: median ${fmt(median(other))} (min ${fmt(Math.min(...other))}); overhead ${fmt(median(other) - median(bare))}; LB address → screen median ${fmt(median(otherLat))}, max ${fmt(Math.max(...otherLat))}`);
  }
}
const st: number[] = [];
for (let i = 0; i < RUNS; i++) st.push(await startup());
console.log(`start-up to first output line (render): median ${fmt(median(st))}`);
