// The wizard's start-up and its cost per key, measured on the built CLI in a real pty:
//  1. launch → the first interactive frame (the first question on screen), against a bare
//     `node -e 0` in the same run (target ≤ 6×);
//  2. `--version` and `--help` to exit, against the same (target ≤ 3×);
//  3. bytes written to the terminal per arrow key on a 25-line step at 100×40 (target ≤ 400 B).
// Run: npm run build && npx tsx bench/wizard-startup.ts   (RUNS=11 for more samples)
// Rounds are interleaved (bare node, --version, --help, wizard) so a machine that gets busier
// half-way does not favour one of them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli, type PtyOptions } from '../test/support/pty.ts';
import { binPath } from '../test/support/cli.ts';

const RUNS = Number(process.env.RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const home = mkdtempSync(join(tmpdir(), 'wizard-bench-'));
// A kubeconfig whose API never answers: the first frame must not wait for it.
const kubeconfig = join(home, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: bench, context: {cluster: c, user: u}}]
current-context: bench
`);
const env: PtyOptions['env'] = { KUBECONFIG: kubeconfig, WALLAROO_INSTALL_HOME: home, HOME: home, LANG: 'C.UTF-8', NO_COLOR: undefined, FORCE_COLOR: undefined };

async function timeTo(args: string[], until: 'exit' | RegExp, o: PtyOptions = {}): Promise<number> {
  const t0 = performance.now();
  const t = spawnCli(args, { env, ...o });
  try {
    if (until === 'exit') await t.exit;
    else await t.waitFor(until, 60_000);
    return performance.now() - t0;
  } finally { await t.close(); }
}

async function bytesPerArrow(): Promise<{ perKey: number; rows: number }> {
  // A preset that opens the wizard on the services table (the tallest step): everything answered
  // but a service combination the rules refuse.
  const preset = join(home, 'partial.yaml');
  writeFileSync(preset, `apiVersion: wallaroo-install/v1
chart: {channel: '2025-1', version: 2025.1.0-6290}
distribution: eks
domain: {prefix: wallaroo, suffix: example.com}
size: 32
services: {orchestration: true, nats: false}
`);
  const t = spawnCli(['wizard', '--preset', preset], { env, cols: 100, rows: 40 });
  try {
    await t.waitFor(/Services\n[\s\S]*service\s+8\s+16\s+32/, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // let the facts settle (the API never answers)
    const rows = t.lines().filter((l) => l.trim()).length;
    const keys = 16;
    const samples: number[] = [];
    for (let i = 0; i < keys; i++) {
      const before = t.bytesWritten;
      t.press(i < keys / 2 ? 'down' : 'up');
      await new Promise((r) => setTimeout(r, 250));
      samples.push(t.bytesWritten - before);
    }
    return { perKey: median(samples), rows };
  } finally { await t.close(); }
}

const bare: number[] = [];
const version: number[] = [];
const help: number[] = [];
const wizard: number[] = [];
const listed: number[] = [];
// One warm-up round fills the compile cache (the launcher enables it), as a second run would.
await timeTo(['--version'], 'exit');
await timeTo([], /step 1 of/);
for (let i = 0; i < RUNS; i++) {
  bare.push(await timeTo([], 'exit', { command: { file: process.execPath, args: ['-e', '0'] } }));
  version.push(await timeTo(['--version'], 'exit'));
  help.push(await timeTo(['--help'], 'exit'));
  wizard.push(await timeTo([], /step 1 of \d+[\s\S]*Kubernetes cluster/));
  // For the record: when the contexts are listed, Ink, React and the kubeconfig have loaded too.
  listed.push(await timeTo([], /1\. bench/));
}
const b = median(bare);
const row = (name: string, xs: number[], target: number) => {
  const m = median(xs);
  console.log(`${name.padEnd(34)} ${m.toFixed(0).padStart(5)} ms  ${(m / b).toFixed(2)}x bare node  (target <= ${target}x)`);
};
console.log(`median of ${RUNS}, pty 80x24, compile cache warm`);
console.log(`${'bare node -e 0'.padEnd(34)} ${b.toFixed(0).padStart(5)} ms`);
row('wallaroo-install --version', version, 3);
row('wallaroo-install --help', help, 3);
row('wizard: launch -> first question', wizard, 6);
console.log(`${'  (contexts listed)'.padEnd(34)} ${median(listed).toFixed(0).padStart(5)} ms  ${(median(listed) / b).toFixed(2)}x`);
const k = await bytesPerArrow();
console.log(`arrow key on the services step (${k.rows} rows at 100x40): ${k.perKey} bytes per key (target <= 400)`);
console.log(`(${binPath})`);
