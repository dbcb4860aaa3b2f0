// How long an install takes after helm has exited, to its own exit: the stored answers, the
// admin credentials, the Lease given back, the result, and any garbage collection that falls
// there. This is all of our overhead at the end of a helm 3 install (helm 3 waits for the load
// balancer itself); with helm 4 the wait for the address usually follows helm instead.
// From the trace marks "helm: exited" and "exit" (WALLAROO_INSTALL_TRACE=1), with V8's
// --trace-gc counting the full collections after helm's exit. Several builds, interleaved.
// Run: BINS=path/a/bin/wallaroo-install.js,path/b/bin/wallaroo-install.js N=8 HELM=3 tsx bench/after-helm.ts
// (BINS defaults to this checkout's build; HELM defaults to 3)
import { spawn } from 'node:child_process';
import { stage, PRESET } from '../test/support/e2e.ts';
import { binPath } from '../test/support/cli.ts';
import { scratchDir } from '../test/support/tools.ts';

const bins = process.env.BINS ? process.env.BINS.split(',') : [binPath];
const N = Number(process.env.N ?? 8);
const major = (Number(process.env.HELM ?? 3) === 4 ? 4 : 3) as 3 | 4;
const homes = bins.map(() => scratchDir('bench-home'));
const after = bins.map(() => [] as number[]);
const gcs = bins.map(() => [] as number[]);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (let i = 0; i < N; i++) {
  for (let k = 0; k < bins.length; k++) {
    const j = (k + i) % bins.length;   // each run alternates which build goes first
    const s = await stage(major, { readyDelayMs: 200, jobDelayMs: 200, lbDelayMs: 1500, lbAddress: { hostname: 'bench.example' } });
    try {
      // The product's own poll interval, not the tests' shorter one.
      const { WALLAROO_INSTALL_POLL_MS: _poll, ...env } = { ...process.env, ...s.env };
      const c = spawn(process.execPath, ['--trace-gc', bins[j], '--preset', s.writePreset(PRESET)],
        { env: { ...env, CI: 'true', WALLAROO_INSTALL_TRACE: '1', WALLAROO_INSTALL_HOME: homes[j] }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = ''; let err = '';
      c.stdout.on('data', (d) => { out += d; });
      c.stderr.on('data', (d) => { err += d; });
      const code = await new Promise<number | null>((r) => c.on('close', r));
      if (code !== 0) throw new Error(`install failed (${code}):\n${err.slice(-2000)}`);
      const mark = (m: string) => Number(new RegExp(`\\[trace +(\\d+) ms\\] ${m}`).exec(err)?.[1]);
      const helmExit = mark('helm: exited');
      // The first run of each build fills its state folder (the chart memory): left out.
      if (i === 0) continue;
      after[j].push(mark('exit') - helmExit);
      gcs[j].push([...out.matchAll(/ (\d+) ms: Mark-Compact/g)].filter((m) => Number(m[1]) > helmExit).length);
    } finally { await s.close(); }
  }
}
console.log(`after helm ${major} exits, to the installer's exit (median of ${N - 1} runs, ms; full GCs after helm's exit per run):`);
bins.forEach((b, j) => console.log(`  ${b}: ${med(after[j])} ms [${after[j].join(', ')}]; full GCs ${gcs[j].join(' ')}`));
