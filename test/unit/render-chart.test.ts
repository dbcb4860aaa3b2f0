// `render` resolves the values against a chart when one is at hand (--chart PATH, --chart
// oci://REF, chart.archive) and says UNRESOLVED when none is; its values file names the chart
// version and exactly the secrets it holds; what the preset asks for and the chart cannot take
// is exit 2 unless --drop-unsupported. Every shipped preset renders against the second
// stand-in chart, and helm 3 and 4 template and lint the result against it (strict schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { runCli, jsonEvents } from '../support/cli.ts';
import { helmMajors, helmPath, isolatedHelmEnv, scratchDir } from '../support/tools.ts';
import { altChartDir, packageChart, presetFor, presets, PRESET_ENV } from '../support/chart-alt.ts';

const PRESET = `apiVersion: wallaroo-install/v1
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login: { username: admin@example.com, password: env:TEST_LICENSE }
distribution: eks
domain: { prefix: wallaroo, suffix: example.com }
registries:
  pypi: { url: "https://pypi.example.com/simple", username: builder, password: env:TEST_PYPI }
size: 16
`;
const ENV = { TEST_LICENSE: 'license-abc-123', TEST_PYPI: 'pypi-pw-4242' };
const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);

test('no chart at hand: first-guess keys, and both the output and the file say UNRESOLVED', async () => {
  const dir = scratchDir('render-unresolved');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml'], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /the values are UNRESOLVED: not checked against a chart/);
  assert.match(r.stdout, /\(mode 0600\), UNRESOLVED \(no chart at hand\)/);
  const text = readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8');
  assert.match(text, /^# UNRESOLVED: not checked against a chart/m);
  // The PyPI password has no Secret form in the chart as we know it: said at load, in the
  // output, and in the file's header, which lists exactly that one secret.
  assert.match(r.stdout, /registries\.pypi\.password: the Wallaroo chart takes this only inline .* stored in helm's release, readable by anyone who can read Secrets in namespace wallaroo \[W_SECRET_IN_RELEASE\]/);
  assert.match(r.stdout, /The values file holds these secrets inline .*:\n {2}registries\.pypi\.password as privatePypi\.password\n/);
  const header = text.slice(0, text.indexOf('\n\n') > 0 ? text.search(/^[^#]/m) : undefined);
  assert.match(header, /# Secrets in this file \(keep it private, mode 0600, out of version control\):\n# {3}registries\.pypi\.password as privatePypi\.password \(inline: stored in helm's release/);
  assert.equal((header.match(/ as /g) ?? []).length, 1, 'exactly one secret listed');
  assert.equal(parse(text).privatePypi.password, ENV.TEST_PYPI);
  assert.ok(!r.stdout.includes(ENV.TEST_PYPI), 'never on screen');
});

test('--chart PATH resolves against that chart: its keys, its version in the header, a Secret where it takes one', async () => {
  const dir = scratchDir('render-chart');
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '--chart', altChartDir, '--json'], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(!ev(r.stdout, 'warning').some((w) => w.code === 'W_VALUES_UNRESOLVED'));
  const text = readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8');
  assert.match(text, /^# Resolved against chart wallaroo 2025\.2\.0-7001: every key below is one that chart version has\./m);
  assert.match(text, /^# Secrets in this file: none\. Keys and passwords are in the Kubernetes Secrets it names\./m);
  assert.match(text, /^# Left out \(chart wallaroo 2025\.2\.0-7001 has no key for them; the chart's own behaviour applies\): alerting, model conversion, the assays version\./m);
  const v = parse(text);
  assert.equal(v.jupyterhub.multiple_labs, true);
  assert.deepEqual(v.private_pypi, { enabled: true, url: 'https://pypi.example.com/simple', existingSecret: 'wallaroo-private-pypi', only_private: false });
  const secrets = readFileSync(join(dir, 'wallaroo-secrets.yaml'), 'utf8');
  assert.match(secrets, /name: wallaroo-private-pypi/);
  assert.match(ev(r.stdout, 'rendered')[0].commands.at(-1), new RegExp(`helm upgrade --install wallaroo ${altChartDir.replace(/[.]/g, '\\.')} `), 'the printed install uses the chart rendered against');
  assert.deepEqual(ev(r.stdout, 'warning').filter((w) => w.code === 'W_CHART_SETTING_UNSUPPORTED').length, 3);
});

test('chart.archive in the preset resolves without --chart; a missing --chart path is exit 2', async () => {
  const dir = scratchDir('render-archive');
  const tgz = packageChart(4, altChartDir, dir, isolatedHelmEnv(dir));
  writeFileSync(join(dir, 'p.yaml'), PRESET.replace(/chart:\n(?: {2}.*\n)+/, `chart:\n  archive: ${tgz}\n`));
  const r = await runCli(['render', '--preset', 'p.yaml'], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8'), /Resolved against chart wallaroo 2025\.2\.0-7001/);
  const bad = await runCli(['render', '--preset', 'p.yaml', '--chart', 'nope.tgz'], { cwd: dir, env: ENV });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--chart "nope\.tgz" does not exist/);
});

test('--chart oci://REF:VERSION pulls once (login on stdin) and resolves against it', async () => {
  const dir = scratchDir('render-oci');
  const tgz = packageChart(3, altChartDir, dir, isolatedHelmEnv(dir));
  const calls = join(dir, 'calls.log');
  const shim = join(dir, 'helm-shim.sh');
  writeFileSync(shim, `#!/bin/sh
printf 'ARGV %s\\n' "$*" >> ${calls}
if [ "$1" = registry ]; then printf 'STDIN %s\\n' "$(cat)" >> ${calls}; exit 0; fi
if [ "$1" = pull ]; then while [ "$#" -gt 0 ]; do if [ "$1" = --destination ]; then cp ${tgz} "$2/"; fi; shift; done; exit 0; fi
exit 1
`);
  chmodSync(shim, 0o755);
  writeFileSync(join(dir, 'p.yaml'), PRESET);
  const r = await runCli(['render', '--preset', 'p.yaml', '--chart', 'oci://registry.replicated.com/wallaroo/2025-2/wallaroo:2025.2.0-7001', '--helm', shim], { cwd: dir, env: ENV });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const log = readFileSync(calls, 'utf8');
  assert.match(log, /^ARGV registry login registry\.replicated\.com --username admin@example\.com --password-stdin$/m);
  assert.match(log, /^STDIN license-abc-123$/m);
  assert.match(log, /^ARGV pull oci:\/\/registry\.replicated\.com\/wallaroo\/2025-2\/wallaroo --version 2025\.2\.0-7001 --destination /m);
  assert.match(readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8'), /Resolved against chart wallaroo 2025\.2\.0-7001/);
  assert.match(r.stdout, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-2\/wallaroo --version 2025\.2\.0-7001 /);
});

test('what the preset asks for and the chart cannot take: exit 2 naming it, or left out with --drop-unsupported', async () => {
  const dir = scratchDir('render-unsupported');
  writeFileSync(join(dir, 'p.yaml'), PRESET + 'advanced: { fluentbitRetentionDays: 7 }\n');
  const r = await runCli(['render', '--preset', 'p.yaml', '--chart', altChartDir], { cwd: dir, env: ENV });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /error: chart wallaroo 2025\.2\.0-7001 has no setting for what the preset asks: the orchestration log retention \(fluent-bit\) \(advanced\.fluentbitRetentionDays; looked for fluentbit\.retentionDays/);
  assert.match(r.stderr, /next: remove advanced\.fluentbitRetentionDays from the preset, use a chart version that has it, or pass --drop-unsupported to go on without it/);
  const go = await runCli(['render', '--preset', 'p.yaml', '--chart', altChartDir, '--drop-unsupported'], { cwd: dir, env: ENV });
  assert.equal(go.code, 0, go.stderr);
  assert.match(readFileSync(join(dir, 'wallaroo-values.yaml'), 'utf8'), /Left out .*the orchestration log retention \(fluent-bit\)/);
});

for (const name of presets) {
  test(`preset ${name} renders against the second stand-in chart; helm 3 and 4 template and lint it`, async () => {
    const dir = scratchDir(`render-alt-${name.replace('.yaml', '')}`);
    const tgz = packageChart(3, altChartDir, dir, isolatedHelmEnv(dir));
    const file = presetFor(name, dir, tgz);
    const r = await runCli(['render', '--preset', file, '--output', 'out', '--json'], { cwd: dir, env: PRESET_ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const s of Object.values(PRESET_ENV)) assert.ok(!r.stdout.includes(s), `secret ${s} not printed`);
    const values = join(dir, 'out', 'wallaroo-values.yaml');
    assert.match(readFileSync(values, 'utf8'), /Resolved against chart wallaroo 2025\.2\.0-7001/);
    const extra = name.startsWith('kurl') ? ['-f', join(dir, 'image-values.yaml')] : [];
    for (const major of helmMajors) {
      const env = { ...process.env, ...isolatedHelmEnv(join(dir, `h${major}`)) };
      const out = execFileSync(helmPath(major), ['template', 'wallaroo', altChartDir, '-n', 'wallaroo', ...extra, '-f', values], { env, encoding: 'utf8' });
      assert.match(out, /name: api-lb-ext/);
      execFileSync(helmPath(major), ['lint', altChartDir, '--strict', ...extra, '-f', values], { env, encoding: 'utf8' });
    }
  });
}

