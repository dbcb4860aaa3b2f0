// render without secret values, without overwriting what it should not, and with printed
// commands that stay copyable whatever the secrets are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, readdirSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, binPath } from '../support/cli.ts';
import { scratchDir } from '../support/tools.ts';

const PRESET = `apiVersion: wallaroo-install/v1
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login: { username: admin@example.com, password: env:TEST_LICENSE }
distribution: aks
domain: { prefix: wallaroo, suffix: example.com }
registries:
  models: { registry: models.example.com:5000, username: modeler, password: env:TEST_MODEL_PW }
  pypi: { url: "https://pypi.example.com/simple", username: py, password: file:./pypi-password }
`;

test('render needs no secret values: unset env: and missing file: are warnings, commands still reference them', async () => {
  const dir = scratchDir('render-nosecrets');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '--output', 'out'], { cwd: dir, env: { TEST_LICENSE: undefined, TEST_MODEL_PW: undefined } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /warning: p\.yaml:5: chart\.login\.password: reads the environment variable TEST_LICENSE, which is not set \[W_SECRET_ENV_UNSET\]/);
  assert.match(r.stdout, /warning: p\.yaml:10: registries\.pypi\.password: reads .*pypi-password, which cannot be used: no such file \[W_SECRET_FILE\]/);
  assert.match(r.stdout, /printenv TEST_LICENSE \| helm registry login/);
  assert.match(r.stdout, /Secret wallaroo-model-registry .* is not in the rendered files: a value it needs is not available \[W_SECRET_NOT_RENDERED\]/);
  assert.ok(!existsSync(join(dir, 'out', 'wallaroo-secrets.yaml')), 'no Secret manifest with a placeholder in it');
  const values = readFileSync(join(dir, 'out', 'wallaroo-values.yaml'), 'utf8');
  assert.match(values, /<unresolved file:\.\/pypi-password>/, 'a value that must be inline holds a visible placeholder');
  assert.doesNotMatch(r.stdout + r.stderr, /undefined/);
});

