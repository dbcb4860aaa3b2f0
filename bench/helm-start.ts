// How soon helm starts: from our process's start to the moment `helm upgrade --install` may go on
// (the trace milestone "secrets done": helm is spawned then, or let go, when it was started beside
// the checks and held at its values, src/helm/gated.ts), with the CPU our process used by then,
// and the moment helm's first write reaches the API. Several builds, interleaved (each run alternates
// which goes first), on the fake API with the same controller delays as install-overhead.ts.
// Steadier than the whole-install overhead: it leaves out helm's own run and helm 3's polling.
// Run: BINS=path/a/bin/wallaroo-install.js,path/b/bin/wallaroo-install.js N=20 HELM=4 [COLD=1] tsx bench/helm-start.ts
// (BINS defaults to this checkout's build; HELM=3 for helm 3)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { stage, PRESET } from '../test/support/e2e.ts';
import { binPath } from '../test/support/cli.ts';
import { scratchDir } from '../test/support/tools.ts';

const bins = process.env.BINS ? process.env.BINS.split(',') : [binPath];
const N = Number(process.env.N ?? 10);
const major = (Number(process.env.HELM ?? 4) === 3 ? 3 : 4) as 3 | 4;
const MARKS = ['main: bundle loaded', 'install command loaded', 'preset loaded', 'helm template: start', 'helm template: remembered', 'chart: resolved, values written',
  'kubeconfig: done', 'helm: started, held', 'preflight: done', 'helm template: done', 'install lock held'];
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// As on an admin's machine after the first run: one state folder per build, kept between runs
// (the chart memory then holds this chart and these values after the first run). COLD=1: a new
// state folder for every run, as on a first install.
const COLD = process.env.COLD === '1';
const homes = bins.map(() => scratchDir('bench-home'));
let chartBytes: Buffer | undefined;
const sameChart = (path: string) => { if (COLD) return; if (chartBytes) writeFileSync(path, chartBytes); else chartBytes = readFileSync(path); };
const res = bins.map(() => ({ spawn: [] as number[], cpu: [] as number[], firstWrite: [] as number[], marks: {} as Record<string, number[]> }));

for (let i = 0; i < N; i++) {
  const order = bins.map((_, k) => k);
  if (i % 2) order.reverse();
  for (const k of order) {
    const s = await stage(major, { readyDelayMs: 200, jobDelayMs: 200, lbDelayMs: 1500, lbAddress: { hostname: 'internal-bench.elb.us-east-1.amazonaws.com' } });
    // The same chart file every run, as an admin's re-run has (helm 3's `helm package` stamps
    // the time into the archive, so each stage's own would be a new chart to the chart memory).
    sameChart(s.chartArchive);
    // The product's own poll interval, not the tests' shorter one.
    const { WALLAROO_INSTALL_POLL_MS: _poll, ...env } = { ...process.env, ...s.env } as Record<string, string>;
    const wall0 = Date.now();
    const child = spawn(process.execPath, [bins[k], '--preset', s.writePreset(PRESET)], {
      env: { ...env, CI: 'true', WALLAROO_INSTALL_TRACE: '1', WALLAROO_INSTALL_HOME: COLD ? scratchDir('bench-home') : homes[k] }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    await s.close();
    if (code !== 0) throw new Error(`${bins[k]} exited ${code}:\n${err}`);
    const r = res[k];
    for (const m of err.matchAll(/\[trace +(\d+) ms\] (.*?) \(cpu (\d+) ms\)/g)) {
      (r.marks[m[2]] ??= []).push(Number(m[1]));
      if (m[2] === 'secrets done') { r.spawn.push(Number(m[1])); r.cpu.push(Number(m[3])); }
    }
    const w = s.kube.requests.find((q) => /helm/i.test(q.userAgent ?? '') && q.method !== 'GET');
    if (w) r.firstWrite.push(w.time - wall0);
  }
}
console.log(`helm ${major}, ${N} runs per build, interleaved, ${COLD ? 'a new state folder every run (COLD=1)' : 'the state folder kept between runs'}; medians (min)`);
bins.forEach((bin, k) => {
  const r = res[k];
  console.log(`${bin}\n  helm spawned or let go at ${med(r.spawn)} ms (min ${Math.min(...r.spawn)}), our CPU by then ${med(r.cpu)} ms; helm's first write at ${med(r.firstWrite)} ms`);
  for (const m of MARKS) if (r.marks[m]) console.log(`    ${m.padEnd(34)} ${med(r.marks[m])} ms`);
});
