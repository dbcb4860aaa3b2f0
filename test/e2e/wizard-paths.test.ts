// The wizard's other ways in and out, in a real pty: no terminal, no cluster, a partial preset,
// plain prompts under TERM=dumb, and no colour under NO_COLOR with ASCII under LANG=C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../support/pty.ts';
import { runCli } from '../support/cli.ts';
import { scratchDir } from '../support/tools.ts';
import { answer, eksStage, env, exited } from './wizard-suite.ts';

test('no TTY: one message that names ssh -t and --preset, exit 2, no Ink', async () => {
  const r = await runCli([], { env: { CI: 'false' } });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /ssh -t/);
  assert.match(r.stderr, /--preset FILE/);
  assert.doesNotMatch(r.stderr, /\x1b\[/);
  assert.equal(r.stderr.trim().split('\n').length, 2);
});

test('no cluster: the wizard says why, goes on without one, and ends like render', async () => {
  const dir = scratchDir('wizard-nocluster');
  const home = join(dir, 'home');
  mkdirSync(home);
  const t = spawnCli([], { env: { HOME: home, WALLAROO_INSTALL_HOME: home, KUBECONFIG: undefined, LANG: 'C.UTF-8' }, cwd: dir });
  try {
    let screen = await answer(t, 'Go on without a cluster', undefined, 'enter');
    assert.match(screen.replace(/\s+/g, ' '), /no cluster: no kubeconfig found: KUBECONFIG is not set and ~\/\.kube\/config does not exist/);
    await answer(t, 'Helm release name', undefined, 'enter');
    await answer(t, 'Namespace', undefined, 'enter');
    await answer(t, 'Where does the Wallaroo chart come from?', undefined, 'enter');
    await answer(t, 'Release channel', '2025-1\r');
    await answer(t, 'Chart version', '2025.1.0-6290\r');
    await answer(t, 'License email', '\r');
    screen = await answer(t, 'Kubernetes distribution', undefined, 'down', 'down', 'enter'); // gke
    assert.match(screen, /no cluster to detect it from/);
    await answer(t, 'How is Wallaroo reached?', undefined, 'enter');
    await answer(t, 'Domain suffix', 'example.com\r');
    await answer(t, 'Domain prefix', '\r');
    await answer(t, 'TLS certificate', undefined, 'enter');
    await answer(t, 'Where do the Wallaroo images come from?', undefined, 'enter');
    await answer(t, 'Other registries', undefined, 'enter');
    await answer(t, 'Cluster size (cores)', undefined, 'enter');
    await answer(t, 'Inference engine', undefined, 'enter');
    await answer(t, 'Advanced settings', undefined, 'enter');
    screen = await answer(t, 'Ready: Enter writes the answers and the values file', undefined, 'enter');
    screen = await t.waitFor('Files written (no cluster)', 60_000);
    t.press('enter');
    assert.deepEqual(await exited(t), { code: 0 });
    const all = t.history().replace(/\n\s*/g, ' ');
    assert.match(all, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo --version 2025\.1\.0-6290/);
    const values = join(home, 'answers', 'wallaroo-values.yaml');
    assert.equal(statSync(values).mode & 0o777, 0o600);
    assert.match(readFileSync(values, 'utf8'), /kubernetes_distribution: gke/);
    assert.match(readFileSync(join(home, 'answers', 'wallaroo-answers.yaml'), 'utf8'), /distribution: gke/);
  } finally { await t.close(); }
});

test('a partial preset in a terminal opens the wizard at its first unanswered question, the rest prefilled', async () => {
  const s = await eksStage(4);
  try {
    const preset = s.writePreset(`apiVersion: wallaroo-install/v1
chart: {archive: CHART_ARCHIVE}
distribution: aks
ingress: none
size: 8
`);
    const t = spawnCli(['--preset', preset], { env: env(s), cwd: s.dir });
    try {
      const screen = await answer(t, 'Domain suffix', 'corp.example\r');
      assert.match(screen, /step 5 of 12 · Domain/);
      await answer(t, 'Domain prefix', '\r');
      await answer(t, 'TLS certificate', undefined, 'esc');
      await answer(t, /Domain prefix \(optional\)\nOne DNS label/, undefined, 'esc');
      await answer(t, /Domain suffix\nThe DNS domain/, undefined, 'esc');
      const ingress = await t.waitFor('How is Wallaroo reached?');
      assert.match(ingress, /❯ 3\. none/, 'prefilled from the preset');
      t.press('ctrlC');
      const quit = await t.waitFor('Quit the wizard?');
      assert.match(quit.replace(/[│\n]\s*/g, ' '), /saved in .*wallaroo-answers\.yaml/);
      t.write('y');
      assert.deepEqual(await exited(t), { code: 130 });
    } finally { await t.close(); }
    const saved = readFileSync(join(s.env.WALLAROO_INSTALL_HOME, 'answers', 'wallaroo-answers.yaml'), 'utf8');
    assert.match(saved, /suffix: corp\.example/);
    assert.match(saved, /distribution: aks/);
    // The same file, given back: the wizard opens where it was left (at the review now).
    const again = spawnCli(['wizard', '--preset', join(s.env.WALLAROO_INSTALL_HOME, 'answers', 'wallaroo-answers.yaml')], { env: env(s), cwd: s.dir });
    try {
      await again.waitFor(/Ready: Enter installs|step \d+ of 12 · Review/, 60_000);
    } finally { await again.close(); }
  } finally { await s.close(); }
});

