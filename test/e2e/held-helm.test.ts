// helm started beside the checks and held before it can change anything (src/helm/gated.ts),
// with real helm 3 and 4 on the test API: it is under way before our lock is taken; when the
// run stops first (killed, Ctrl-C, a failed check) helm writes nothing and does not outlive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import { binPath, jsonEvents, runCli } from '../support/cli.ts';

const byHelm = (q: { userAgent?: string }) => /helm/i.test(q.userAgent ?? '');
const ours = (q: { userAgent?: string }) => (q.userAgent ?? '').startsWith('wallaroo-install/');
/** helm's look at the release's records: where a held helm stops until let go. */
const helmLooked = (s: Stage) => s.kube.requests.some((q) => byHelm(q) && q.method === 'GET' && q.path === '/api/v1/namespaces/wallaroo/secrets' && /owner=helm/.test(q.query.labelSelector ?? ''));
const helmWrites = (s: Stage) => s.kube.requests.filter((q) => byHelm(q) && q.method !== 'GET').map((q) => `${q.method} ${q.path}`);
/** helm processes still running for this stage (its chart archive is on their command line). */
const helmsAlive = (s: Stage) => {
  try { return execFileSync('pgrep', ['-f', s.chartArchive], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length; } catch { return 0; }
};
const until = async (ok: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!ok()) { if (Date.now() > end) throw new Error(`timed out waiting for ${what}`); await new Promise((r) => setTimeout(r, 20)); }
};
/** Our check for a running install (a Lease read) answers after `ms`: the run stays in its checks meanwhile. */
const stallChecks = (s: Stage, ms: number) => {
  s.kube.switches.delayFor = (q) => (ours(q) && q.path.includes('/leases/') && q.method === 'GET' ? ms : 0);
};

for (const major of [3, 4] as const) {
  test(`helm ${major}: helm is under way before the lock is taken, and the install is as before`, async () => {
    const s = await stage(major, { lbAddress: { ip: '10.0.0.9' } });
    try {
      const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const lease = s.kube.requests.findIndex((q) => ours(q) && q.method === 'POST' && q.path.endsWith('/leases'));
      const look = s.kube.requests.findIndex((q) => byHelm(q) && q.method === 'GET' && /owner=helm/.test(q.query.labelSelector ?? ''));
      const firstWrite = s.kube.requests.findIndex((q) => byHelm(q) && q.method !== 'GET');
      assert.ok(look >= 0 && lease >= 0 && look < lease, 'helm looked at the release before our lock was taken');
      assert.ok(firstWrite > lease, 'and wrote only after it');
      const secrets = s.kube.requests.findIndex((q) => ours(q) && q.method === 'POST' && q.path.endsWith('/secrets'));
      assert.ok(secrets < 0 || firstWrite > secrets, 'after our Secrets');
      const result = jsonEvents(r.stdout).find((e) => e.event === 'result')?.result;
      assert.equal(result?.revision, 1);
      assert.match(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '-o', 'json']), /"domainSuffix"/, 'helm got the values file');
    } finally { await s.close(); }
  });

  test(`helm ${major}: the installer killed while helm is held: helm stops, having written nothing`, async () => {
    const s = await stage(major);
    try {
      stallChecks(s, 8000);
      const child = spawn(process.execPath, [binPath, '--preset', s.writePreset(PRESET), '--json'], { env: { ...process.env, ...s.env, CI: 'true' }, stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      await until(() => helmLooked(s), 20_000, 'helm to start');
      child.kill('SIGKILL');
      await closed;
      await until(() => helmsAlive(s) === 0, 10_000, 'helm to stop');
      s.kube.switches.delayFor = undefined;
      assert.deepEqual(helmWrites(s), []);
      assert.equal(s.kube.get('v1', 'Namespace', undefined, 'wallaroo'), undefined, 'nothing made');
    } finally { await s.close(); }
  });

  test(`helm ${major}: Ctrl-C in the checks, and a failed check: the held helm stops with the run, nothing written`, async () => {
    const s = await stage(major);
    try {
      stallChecks(s, 8000);
      const child = spawn(process.execPath, [binPath, '--preset', s.writePreset(PRESET), '--json'], { env: { ...process.env, ...s.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await until(() => helmLooked(s), 20_000, 'helm to start');
      child.kill('SIGINT');
      assert.equal(await closed, 130, out);
      await until(() => helmsAlive(s) === 0, 10_000, 'helm to stop');
      s.kube.switches.delayFor = undefined;
      assert.deepEqual(helmWrites(s), []);

      // A check that fails: the namespace is being deleted, which preflight refuses.
      s.kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wallaroo', deletionTimestamp: new Date().toISOString() }, status: { phase: 'Terminating' } });
      const r = await runCli(['--preset', s.writePreset(PRESET, 'again.yaml'), '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(helmLooked(s));
      await until(() => helmsAlive(s) === 0, 10_000, 'helm to stop');
      assert.deepEqual(helmWrites(s), []);
    } finally { await s.close(); }
  });
}