test('a secret that equals ordinary text is warned about and does not garble printed paths or commands', async () => {
  const dir = scratchDir('render-weak');
  writeFileSync(join(dir, 'p.yaml'), PRESET.replace(/\n  pypi:.*\n/, '\n'));
  const r = await runCli(['render', '--preset', 'p.yaml', '--output', 'wallaroo-out'], { cwd: dir, env: { TEST_LICENSE: 'wallaroo', TEST_MODEL_PW: 'modeler' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /chart\.login\.password: the chart registry password \(license ID\) is weak: it is a common word/);
  assert.match(r.stdout, /registries\.models\.password: the model registry password is weak: it is a single plain word/);
  assert.match(r.stdout, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo .*--namespace wallaroo .*--values \S*\/wallaroo-out\/wallaroo-values\.yaml/);
  assert.doesNotMatch(r.stdout, /\*\*\*/, 'nothing masked into nonsense');
  // A word-like password that is part of a file name we print: masked alone, never inside the name.
  const named = await runCli(['render', '--preset', 'p.yaml', '--output', 'o2', '--json'], { cwd: dir, env: { TEST_LICENSE: 'lic-9f8e7d6c5b4a', TEST_MODEL_PW: 'wallaroo-values' } });
  assert.equal(named.code, 0, named.stderr);
  assert.match(named.stdout, /"valuesFile":"[^"]*\/o2\/wallaroo-values\.yaml"/);
  assert.doesNotMatch(named.stdout, /\*\*\*/);
});

test('render never overwrites its preset or a file it did not write; --force replaces the latter', async () => {
  const dir = scratchDir('render-overwrite');
  writeFileSync(join(dir, 'wallaroo-values.yaml'), PRESET);
  const env = { TEST_LICENSE: 'lic-9f8e7d6c5b4a', TEST_MODEL_PW: 'model-pw-987654' };
  writeFileSync(join(dir, 'pypi-password'), 'pypi-pw-0123456789\n');
  const own = await runCli(['render', '--preset', 'wallaroo-values.yaml', '--output', '.', '--force'], { cwd: dir, env });
  assert.equal(own.code, 2);
  assert.match(own.stderr, /will not write .*wallaroo-values\.yaml: it is an input of this run/);
  assert.equal(readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8'), PRESET);
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  mkdirSync(join(dir, 'rendered'));
  writeFileSync(join(dir, 'rendered', 'wallaroo-secrets.yaml'), 'kind: Secret # mine\n');
  const foreign = await runCli(['render', '--preset', 'p.yaml', '--output', 'rendered'], { cwd: dir, env });
  assert.equal(foreign.code, 2);
  assert.match(foreign.stderr, /will not replace .*wallaroo-secrets\.yaml: it exists and was not written by wallaroo-install/);
  assert.match(foreign.stderr, /add --force to replace it/);
  assert.ok(!existsSync(join(dir, 'rendered', 'wallaroo-values.yaml')), 'nothing written: every target is checked first');
  const forced = await runCli(['render', '--preset', 'p.yaml', '--output', 'rendered', '--force'], { cwd: dir, env });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(dir, 'rendered', 'wallaroo-secrets.yaml'), 'utf8'), /^# Secrets wallaroo-install creates/);
  const again = await runCli(['render', '--preset', 'p.yaml', '--output', 'rendered'], { cwd: dir, env });
  assert.equal(again.code, 0, 'its own files are replaced without --force');
  assert.deepEqual(readdirSync(join(dir, 'rendered')).sort(), ['wallaroo-secrets.yaml', 'wallaroo-values.yaml'], 'no temporary files left');
});

test('a bad --output is exit 2 at once, before the preset is read', async () => {
  const dir = scratchDir('render-output');
  writeFileSync(join(dir, 'file'), 'x');
  for (const [out, re] of [
    ['file', /--output .*file is a file, not a folder/],
    ['file/sub', /is under .*file, which is a file/],
    ['/proc/self/fd', /on proc, a pseudo-filesystem/],
    ['/sys/kernel', /on sysfs, a pseudo-filesystem/],
  ] as const) {
    const r = await runCli(['render', '--preset', 'does-not-exist.yaml', '--output', out], { cwd: dir });
    assert.equal(r.code, 2, `${out}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.match(r.stderr, /\[E_OUTPUT\]/);
  }
});

test('permission denied, as an unprivileged user: a secret file it may not read, a folder it may not write', async (t) => {
  const dir = scratchDir('render-perm');
  // As root the CLI runs as "nobody": that needs a checkout nobody may enter (a clone under a
  // 0700 temporary folder is not). Otherwise the permissions cannot be tried here.
  if (process.getuid?.() === 0) {
    const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(binPath)}); require('fs').readdirSync(${JSON.stringify(dir)})`], { uid: 65534, gid: 65534, encoding: 'utf8' });
    if (probe.status !== 0) return t.skip('user nobody cannot reach this checkout');
  }
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'p.yaml'), PRESET, { mode: 0o644 });
  writeFileSync(join(dir, 'pypi-password'), 'pypi-pw-0123456789\n', { mode: 0o600 });
  mkdirSync(join(dir, 'locked'), { mode: 0o555 });
  mkdirSync(join(dir, 'open'), { mode: 0o777 });
  chmodSync(join(dir, 'open'), 0o777);
  const asRoot = process.getuid?.() === 0;
  if (!asRoot) chmodSync(join(dir, 'pypi-password'), 0o000);
  // Root may read and write anything: run the CLI as "nobody" then, so permissions apply.
  const run = (args: string[]) => spawnSync(process.execPath, [binPath, ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', TEST_LICENSE: 'lic-9f8e7d6c5b4a', TEST_MODEL_PW: 'model-pw-987654' },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  const unreadable = run(['render', '--preset', 'p.yaml', '--output', 'open']);
  assert.equal(unreadable.status, 0, unreadable.stderr);
  assert.match(unreadable.stdout, /registries\.pypi\.password: reads .*pypi-password, which cannot be used: permission denied \[W_SECRET_FILE\]/);
  assert.match(unreadable.stdout, /fix: let this user read it/);
  const locked = run(['render', '--preset', 'p.yaml', '--output', 'locked/out']);
  assert.equal(locked.status, 2, locked.stderr);
  assert.match(locked.stderr, /--output .*locked\/out is not writable: permission denied on .*locked \[E_OUTPUT\]/);
});
