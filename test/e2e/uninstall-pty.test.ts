// The interactive uninstall in a real terminal (80x24, pty + xterm emulator) on the fake API
// with real helm 3 and 4: two contexts to pick from, the release, the plan scrolled, keep data;
// then purge with the name typed back and a failed hook answered; Ctrl-C at the plan changes
// nothing. LANG=C gives ASCII only, NO_COLOR no colour. Bystanders survive every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli, type PtyRun } from '../support/pty.ts';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import type { HelmMajor } from '../support/tools.ts';
import { seedWallarooLeftovers, seedBystanders, bystandersLeft } from './uninstall-fixtures.ts';

const NS = 'wallaroo';

/** The fake's kubeconfig with a second context (same cluster), so the context screen is asked. */
function twoContexts(s: Stage): string {
  const path = join(s.dir, 'kubeconfig-two.yaml');
  const text = readFileSync(s.kube.kubeconfigPath, 'utf8')
    .replace('contexts:\n', 'contexts:\n- name: staging\n  context:\n    cluster: fake-cluster\n    user: fake-user\n');
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** Every row fits 80 columns and only the 24 rows of the screen are used. */
function assertFits(t: PtyRun) {
  const lines = t.lines();
  assert.equal(lines.length, 24);
  for (const l of lines) assert.ok([...l].length <= 80, l);
}

async function installed(major: HelmMajor): Promise<Stage> {
  const s = await stage(major);
  const r = await runCli(['--preset', s.writePreset(PRESET)], { env: s.env });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  seedWallarooLeftovers(s.kube);
  seedBystanders(s.kube);
  return s;
}

for (const major of [3, 4] as HelmMajor[]) {
  test(`pty helm ${major}: pick the context and the release, scroll the plan, keep data (LANG=C: ASCII; NO_COLOR: no colour)`, async () => {
    const s = await installed(major);
    const t = spawnCli(['uninstall'], { cols: 80, rows: 24, env: { ...s.env, KUBECONFIG: twoContexts(s), LANG: 'C', LC_ALL: undefined, LC_CTYPE: undefined, NO_COLOR: '1', FORCE_COLOR: undefined } });
    try {
      await t.waitFor(/Which cluster holds the Wallaroo to uninstall\?/);
      assert.match(t.screen(), /> 2\. fake {2}\(current\)/, 'the current context is highlighted');
      assert.match(t.screen(), /1\. staging/);
      t.press('enter');
      await t.waitFor(/> 1\. wallaroo in namespace wallaroo {2}deployed, wallaroo-2025\.1\.0-6290/);
      t.press('enter');
      await t.waitFor(/keep data - .*lines 1-19 of \d+/);
      assertFits(t);
      assert.match(t.screen(), /^wallaroo-install uninstall - context fake - wallaroo \(namespace wallaroo\)$/m);
      const before = t.bytesWritten;
      t.press('down');
      await t.waitFor(/lines 2-20 of/);
      const perKey = t.bytesWritten - before;
      t.press('pageDown', 'pageDown');
      await t.waitFor(/Data: 4 claims, 165Gi: kept/, 5000).catch(() => undefined);
      t.press('end');
      await t.waitFor(/DNS record wallaroo\.example\.com A 10\.20\.30\.40/);
      assertFits(t);
      t.press('enter');
      await t.waitFor(/What should happen to release wallaroo\?/);
      assert.match(t.screen(), /> 1\. Keep data/);
      t.press('enter');
      await t.waitFor(/\+ Uninstalled: nothing of Wallaroo's is left beyond what was kept on purpose/, 120_000);
      assertFits(t);
      const shown = t.history();
      assert.ok(/^[\x20-\x7e\n]*$/.test(shown), 'LANG=C: nothing but ASCII on the screen: ' + JSON.stringify(shown.split('\n').filter((l) => /[^\x20-\x7e]/.test(l))));
      assert.doesNotMatch(t.output, /\x1b\[(3[0-7]|9[0-7]|38;)/, 'NO_COLOR: no colour codes');
      assert.ok(perKey < 4000, `one key redraws ${perKey} bytes`);
      t.press('enter');
      assert.deepEqual(await t.exit, { code: 0 });
      await assert.rejects(s.helm(['status', 'wallaroo', '-n', NS]), /not found/);
      assert.ok(s.kube.get('v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk'), 'data kept');
      assert.ok(s.kube.get('v1', 'Namespace', undefined, 'houseprice-28'), 'pipeline namespace kept');
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await t.close();
      await s.close();
    }
  });

  test(`pty helm ${major}: Ctrl-C at the plan changes nothing; purge asks for the name, a failed hook offers --no-hooks`, async () => {
    const s = await installed(major);
    try {
      const q = spawnCli(['uninstall'], { cols: 80, rows: 24, env: { ...s.env, LANG: 'en_US.UTF-8' } });
      try {
        await q.waitFor(/Which release/);
        q.press('enter');
        await q.waitFor(/keep data · /);
        q.press('ctrlC');
        assert.deepEqual(await q.exit, { code: 130 });
      } finally { await q.close(); }
      assert.ok(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), 'nothing was touched');

      s.kube.switches.failJobs.add('wallaroo-uninstall');
      const t = spawnCli(['uninstall', '--purge'], { cols: 80, rows: 24, env: { ...s.env, LANG: 'en_US.UTF-8' } });
      try {
        await t.waitFor(/Which release/);
        t.press('enter');
        await t.waitFor(/PURGE · /);
        assert.match(t.screen(), /mode: PURGE/);
        t.press('enter');
        await t.waitFor(/❯ 2\. Purge/);
        t.press('enter');
        await t.waitFor(/Type the release name \(wallaroo\) to purge:/);
        t.write('wallaroo\r');
        // The whole frame, not its first lines: a pty delivers a frame in pieces.
        await t.waitFor(/The uninstall hook failed: job wallaroo-uninstall[\s\S]*error: migration failed: connection refused/, 120_000);
        assertFits(t);
        assert.ok(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), 'nothing else was deleted');
        t.press('down', 'enter');   // Continue without the hook (--no-hooks)
        await t.waitFor(/✔ Uninstalled/, 120_000);
        t.press('enter');
        assert.deepEqual(await t.exit, { code: 0 });
      } finally { await t.close(); }
      for (const name of ['houseprice-28', 'assay-5f2c', 'task-8d1e']) assert.equal(s.kube.get('v1', 'Namespace', undefined, name), undefined, `${name} purged`);
      assert.equal(s.kube.get('v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk'), undefined, 'data purged');
      assert.equal(s.kube.get('batch/v1', 'Job', NS, 'wallaroo-uninstall'), undefined, 'the failed hook Job is cleaned up');
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await s.close();
    }
  });
}

test('pty helm 4: the terminal goes away while the hook runs: it stops cleanly on its own (exit 130), and a re-run finishes', async () => {
  const s = await installed(4);
  try {
    s.kube.delays.jobDelayMs = 60_000;   // the uninstall hook takes a minute
    const t = spawnCli(['uninstall', '--release', 'wallaroo', '-n', NS], { cols: 80, rows: 24, env: { ...s.env, LANG: 'en_US.UTF-8' } });
    try {
      await t.waitFor(/keep data · /);
      t.press('enter');
      await t.waitFor(/❯ 1\. Keep data/);
      t.press('enter');
      await t.waitFor(/uninstall hook running/, 60_000);
      t.kill();   // SIGHUP to the foreground group, then the pty hangs up
      const exit = await t.exit;
      assert.equal(exit.code, 130, JSON.stringify(exit));
    } finally { await t.close(); }
    // The stop is in the run's log, to its end: the log was not closed while the run still went on.
    const logs = readdirSync(join(s.env.WALLAROO_INSTALL_HOME, 'logs')).filter((f) => f.endsWith('-uninstall.log'));
    assert.equal(logs.length, 1, logs.join(', '));
    const log = readFileSync(join(s.env.WALLAROO_INSTALL_HOME, 'logs', logs[0]), 'utf8');
    // The hang-up reaches the process two ways, the signal and a write that fails (EIO); which
    // one it notices first is the kernel's ordering. Either is the terminal going away, and
    // either stops the uninstall the same way.
    assert.match(log, /SIGHUP received \(the terminal hung up\): stopping the uninstall cleanly, as on Ctrl-C|cancelled \(stopped by EIO on stdout\)/);
    assert.match(log, /Uninstall of wallaroo stopped before the end: 0 objects removed so far/);
    assert.ok(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), 'helm stopped before deleting the release objects');
    // helm had started: the release is left "uninstalling", and status says the way out is to finish it.
    assert.match(log, /helm uninstall had started and was stopped, so release wallaroo may be left "uninstalling"/);
    const st = await runCli(['status', '--release', 'wallaroo', '-n', NS, '--json'], { env: s.env });
    const failed = jsonEvents(st.stdout).find((e) => e.event === 'failed');
    assert.equal(failed?.code, 'E_RELEASE_UNINSTALLING', st.stdout + st.stderr);
    assert.match(failed.fix, /finish it with `wallaroo-install uninstall --release wallaroo --namespace wallaroo --yes`/);
    s.kube.delays.jobDelayMs = 0;
    const again = await runCli(['uninstall', '--yes'], { env: s.env });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /nothing of Wallaroo's is left beyond what was kept on purpose/);
    assert.deepEqual(bystandersLeft(s.kube), []);
  } finally {
    await s.close();
  }
});