test('TERM=dumb: plain numbered prompts in the pty, no escape sequences', async () => {
  const dir = scratchDir('wizard-dumb');
  const t = spawnCli([], { env: { HOME: dir, WALLAROO_INSTALL_HOME: dir, KUBECONFIG: undefined, TERM: 'dumb', LANG: 'C' }, cwd: dir });
  try {
    await t.waitFor('Step 1 of 12: Cluster');
    await t.waitFor('1) Go on without a cluster');
    t.write('\r');
    await t.waitFor('Helm release name [wallaroo]:');
    t.write('\r');
    await t.waitFor('Namespace [wallaroo]:');
    t.write('<\r');
    await t.waitFor(/Helm release name \[wallaroo\]: [\s\S]*Helm release name \[wallaroo\]:/);
    t.press('ctrlC');
    await t.waitFor('Quit the wizard? [y/N]');
    t.write('y\r');
    assert.deepEqual(await exited(t), { code: 130 });
    assert.doesNotMatch(t.output, /\x1b\[[0-9;]*[A-Za-z]/, 'no cursor movement, no colour');
  } finally { await t.close(); }
});

test('NO_COLOR and LANG=C: no colour codes, ASCII glyphs only', async () => {
  const dir = scratchDir('wizard-nocolor');
  writeFileSync(join(dir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:59999"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
  const t = spawnCli([], { env: { HOME: dir, WALLAROO_INSTALL_HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), NO_COLOR: '1', LANG: 'C', LC_ALL: undefined, LC_CTYPE: undefined }, cwd: dir });
  try {
    await t.waitFor(/> 1\. x\s+current, https:\/\/127\.0\.0\.1:59999/);
    await t.waitFor(/cannot use context x/, 60_000);
    t.press('ctrlC');
    await t.waitFor('Quit the wizard?');
    t.write('y');
    await exited(t);
    assert.doesNotMatch(t.output, /\x1b\[(3\d|9\d|38;)[0-9;]*m/, 'no colour');
    assert.doesNotMatch(t.history(), /[^\x00-\x7f]/, 'ASCII only');
  } finally { await t.close(); }
});

test('a resized terminal is redrawn within its new size', async () => {
  const dir = scratchDir('wizard-resize');
  const t = spawnCli([], { env: { HOME: dir, WALLAROO_INSTALL_HOME: dir, KUBECONFIG: undefined, LANG: 'C.UTF-8' }, cwd: dir });
  try {
    await t.waitFor('Go on without a cluster');
    t.resize(50, 14);
    await new Promise((r) => setTimeout(r, 500));
    t.write('\r');
    await t.waitFor('Helm release name');
    for (const l of t.lines()) assert.ok(l.length <= 50, `wider than 50: ${l}`);
    assert.match(t.screen(), /step 1 of 12/);
    t.resize(100, 30);
    t.write('\r');
    await t.waitFor('Namespace');
    t.press('ctrlC');
    await t.waitFor('Quit the wizard?');
    t.write('y');
    assert.deepEqual(await exited(t), { code: 130 });
  } finally { await t.close(); }
});

test('a preset the wizard cannot fill in (a key that is not ours) is refused before any screen, exit 2', async () => {
  const dir = scratchDir('wizard-badpreset');
  const preset = join(dir, 'bad.yaml');
  writeFileSync(preset, 'apiVersion: wallaroo-install/v1\ndistribuion: eks\n');
  const t = spawnCli(['wizard', '--preset', preset], { env: { HOME: dir, WALLAROO_INSTALL_HOME: dir, KUBECONFIG: undefined }, cwd: dir });
  try {
    assert.deepEqual(await exited(t), { code: 2 });
    const out = t.history().replace(/\n/g, '');
    assert.match(out, /bad\.yaml:2:1: distribuion: unknown key "distribuion"/);
    assert.match(out, /did you mean "distribution"/);
    assert.match(out, /the wizard cannot open/);
    assert.doesNotMatch(out, /chart is required/, 'what the wizard would ask for is not a reason to stop');
    assert.doesNotMatch(out, /step 1 of/);
  } finally { await t.close(); }
});

test('the SSH link drops while answering: the answers so far are saved', async () => {
  const dir = scratchDir('wizard-hup');
  const t = spawnCli([], { env: { HOME: dir, WALLAROO_INSTALL_HOME: dir, KUBECONFIG: undefined, LANG: 'C.UTF-8' }, cwd: dir });
  try {
    await answer(t, 'Go on without a cluster', undefined, 'enter');
    await answer(t, 'Helm release name', '\x15hup-release\r');
    await t.waitFor('Namespace');
    t.kill();
    await exited(t);
  } finally { await t.close(); }
  assert.match(readFileSync(join(dir, 'answers', 'hup-release-answers.yaml'), 'utf8'), /release: hup-release/);
});
