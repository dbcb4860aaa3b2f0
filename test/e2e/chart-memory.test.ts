// What a chart archive told us before (flows/chart-memory.ts), with the real helm binaries on
// the fake API: a run that repeats the chart, the values and the helm of an earlier successful
// one neither reads the archive nor starts helm template again; different values are rendered;
// a chart that refuses the values is asked every time (and says why every time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, chartDir } from '../support/e2e.ts';
import { packageChart } from '../support/chart-alt.ts';
import { helmMajors } from '../support/tools.ts';

const chartStep = (stdout: string) => jsonEvents(stdout).find((e) => e.event === 'step-finished' && e.step === 'chart');
const traced = (stderr: string, what: string) => stderr.includes(`] helm template: ${what} (`);

for (const major of helmMajors) {
  test(`helm ${major}: the same chart, values and helm again: helm template is not run twice; other values are rendered`, async () => {
    const s = await stage(major);
    try {
      const env = { ...s.env, WALLAROO_INSTALL_TRACE: '1' };
      const preset = s.writePreset(PRESET);
      const first = await runCli(['--preset', preset, '--json'], { env });
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.ok(traced(first.stderr, 'start'), 'the first run renders');
      assert.match(chartStep(first.stdout).summary, /helm template renders \d+ objects$/);
      const folders = readdirSync(join(s.env.WALLAROO_INSTALL_HOME, 'cache', 'helm-template'));
      assert.equal(folders.length, 1);

      // The same preset from another file (the values file's header names it): an upgrade.
      const again = await runCli(['--preset', s.writePreset(PRESET, 'moved.yaml'), '--json'], { env });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.ok(!traced(again.stderr, 'start'), 'helm template not started');
      assert.ok(traced(again.stderr, 'remembered'));
      assert.ok(again.stderr.includes('] chart facts: recalled ('), 'the chart archive is not read again');
      assert.ok(!first.stderr.includes('] chart facts: recalled ('));
      const objects = /renders (\d+) objects/.exec(chartStep(first.stdout).summary)![1];
      assert.equal(chartStep(again.stdout).summary.includes(`helm template renders ${objects} objects (as it did before with this chart, these values and this helm)`), true, chartStep(again.stdout).summary);

      // Other values (another domain): rendered again, and remembered beside the first.
      const other = await runCli(['--preset', s.writePreset(PRESET.replace('suffix: example.com', 'suffix: example.org'), 'other.yaml'), '--json'], { env });
      assert.equal(other.code, 0, other.stdout + other.stderr);
      assert.ok(traced(other.stderr, 'start'), 'other values are rendered');
      assert.match(chartStep(other.stdout).summary, /helm template renders \d+ objects$/);
      assert.equal(readdirSync(join(s.env.WALLAROO_INSTALL_HOME, 'cache', 'helm-template', folders[0])).length, 2);
    } finally {
      await s.close();
    }
  });
}

test('helm 4: a chart that refuses the values is asked every time, and says why every time', { skip: !helmMajors.includes(4) }, async () => {
  const s = await stage(4);
  try {
    const env = { ...s.env, WALLAROO_INSTALL_TRACE: '1', MODEL_PW: 'model-pw-1234' };
    const chart = join(s.dir, 'picky');
    cpSync(chartDir, chart, { recursive: true });
    writeFileSync(join(chart, 'templates', 'picky.yaml'), '{{- if .Values.privateModelRegistry.enabled }}{{ fail "wallaroo: this chart version has no private model registry support" }}{{- end }}\n');
    const archive = packageChart(4, chart, s.dir, s.env);
    // Accepted once: this chart and helm have a verdict folder from then on.
    const ok = await runCli(['--preset', s.writePreset(PRESET.replace('CHART_ARCHIVE', archive)), '--json'], { env });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const refused = s.writePreset(PRESET.replace('CHART_ARCHIVE', archive) + 'registries:\n  models: { registry: models.example.com:5000, username: m, password: env:MODEL_PW }\n', 'refused.yaml');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['--preset', refused, '--json'], { env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(traced(r.stderr, 'start'), `run ${i + 1} renders`);
      const failed = jsonEvents(r.stdout).find((e) => e.event === 'failed');
      assert.equal(failed?.code, 'E_CHART_TEMPLATE');
      assert.match(failed.cause, /no private model registry support/);
    }
  } finally {
    await s.close();
  }
});
