// Where the installer's time goes: one `wallaroo-install --preset` run on the fake API (same
// controller delays as install-overhead.ts), printed as a timeline that merges our output lines
// with every request the API received (who sent it: us, helm, kubectl), relative to process
// start. Read it beside a bare helm run of the same values to see what is ours.
// Run: npm run bench:timeline   (HELM=3 for helm 3, default 4; ALL=1 keeps helm's readiness
// polls; RTT_MS=50 puts the API 50 ms away; PROF=DIR writes a CPU profile of our process there; BIN=path/to/bin/wallaroo-install.js
// runs another build)
import { spawn } from 'node:child_process';
import { stage, PRESET } from '../test/support/e2e.ts';
import { binPath } from '../test/support/cli.ts';

const major = (Number(process.env.HELM ?? 4) === 3 ? 3 : 4) as 3 | 4;
const s = await stage(major, { readyDelayMs: 200, jobDelayMs: 200, lbDelayMs: 1500, lbAddress: { hostname: 'internal-bench.elb.us-east-1.amazonaws.com' }, rttMs: Number(process.env.RTT_MS ?? 0) });
const rows: Array<{ t: number; who: string; what: string }> = [];
const t0 = Date.now();
// HOME_DIR=path keeps the state folder between runs (helm's version is cached there), as on an
// admin's machine after the first run.
const { WALLAROO_INSTALL_POLL_MS: _poll, ...env }: Record<string, string | undefined> = { ...process.env, ...s.env };
if (process.env.HOME_DIR) env.WALLAROO_INSTALL_HOME = process.env.HOME_DIR;
const child = spawn(process.execPath, [process.env.BIN ?? binPath, '--preset', s.writePreset(PRESET)], { env: { ...env, CI: 'true', WALLAROO_INSTALL_TRACE: '1', ...(process.env.PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-interval ${process.env.PROF_INTERVAL_US ?? 250} --cpu-prof-dir ${process.env.PROF}` } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
let buf = '';
child.stdout.on('data', (d) => {
  buf += d;
  const lines = buf.split('\n');
  buf = lines.pop()!;
  for (const l of lines) if (l.trim()) rows.push({ t: Date.now() - t0, who: 'out', what: l.slice(0, 100) });
});
// Trace lines count from the child's own start (its performance.timeOrigin), a few ms after spawn.
const offset = 0;
let ebuf = '';
child.stderr.on('data', (d) => {
  ebuf += d;
  const lines = ebuf.split('\n');
  ebuf = lines.pop()!;
  for (const l of lines) {
    const m = /^\[trace +(\d+) ms\] (.*)/.exec(l);
    rows.push(m ? { t: Number(m[1]) + offset, who: 'trace', what: m[2] } : { t: Date.now() - t0, who: 'err', what: l.slice(0, 100) });
  }
});
const code = await new Promise<number | null>((r) => child.on('close', r));
rows.push({ t: Date.now() - t0, who: 'exit', what: String(code) });
for (const q of s.kube.requests) {
  // helm's per-object readiness polls: noise unless asked for.
  if (!process.env.ALL && q.method === 'GET' && /\/(pods|replicasets)$/.test(q.path)) continue;
  const ua = q.userAgent ?? '';
  const who = ua.startsWith('Helm') || ua.includes('helm') ? 'helm' : ua.includes('kubectl') ? 'kubectl' : 'us';
  rows.push({ t: q.time - t0, who, what: `${q.method} ${q.path}${q.query.watch ? ' (watch)' : ''} → ${q.status ?? '…'}` });
}
rows.sort((a, b) => a.t - b.t);
const ours = s.kube.requests.filter((q) => !/helm|kubectl/i.test(q.userAgent ?? ''));
rows.push({ t: Infinity, who: 'summary', what: `our requests ${ours.length} over ${new Set(ours.map((q) => q.remotePort)).size} connections` });
for (const r of rows) console.log(`${String(r.t === Infinity ? '' : r.t).padStart(6)} ms  ${r.who.padEnd(7)} ${r.what}`);
await s.close();
