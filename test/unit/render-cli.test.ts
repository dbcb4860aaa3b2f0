// `wallaroo-install render` as a user runs it: the built bundle through the bin launcher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, statSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { scratchDir } from '../support/tools.ts';

const PRESET = `apiVersion: wallaroo-install/v1
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login: { username: admin@example.com, password: env:TEST_LICENSE }
distribution: aks
domain: { prefix: "on", suffix: example.com }
registries:
  models: { registry: models.example.com:5000, username: modeler, password: env:TEST_MODEL_PW }
size: 16
`;
const SECRETS = { TEST_LICENSE: 'license-abcdef123', TEST_MODEL_PW: 'model-pw-987654' };

test('render writes a 0600 YAML 1.1 values file with a header and prints the exact commands, no secrets', async () => {
  const dir = scratchDir('render');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '--output', 'out'], { cwd: dir, env: SECRETS });
  assert.equal(r.code, 0, r.stderr);
  const values = join(dir, 'out', 'wallaroo-values.yaml');
  assert.equal(statSync(values).mode & 0o777, 0o600);
  const text = readFileSync(values, 'utf8');
  assert.match(text, /^# Helm values for Wallaroo, written by wallaroo-install \d+\.\d+\.\d+ from preset .*p\.yaml/);
  assert.match(text, /^domainPrefix: "on"$/m, 'YAML 1.1: "on" stays a string for helm');
  assert.match(text, /service\.beta\.kubernetes\.io\/azure-load-balancer-internal: "true"/);
  const secretsFile = join(dir, 'out', 'wallaroo-secrets.yaml');
  assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  assert.match(readFileSync(secretsFile, 'utf8'), /model-pw-987654/, 'the password lives only in the 0600 Secret manifest');
  assert.doesNotMatch(text, /model-pw-987654|license-abcdef123/);
  for (const s of Object.values(SECRETS)) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'no secret on screen');
  assert.match(r.stdout, /printenv TEST_LICENSE \| helm registry login registry\.replicated\.com --username admin@example\.com --password-stdin/);
  assert.match(r.stdout, new RegExp(`helm upgrade --install wallaroo oci://registry\\.replicated\\.com/wallaroo/2025-1/wallaroo --version 2025\\.1\\.0-6290 --namespace wallaroo --create-namespace --values ${values.replace(/[.]/g, '\\.')} --timeout 15m --wait --wait-for-jobs`));
  assert.match(r.stdout, /kubectl apply --namespace wallaroo --filename .*wallaroo-secrets\.yaml/);
});

test('render --inline-secrets puts the chart\'s inline keys in the values file instead', async () => {
  const dir = scratchDir('render-inline');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '-o', '.', '--inline-secrets'], { cwd: dir, env: SECRETS });
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8');
  assert.match(text, /password: model-pw-987654/);
  assert.match(text, /# Secrets in this file \(keep it private, mode 0600, out of version control\):\n# {3}registries\.models\.password as privateModelRegistry\.password \(inline: stored in helm's release/);
  assert.ok(!readdirSync(dir).includes('wallaroo-secrets.yaml'));
});

test('render prints the login for a file: password as stdin redirection', async () => {
  const dir = scratchDir('render-file');
  writeFileSync(join(dir, 'p.yaml'), PRESET.replace('env:TEST_LICENSE', 'file:./license id.txt'));
  writeFileSync(join(dir, 'license id.txt'), 'lic-from-file-99\n');
  const r = await runCli(['render', '--preset', 'p.yaml'], { cwd: dir, env: { TEST_MODEL_PW: 'x1234' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`--password-stdin < '${join(dir, 'license id.txt').replace(/[.]/g, '\\.')}'`));
  assert.ok(!r.stdout.includes('lic-from-file-99'));
});

test('render --json prints only JSON events', async () => {
  const dir = scratchDir('render-json');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '--json'], { cwd: dir, env: SECRETS });
  assert.equal(r.code, 0, r.stderr);
  const events = jsonEvents(r.stdout);
  assert.deepEqual(events.map((e) => e.event), ['run-started', 'warning', 'rendered', 'output']);
  assert.equal(events[1].code, 'W_VALUES_UNRESOLVED', 'no chart at hand: the output says the values are unresolved');
  const rendered = events[2];
  assert.equal(rendered.valuesFile, join(dir, 'wallaroo-values.yaml'));
  assert.equal(rendered.commands.length, 4);
});

