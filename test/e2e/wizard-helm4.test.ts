// A full install through the wizard with helm 4, at 80x24: every step answered with the keys an
// admin would press, then the answers replayed with --preset; and the terminal lost mid-install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../support/pty.ts';
import { runCli, jsonEvents } from '../support/cli.ts';
import { answer, answersFile, eksStage, env, fitsTerminal, replace, TLS, exited } from './wizard-suite.ts';

test('helm 4: a full install in the wizard at 80x24, then --preset replays the saved answers', async () => {
  const s = await eksStage(4);
  const t = spawnCli([], { env: env(s), cwd: s.dir });
  try {
    let screen = await answer(t, /1\. fake\s+current, http:\/\/127\.0\.0\.1:\d+/, undefined, 'enter');
    assert.match(screen, /step 1 of 12 · Cluster/);
    await answer(t, 'Helm release name', undefined, 'enter');
    await answer(t, /no release wallaroo in wallaroo yet: this is an install/, undefined, 'enter');
    await answer(t, 'Where does the Wallaroo chart come from?', undefined, 'down', 'down', 'enter');
    await answer(t, 'Chart archive', s.chartArchive, 'enter');
    screen = await answer(t, /detected eks: node general-1: providerID aws:\/\/\//, undefined, 'enter');
    assert.match(screen, /❯ 2\. eks/);
    await answer(t, 'How is Wallaroo reached?', undefined, 'enter');
    await answer(t, 'Domain suffix', 'example.com', 'enter');
    screen = await answer(t, 'Domain prefix', 'wallaroo');
    await t.waitFor('https://wallaroo.example.com/v1/api');
    t.press('enter');
    await answer(t, 'TLS certificate', undefined, 'down', 'down', 'enter');
    await answer(t, 'Certificate file', join(TLS, 'wallaroo.crt'));
    await t.waitFor(/certificate for wallaroo\.example\.com/);
    t.press('enter');
    await answer(t, 'Private key file', join(TLS, 'wallaroo.key'));
    await t.waitFor('the key matches');
    t.press('enter');
    await answer(t, 'Where do the Wallaroo images come from?', undefined, 'enter');
    await answer(t, 'Other registries', undefined, 'enter');
    screen = await answer(t, /suggested 32: 4 nodes with 32 allocatable cores/, undefined, 'up', 'enter');
    fitsTerminal(t);
    await answer(t, 'Inference engine', undefined, 'enter');
    await answer(t, 'Advanced settings', undefined, 'enter');
    screen = await t.waitFor('Ready: Enter installs into context fake, namespace wallaroo', 60_000);
    assert.match(screen, /step 10 of 12 · Review/);
    fitsTerminal(t);
    t.press('enter');
    screen = await t.waitFor('Wallaroo installed', 240_000);
    screen = await t.waitFor('Admin login: admin / ********');
    const all = t.history();
    assert.match(all, /step 11 of 12 · Install/);
    assert.match(all, /✔ preflight: \d+ passed/);
    assert.match(all, /✔ helm: release wallaroo deployed, revision 1/);
    assert.match(all, /load balancer: internal-wallaroo-1\.elb\.us-east-1\.amazonaws\.com/);
    assert.match(all, /wallaroo\.example\.com\s+CNAME\s+internal-wallaroo-1\.elb\.us-east-1\.amazonaws\.com/);
    assert.match(all, /dashboard\s+https:\/\/wallaroo\.example\.com/);
    const file = answersFile(s);
    assert.match(all.replace(/\n\s*/g, ' '), new RegExp(`wallaroo-install --preset ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    const password = Buffer.from(s.kube.get('v1', 'Secret', 'wallaroo', 'keycloak-admin-secret').data.KEYCLOAK_ADMIN_PASSWORD, 'base64').toString();
    assert.ok(!all.includes(password), 'the password is masked');
    t.write('r');
    await t.waitFor(`admin / ${password}`);
    t.press('enter');
    assert.deepEqual(await exited(t), { code: 0 });
    assert.ok(!t.screen().includes(password), 'masked again before the wizard ends');

    assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);
    assert.equal(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-tls').type, 'kubernetes.io/tls');
    // The answers: 0600, no secret material, and a --preset replay installs the same thing.
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const saved = readFileSync(file, 'utf8');
    assert.ok(!saved.includes('PRIVATE KEY') && !saved.includes(password));
    assert.match(saved, /certFile: .*wallaroo\.crt/);
    const replay = await runCli(['--preset', file, '--json'], { env: s.env });
    assert.equal(replay.code, 0, replay.stdout + replay.stderr);
    const result = jsonEvents(replay.stdout).find((e) => e.event === 'result').result;
    assert.equal(result.action, 'upgrade');
    assert.equal(result.revision, 2);
    const values = JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '--revision', '1', '-o', 'json']));
    const again = JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '--revision', '2', '-o', 'json']));
    assert.deepEqual(again, values, 'the replay wrote the same values');
  } finally {
    await t.close();
    await s.close();
  }
});

test('helm 4: the terminal killed while the wizard\'s install runs: it carries on and the release ends deployed', async () => {
  const s = await eksStage(4);
  const preset = s.writePreset(`apiVersion: wallaroo-install/v1
chart: {archive: CHART_ARCHIVE}
distribution: eks
domain: {prefix: wallaroo, suffix: example.com}
size: 16
`);
  try {
    s.kube.switches.neverReady.add('engine');
    const t = spawnCli(['wizard', '--preset', preset], { env: env(s), cwd: s.dir });
    try {
      await t.waitFor('Ready: Enter installs', 60_000);
      t.press('enter');
      await t.waitFor(/helm: install of release wallaroo/, 120_000);
      await t.waitFor(/waiting on \d+ object/, 120_000);
      t.kill();
      s.kube.switches.neverReady.delete('engine');
      const exit = await exited(t);
      assert.deepEqual(exit, { code: 0 }, `exit ${JSON.stringify(exit)}\n${t.history()}`);
    } finally { await t.close(); }
    assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);
  } finally { await s.close(); }
});
