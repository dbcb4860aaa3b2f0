// helm started beside the checks and held before it can change anything (src/helm/gated.ts),
// with real helm 3 and 4 on the test API: it is under way before our lock is taken; when the
// run stops first (killed, Ctrl-C, a failed check) helm writes nothing and does not outlive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const traced = (stderr: string, mark: string) => stderr.includes(`] ${mark} (`);

for (const major of [3, 4] as const) {
  test(`helm ${major}: helm is held from before the lock and let go after it, on an install and on an upgrade`, async () => {
    const s = await stage(major, { lbAddress: { ip: '10.0.0.9' } });
    try {
      for (const [i, action] of (['install', 'upgrade'] as const).entries()) {
        // Checks a little slower than helm's start, as with any cluster not on this machine.
        stallChecks(s, 600);
        const from = s.kube.requests.length;
        const r = await runCli(['--preset', s.writePreset(PRESET, `p${i}.yaml`), '--json'], { env: { ...s.env, WALLAROO_INSTALL_TRACE: '1' } });
        s.kube.switches.delayFor = undefined;
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.ok(traced(r.stderr, 'helm: started, held') && traced(r.stderr, 'helm: held run let go'), `${action}: the held helm was the one let go\n${r.stderr}`);
        const rq = s.kube.requests.slice(from);
        const lease = rq.findIndex((q) => ours(q) && q.method === 'POST' && q.path.endsWith('/leases'));
        const look = rq.findIndex((q) => byHelm(q) && q.method === 'GET' && /owner=helm/.test(q.query.labelSelector ?? ''));
        const firstWrite = rq.findIndex((q) => byHelm(q) && q.method !== 'GET');
        assert.ok(look >= 0 && lease >= 0 && look < lease, `${action}: helm looked at the release before our lock was taken`);
        assert.ok(firstWrite > lease, `${action}: and wrote only after it`);
        assert.equal(jsonEvents(r.stdout).find((e) => e.event === 'result')?.result.revision, i + 1);
      }
      assert.match(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '-o', 'json']), /"domainSuffix"/, 'helm got the values file');
      const records = s.kube.requests.filter((q) => byHelm(q) && q.method === 'POST' && /\/secrets$/.test(q.path) && /sh\.helm\.release\.v1\.wallaroo\.v\d/.test(q.body));
      assert.equal(records.length, 2, 'one release record made per run: no second helm');
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

      // A check that fails once helm is held: another release's StorageClass is in the way.
      s.kube.put({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'wallaroo-standard', labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'other', 'meta.helm.sh/release-namespace': 'other' } }, provisioner: 'fake.csi.k8s.io' });
      stallChecks(s, 1000);
      const from = s.kube.requests.length;
      const r = await runCli(['--preset', s.writePreset(PRESET, 'again.yaml'), '--json'], { env: { ...s.env, WALLAROO_INSTALL_TRACE: '1' } });
      s.kube.switches.delayFor = undefined;
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(jsonEvents(r.stdout).find((e) => e.event === 'failed')?.code, 'E_OBJECT_CONFLICT');
      assert.ok(traced(r.stderr, 'helm: started, held'), 'helm was held when the check failed');
      assert.ok(s.kube.requests.slice(from).some((q) => byHelm(q) && /owner=helm/.test(q.query.labelSelector ?? '')), 'and had looked at the release');
      await until(() => helmsAlive(s) === 0, 10_000, 'helm to stop');
      assert.deepEqual(helmWrites(s), []);
    } finally { await s.close(); }
  });

  test(`helm ${major}: a helm wrapper script is never held (it may not pass stdin on): Ctrl-C in the checks leaves nothing written`, async () => {
    const s = await stage(major);
    try {
      // helm in the background of a script: its stdin is /dev/null, not ours.
      const wrapper = join(s.dir, 'helm-wrapper');
      writeFileSync(wrapper, `#!/bin/sh\n'${s.env.WALLAROO_INSTALL_HELM}' "$@" &\nwait $!\n`);
      chmodSync(wrapper, 0o755);
      stallChecks(s, 3000);
      const child = spawn(process.execPath, [binPath, '--preset', s.writePreset(PRESET), '--json', '--helm', wrapper], { env: { ...process.env, ...s.env, CI: 'true', WALLAROO_INSTALL_TRACE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await until(() => s.kube.requests.some((q) => ours(q) && q.path.includes('/leases/')), 20_000, 'the checks to start');
      await new Promise((r) => setTimeout(r, 800));
      child.kill('SIGINT');
      assert.equal(await closed, 130, err);
      assert.ok(!traced(err, 'helm: started, held'), err);
      await new Promise((r) => setTimeout(r, 1500));
      s.kube.switches.delayFor = undefined;
      assert.deepEqual(helmWrites(s), []);
    } finally { await s.close(); }
  });
}
