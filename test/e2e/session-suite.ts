// Sessions on the fake API with a real helm: the terminal killed mid-install (an SSH drop), a
// second install while one runs, attach, status, the install lock held elsewhere or stale, and
// the answers ConfigMap. session-helm3.test.ts and session-helm4.test.ts run it per helm major.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { runCli, jsonEvents, binPath } from '../support/cli.ts';
import { spawnCli } from '../support/pty.ts';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import { helmPath, type HelmMajor } from '../support/tools.ts';

const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);

function logsOf(s: Stage): { log: string; events: string } {
  const dir = join(s.env.WALLAROO_INSTALL_HOME, 'logs');
  const log = readdirSync(dir).filter((f) => f.endsWith('-install.log')).sort().pop()!;
  return { log: join(dir, log), events: join(dir, log.replace(/\.log$/, '.events.jsonl')) };
}

/** Resolves once `pred` holds for what the child wrote so far (checked as output arrives). */
function outputWatcher() {
  let seen = '';
  const waiters: { pred: (s: string) => boolean; resolve: () => void }[] = [];
  return {
    onStdout: (chunk: string) => {
      seen += chunk;
      for (const w of [...waiters]) if (w.pred(seen)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    },
    until: (pred: (s: string) => boolean) => new Promise<void>((resolve) => { if (pred(seen)) resolve(); else waiters.push({ pred, resolve }); }),
  };
}

/** helm has made the release and waits for the engine, which the test holds back (JSON output). */
const helmWaiting = (s: string) => {
  const at = s.search(/"step-started"[^\n]*"step":"helm"/);
  return at >= 0 && /"event":"waiting"[^\n]*"name":"engine"/.test(s.slice(at));
};

const microTime = (d: Date) => d.toISOString().replace(/Z$/, '000Z');

function leaseBody(holder: string, renewed: Date) {
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: 'wallaroo-install-wallaroo', namespace: 'wallaroo', labels: { 'app.kubernetes.io/managed-by': 'wallaroo-install' }, annotations: { 'wallaroo-install/log-file': '/home/alice/.wallaroo-install/logs/run.log' } },
    spec: { holderIdentity: holder, leaseDurationSeconds: 60, acquireTime: microTime(renewed), renewTime: microTime(renewed) },
  };
}