test('bad input exits 2 and lists every problem with where, what and what to do, no stack trace', async () => {
  const dir = scratchDir('render-bad');
  writeFileSync(join(dir, 'bad.yaml'), PRESET.replace('distribution: aks', 'distribution: aks\nsizes: 16\nservices: { orchestration: true, nats: false }').replace('size: 16', 'size: "big"'));
  const r = await runCli(['render', '--preset', 'bad.yaml'], { cwd: dir, env: { TEST_MODEL_PW: 'model-pw-987654' } });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.includes('error'), false, 'problems go to stderr');
  // Errors and warnings in one list, in file order; render needs no secret values, so the unset
  // license variable is a warning here (an install would stop on it).
  const lines = r.stderr.split('\n').filter((l) => /^(error|warning): bad\.yaml/.test(l));
  assert.deepEqual(lines, [
    'warning: bad.yaml:5:41: chart.login.password: reads the environment variable TEST_LICENSE, which is not set [W_SECRET_ENV_UNSET]',
    'error: bad.yaml:7:1: sizes: unknown key "sizes" [E_UNKNOWN_KEY]',
    'error: bad.yaml:8:13: services.orchestration: orchestration needs nats and arbEx, but nats is off [E_ORCHESTRATION_NEEDS_NATS_ARBEX]',
    'error: bad.yaml:8:34: services.nats: wsProxy (dashboard notifications) needs nats, but nats is off [E_WSPROXY_NEEDS_NATS]',
    'error: bad.yaml:12:1: size: size must be one of 8, 16, 32, not the string "big" [E_VALUE]',
  ]);
  assert.match(r.stderr, /unknown key "sizes" \[E_UNKNOWN_KEY\]\n  fix: did you mean "size"\? Otherwise remove it/);
  assert.match(r.stderr, /fix: export TEST_LICENSE \(for the chart registry password \(license ID\)\), or point chart\.login\.password at file:PATH before installing/);
  assert.match(r.stderr, /4 problems in .*bad\.yaml; nothing was changed/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a missing preset file and broken YAML exit 2', async () => {
  const dir = scratchDir('render-missing');
  const missing = await runCli(['render', '--preset', 'nope.yaml'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the preset file .*nope\.yaml \(no such file\)/);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: wallaroo-install/v1\ndomain: [unclosed\n');
  const broken = await runCli(['render', '--preset', 'broken.yaml'], { cwd: dir });
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /broken\.yaml:\d+:\d+: not valid YAML/);
});

test('--help, --version, usage errors', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /wallaroo-install render --preset FILE/);
  assert.match(help.stdout, /Exit codes: 0 ok, 1 failed, 2 bad input or usage, 130 cancelled/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const noPreset = await runCli(['render']);
  assert.equal(noPreset.code, 2);
  assert.match(noPreset.stderr, /render needs --preset FILE/);
  const wizard = await runCli([]);
  assert.equal(wizard.code, 2);
  assert.match(wizard.stderr, /--preset FILE/);
});

test('--chart is checked before anything runs: empty, an OCI reference without a path, a digest, an empty or non-SemVer version (exit 2, naming --chart)', async () => {
  const dir = scratchDir('render-chartflag');
  writeFileSync(join(dir, 'p.yaml'), readFileSync(join(process.cwd(), 'presets', 'eks-internal-16.yaml'), 'utf8'));
  for (const [flag, said] of [
    ['', /--chart is empty/], ['oci://', /is not an OCI chart reference/], ['oci://registry.example.com', /is not an OCI chart reference/],
    ['oci://registry.example.com/w/wallaroo@sha256:abcd', /is not an OCI chart reference/],
    ['oci://registry.example.com/w/wallaroo:', /names the version "", which is not a chart version/],
    ['oci://registry.example.com/w/wallaroo:latest', /names the version "latest", which is not a chart version/],
  ] as const) {
    const r = await runCli(['render', '--preset', 'p.yaml', '--output', 'out', '--chart', flag, '--json'], { cwd: dir, env: { WALLAROO_LICENSE_ID: 'lic-0123456789abcdef', WALLAROO_INSTALL_HELM: '/nonexistent/helm' } });
    assert.equal(r.code, 2, `${flag}: ${r.stdout}${r.stderr}`);
    const failed = jsonEvents(r.stdout).find((e) => e.event === 'failed');
    assert.equal(failed.code, 'E_USAGE', flag);
    assert.match(failed.cause, said, flag);
  }
});