export function sessionSuite(major: HelmMajor): void {
  test(`helm ${major}: the terminal killed while helm runs (SSH drop): the install carries on, the release ends deployed, the log is complete`, async () => {
    const s = await stage(major);
    const t0 = spawnCli(['--version']);
    await t0.exit; await t0.close();
    try {
      s.kube.switches.neverReady.add('engine');
      const preset = s.writePreset(PRESET);
      const t = spawnCli(['--preset', preset], { env: s.env });
      try {
        await t.waitFor('--> helm:', 120_000);
        await t.waitFor('deployment/engine: 0/1 ready', 120_000); // helm made the release and waits for the engine
        t.kill(); // SIGHUP to the terminal's process group, then the pty is closed
        // The engine becomes ready only now: the install can only finish if it survived.
        s.kube.switches.neverReady.delete('engine');
        const exit = await t.exit;
        assert.deepEqual(exit, { code: 0 }, `exit ${JSON.stringify(exit)}\n${t.history()}`);
      } finally { await t.close(); }

      // On failure, the release record's writes say who last wrote what (helm's own record).
      const writes = () => JSON.stringify(s.kube.requests.filter((r) => /secrets/.test(r.path) && r.method !== 'GET').map((r) => ({ t: r.time, m: r.method, p: r.path, s: r.status, ua: r.userAgent })));
      const st = await s.helm(['status', 'wallaroo', '-n', 'wallaroo']);
      assert.match(st, /STATUS: deployed/, `${st}\nrelease writes: ${writes()}`);
      const { log, events } = logsOf(s);
      const text = readFileSync(log, 'utf8');
      assert.match(text, /SIGHUP received \(the terminal hung up\)/);
      assert.match(text, /the terminal went away \(EIO on std(out|err)\): carrying on without a screen/);
      assert.match(text, /\[ok\]\s+helm: release wallaroo deployed, revision 1/);
      assert.match(text, /\[ok\]\s+address: /);
      assert.match(text, /Wallaroo installed: release wallaroo in namespace wallaroo, revision 1/);
      const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.at(-1).type, 'run-ended');
      assert.equal(lines.at(-1).exitCode, 0);
      assert.ok(lines.some((l) => l.type === 'result'), 'the result is in the events file');
      // The lock was given back, the answers stored.
      assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', 'wallaroo', 'wallaroo-install-wallaroo'), undefined);
      assert.ok(s.kube.get('v1', 'ConfigMap', 'wallaroo', 'wallaroo-install-wallaroo'));

      // After the drop: attach replays the finished run, with its outcome and exit code.
      const attach = await runCli(['attach', '--json'], { env: s.env });
      assert.equal(attach.code, 0, attach.stdout + attach.stderr);
      assert.match(ev(attach.stdout, 'info')[0].message, /no install of release wallaroo is running; the last one from this machine/);
      assert.equal(ev(attach.stdout, 'result')[0].result.revision, 1);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: while an install runs, a second install follows it instead of running, attach and status follow it too; answers stored without secrets`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.neverReady.add('engine');
      process.env.WALLAROO_TEST_REGISTRY_PASSWORD = 'p4ss-w0rd-not-for-configmaps';
      const preset = s.writePreset(PRESET + `registries:
  models:
    registry: models.example.com:5000
    username: robot
    password: env:WALLAROO_TEST_REGISTRY_PASSWORD
`);
      const env = { ...s.env, WALLAROO_TEST_REGISTRY_PASSWORD: 'p4ss-w0rd-not-for-configmaps' };
      const w1 = outputWatcher();
      const first = runCli(['--preset', preset, '--json'], { env, onStdout: w1.onStdout });
      await w1.until(helmWaiting);

      const w2 = outputWatcher();
      const second = runCli(['--preset', preset, '--json'], { env, onStdout: w2.onStdout });
      const wa = outputWatcher();
      const attach = runCli(['attach', '--json'], { env: s.env, onStdout: wa.onStdout });
      const ws = outputWatcher();
      const status = runCli(['status', '--json'], { env: s.env, onStdout: ws.onStdout });
      // Another preset for the same release: it waits its turn too, and is told it was not applied.
      const otherPreset = s.writePreset(readFileSync(preset, 'utf8').replace('size: 16', 'size: 8'), 'other.yaml');
      const w3 = outputWatcher();
      const third = runCli(['--preset', otherPreset, '--json'], { env, onStdout: w3.onStdout });
      // Each has replayed the first run up to helm waiting before the engine is let go.
      await Promise.all([w2.until(helmWaiting), wa.until(helmWaiting), ws.until(helmWaiting), w3.until(helmWaiting)]);
      s.kube.switches.neverReady.delete('engine');
      const [r1, r2, ra, rs, r3] = await Promise.all([first, second, attach, status, third]);
      assert.equal(r3.code, 1, r3.stdout + r3.stderr);
      assert.equal(ev(r3.stdout, 'failed')[0].code, 'E_PRESET_NOT_APPLIED');
      assert.match(ev(r3.stdout, 'failed')[0].cause, /the install that was running used preset \S+preset\.yaml \(exit 0\); \S+other\.yaml was not applied/);
      assert.equal(ev(r3.stdout, 'result').length, 1, 'it showed how the other one ended');

      assert.equal(r1.code, 0, r1.stdout + r1.stderr);
      assert.equal(r2.code, 0, r2.stdout + r2.stderr);
      assert.match(ev(r2.stdout, 'info')[0].message, new RegExp(`an install of release wallaroo in namespace wallaroo is already running \\(started by \\S+ on ${hostname()} \\(pid ${r1.pid}\\)`));
      assert.deepEqual(ev(r2.stdout, 'result')[0].result.revision, 1, 'the second shows the first one\'s result');
      assert.equal(ev(r2.stdout, 'result').length, 1);
      assert.equal(ra.code, 0, ra.stdout + ra.stderr);
      assert.match(ev(ra.stdout, 'info')[0].message, /attached to the install of release wallaroo/);
      assert.equal(ev(ra.stdout, 'result')[0].result.revision, 1);
      assert.equal(rs.code, 0, rs.stdout + rs.stderr);
      assert.equal(ev(rs.stdout, 'status')[0].status.state, 'deployed');
      // Only one helm ran: one revision.
      const history = JSON.parse(await s.helm(['history', 'wallaroo', '-n', 'wallaroo', '-o', 'json']));
      assert.equal(history.length, 1);

      // The answers ConfigMap: the preset as answers, the secret as its reference only.
      const cm = s.kube.get('v1', 'ConfigMap', 'wallaroo', 'wallaroo-install-wallaroo');
      assert.equal(cm.metadata.labels['app.kubernetes.io/managed-by'], 'wallaroo-install');
      assert.equal(cm.metadata.labels['wallaroo-install/release'], 'wallaroo');
      const yaml: string = cm.data['answers.yaml'];
      assert.match(yaml, /^apiVersion: wallaroo-install\/v1$/m);
      assert.match(yaml, /password: env:WALLAROO_TEST_REGISTRY_PASSWORD/);
      assert.ok(!JSON.stringify(cm).includes('p4ss-w0rd'), 'no secret value in the ConfigMap');
      assert.ok(!JSON.stringify(cm).includes(Buffer.from('p4ss-w0rd-not-for-configmaps').toString('base64').slice(0, 12)));
      // Replaying the stored answers upgrades to the same values (revision 2).
      const replay = s.writePreset(yaml, 'stored.yaml');
      const up = await runCli(['--preset', replay, '--json'], { env });
      assert.equal(up.code, 0, up.stdout + up.stderr);
      assert.equal(ev(up.stdout, 'result')[0].result.revision, 2);
      assert.deepEqual(JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '--revision', '2', '-o', 'json'])),
        JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '--revision', '1', '-o', 'json'])));
    } finally {
      delete process.env.WALLAROO_TEST_REGISTRY_PASSWORD;
      await s.close();
    }
  });

  test(`helm ${major}: the install lock held on another machine refuses the install; a stale one is taken over with a warning`, async () => {
    const s = await stage(major);
    try {
      s.kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wallaroo' } });
      s.kube.put(leaseBody('alice@build-box-7 pid 4242', new Date()));
      const preset = s.writePreset(PRESET);
      const refused = await runCli(['--preset', preset, '--json'], { env: s.env });
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      const f = ev(refused.stdout, 'failed')[0];
      assert.equal(f.code, 'E_INSTALL_RUNNING');
      assert.match(f.cause, /already running: started by alice on build-box-7 \(pid 4242\)/);
      assert.match(f.cause, /its log: \/home\/alice\/\.wallaroo-install\/logs\/run\.log \(on build-box-7\)/);
      assert.match(f.fix, /wallaroo-install attach --release wallaroo -n wallaroo/);
      assert.ok(!ev(refused.stdout, 'step-started').length, 'nothing ran, not even preflight');

      const attach = await runCli(['attach', '--json'], { env: s.env });
      assert.equal(attach.code, 1);
      assert.equal(ev(attach.stdout, 'failed')[0].code, 'E_INSTALL_RUNNING_ELSEWHERE');
      assert.match(ev(attach.stdout, 'failed')[0].fix, /ssh -t build-box-7 wallaroo-install attach/);
      const plain = await runCli(['attach'], { env: s.env });
      assert.equal(plain.code, 1);
      assert.match(plain.stderr, /runs on another machine: started by alice on build-box-7/);

      const status = await runCli(['status', '--json'], { env: s.env });
      assert.equal(ev(status.stdout, 'warning')[0].code, 'W_INSTALL_RUNNING');

      // Ten minutes without renewal: that run is gone; the next install takes the lock over.
      s.kube.put(leaseBody('alice@build-box-7 pid 4242', new Date(Date.now() - 600_000)));
      const took = await runCli(['--preset', preset, '--json'], { env: s.env });
      assert.equal(took.code, 0, took.stdout + took.stderr);
      const w = ev(took.stdout, 'warning').find((x) => x.code === 'W_LOCK_TAKEN_OVER');
      assert.match(w.message, /took over the install lock of release wallaroo from alice@build-box-7 pid 4242: it was last renewed \d+s ago/);
      assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', 'wallaroo', 'wallaroo-install-wallaroo'), undefined);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a second Ctrl-C quits at once; helm, already told to stop, is left to finish (not killed): the release ends failed, never pending`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.neverReady.add('engine');
      const preset = s.writePreset(PRESET);
      // A helm that, once told to stop, takes 3 s more to exit after helm itself is done (as a
      // slow API would): the second Ctrl-C deterministically lands while it still runs.
      const marks = join(s.dir, 'helm-upgrade.pid');
      const shim = join(s.dir, 'helm-shim.sh');
      writeFileSync(shim, `#!/bin/sh
case " $* " in *" upgrade "*) echo $$ > '${marks}' ;; esac
"$WALLAROO_TEST_REAL_HELM" "$@" &
child=$!
trap 'kill -TERM $child 2>/dev/null; wait $child; sleep 3; exit 143' TERM
wait $child
`);
      chmodSync(shim, 0o755);
      const env = { ...s.env, WALLAROO_INSTALL_HELM: shim, WALLAROO_TEST_REAL_HELM: helmPath(major) };
      let sent = 0;
      const r = await runCli(['--preset', preset, '--json'], {
        env,
        onStdout: (chunk, child) => {
          const seen = chunkSeen(child, chunk);
          if (!sent && helmWaiting(seen)) { sent = 1; child.kill('SIGINT'); }
          if (sent === 1 && /SIGINT received: stopping helm cleanly/.test(seen)) { sent = 2; child.kill('SIGINT'); }
        },
      });
      assert.equal(sent, 2);
      assert.equal(r.code, 130, r.stdout + r.stderr);
      assert.match(ev(r.stdout, 'info').map((e) => e.message).join('\n'), /quitting at once; helm, already told to stop, finishes on its own and marks the release failed/);
      // We quit while helm still ran; it was neither killed nor waited for: it ends by itself.
      const helmPid = Number(readFileSync(marks, 'utf8'));
      const alive = () => { try { process.kill(helmPid, 0); return true; } catch { return false; } };
      assert.ok(alive(), 'helm still runs after we quit');
      for (let i = 0; i < 100 && alive(); i++) await new Promise((res) => setTimeout(res, 100));
      assert.ok(!alive(), 'helm ended on its own');
      assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: failed/);
    } finally {
      await s.close();
    }
  });

  if (major === 4) {
    test('helm 4: --json redirected to a file, the terminal killed: every event still reaches the file, through the result', async () => {
      const s = await stage(major);
      try {
        s.kube.switches.neverReady.add('engine');
        const preset = s.writePreset(PRESET);
        const out = join(s.dir, 'events.jsonl');
        const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
        const t = spawnCli([], { env: s.env, command: { file: '/bin/sh', args: ['-c', `exec ${q(process.execPath)} ${q(binPath)} --preset ${q(preset)} --json > ${q(out)}`] } });
        try {
          for (let i = 0; i < 600 && !helmWaiting(readFileSync(out, { encoding: 'utf8', flag: 'a+' })); i++) await new Promise((r) => setTimeout(r, 100));
          t.kill();
          s.kube.switches.neverReady.delete('engine');
          assert.deepEqual(await t.exit, { code: 0 });
        } finally { await t.close(); }
        const events = jsonEvents(readFileSync(out, 'utf8'));
        assert.ok(events.some((e) => e.event === 'info' && /SIGHUP received/.test(e.message)));
        assert.equal(events.filter((e) => e.event === 'result')[0].result.revision, 1);
        assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);
      } finally {
        await s.close();
      }
    });

    test('helm 4: stdout piped to a reader that goes away (EPIPE) mid-install: the install carries on to deployed', async () => {
      const s = await stage(major);
      try {
        s.kube.switches.neverReady.add('engine');
        const preset = s.writePreset(PRESET);
        let closed = false;
        const r = await runCli(['--preset', preset, '--json'], {
          env: s.env,
          onStdout: (chunk, child) => {
            if (!closed && helmWaiting(chunkSeen(child, chunk))) {
              closed = true;
              child.stdout!.destroy(); // the reader quits, like `| head`
              child.stderr!.destroy();
              setTimeout(() => s.kube.switches.neverReady.delete('engine'), 500);
            }
          },
        });
        assert.ok(closed);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);
        const text = readFileSync(logsOf(s).log, 'utf8');
        assert.match(text, /the terminal went away \(EPIPE on std(out|err)\)/);
        assert.match(text, /Wallaroo installed: release wallaroo in namespace wallaroo, revision 1/);
      } finally {
        await s.close();
      }
    });
  }
}

/** Everything a child wrote so far (runCli hands over chunks). */
const seenBy = new WeakMap<object, string>();
function chunkSeen(child: object, chunk: string): string {
  const all = (seenBy.get(child) ?? '') + chunk;
  seenBy.set(child, all);
  return all;
}
