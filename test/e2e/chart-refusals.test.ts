// A chart check that fails stops the run before anything is written to the cluster: a chart
// without a documented key, a setting the preset asks for that the chart has no key for
// (exit 2; --drop-unsupported goes on without it), a chart that rejects our values. The fake
// API's request log and objects prove the cluster holds nothing new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, chartDir, type Stage } from '../support/e2e.ts';
import { helmMajors, repoRoot } from '../support/tools.ts';
import { altChartDir, packageChart } from '../support/chart-alt.ts';

const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);
const failed = (stdout: string) => ev(stdout, 'failed')[0];

/** Secrets (TLS files, a model registry) that an install would create, had it got that far. */
function presetWithSecrets(s: Stage, archive: string, extra = ''): string {
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(s.dir, 'tls.crt'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(s.dir, 'tls.key'));
  return s.writePreset(PRESET.replace('CHART_ARCHIVE', archive).replace('  prefix: wallaroo\n  suffix: example.com', '  prefix: ""\n  suffix: wallaroo.example.com')
    + 'tls: { certFile: ./tls.crt, keyFile: ./tls.key }\nregistries:\n  models: { registry: models.example.com:5000, username: m, password: env:MODEL_PW }\n' + extra, `p-${Math.random().toString(36).slice(2)}.yaml`);
}

/** Nothing new in the cluster: no write at all but SelfSubjectAccessReviews (which store nothing). */
function assertClusterUntouched(s: Stage): void {
  const writes = s.kube.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/selfsubjectaccessreviews'));
  assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [], 'no write request reached the API');
  assert.equal(s.kube.get('v1', 'Namespace', undefined, 'wallaroo'), undefined, 'no namespace');
  assert.deepEqual(s.kube.list('v1', 'Secret').filter((x) => x.metadata.namespace === 'wallaroo'), [], 'no Secret');
}

const env = (s: Stage) => ({ ...s.env, MODEL_PW: 'model-pw-1234' });

for (const major of helmMajors) {
  test(`helm ${major}: a chart without a documented key is refused by name and version; the cluster holds nothing new`, async () => {
    const s = await stage(major);
    try {
      const chart = join(s.dir, 'no-domain-suffix');
      cpSync(chartDir, chart, { recursive: true });
      writeFileSync(join(chart, 'values.yaml'), readFileSync(join(chart, 'values.yaml'), 'utf8').replace(/^domainSuffix: .*\n/m, ''));
      const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8'));
      delete schema.properties.domainSuffix;
      writeFileSync(join(chart, 'values.schema.json'), JSON.stringify(schema));
      const r = await runCli(['--preset', presetWithSecrets(s, packageChart(major, chart, s.dir, s.env)), '--json'], { env: env(s) });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_CHART_DOCUMENTED_KEY');
      assert.match(f.cause, /chart wallaroo 2025\.1\.0-6290 has no key domainSuffix \(the domain\), which Wallaroo documents/);
      assert.ok(ev(r.stdout, 'step-finished').some((e) => e.step === 'preflight' && e.status === 'ok'), 'preflight still finished and reported');
      assert.ok(!ev(r.stdout, 'step-started').some((e) => e.step === 'secrets'));
      assertClusterUntouched(s);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: what the preset asks for and the chart cannot take stops before the cluster (exit 2); --drop-unsupported goes on`, async () => {
    const s = await stage(major);
    try {
      const archive = packageChart(major, altChartDir, s.dir, s.env);
      const preset = presetWithSecrets(s, archive, 'services: { alerting: true }\nadvanced: { assaysVersion: v1 }\n');
      const r = await runCli(['--preset', preset, '--json'], { env: env(s) });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_CHART_UNSUPPORTED_SETTING');
      assert.match(f.cause, /chart wallaroo 2025\.2\.0-7001 has no setting for what the preset asks: alerting \(services\.alerting; looked for alerting\.enabled, alertmanager\.enabled\); the assays version \(advanced\.assaysVersion;/);
      assert.match(f.fix, /remove services\.alerting, advanced\.assaysVersion from the preset, use a chart version that has them, or pass --drop-unsupported/);
      assertClusterUntouched(s);

      // The same from `preflight`, which runs the chart check too.
      const pf = await runCli(['preflight', '--preset', preset, '--json'], { env: env(s) });
      assert.equal(pf.code, 2, pf.stdout + pf.stderr);
      assert.equal(failed(pf.stdout).code, 'E_CHART_UNSUPPORTED_SETTING');
      assertClusterUntouched(s);

      const go = await runCli(['--preset', preset, '--drop-unsupported', '--lb-timeout', '60s'], { env: env(s) });
      assert.equal(go.code, 0, go.stdout + go.stderr);
      assert.match(go.stdout, /warning: services\.alerting: chart wallaroo 2025\.2\.0-7001 has no setting for alerting; services\.alerting from the preset is dropped \(--drop-unsupported\)/);
      assert.match(go.stdout, /warning: chart wallaroo 2025\.2\.0-7001 has no setting for model conversion; it keeps the chart's own behaviour/);
      // Listed again in the final summary.
      const summary = go.stdout.slice(go.stdout.indexOf('Wallaroo installed'));
      assert.match(summary, /Left out: wallaroo 2025\.2\.0-7001 has no setting for these, so the chart's own behaviour applies:\n {2}alerting \(services\.alerting in the preset, dropped by --drop-unsupported\)\n {2}model conversion\n {2}the assays version \(advanced\.assaysVersion in the preset, dropped by --drop-unsupported\)/);
      assert.ok(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-tls'));
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a chart that rejects our values (helm template) stops before the cluster`, async () => {
    const s = await stage(major);
    try {
      const chart = join(s.dir, 'picky');
      cpSync(chartDir, chart, { recursive: true });
      writeFileSync(join(chart, 'templates', 'picky.yaml'), '{{- if .Values.privateModelRegistry.enabled }}{{ fail "wallaroo: this chart version has no private model registry support" }}{{- end }}\n');
      const r = await runCli(['--preset', presetWithSecrets(s, packageChart(major, chart, s.dir, s.env)), '--json'], { env: env(s) });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_CHART_TEMPLATE');
      assert.match(f.cause, /this chart version has no private model registry support/);
      assertClusterUntouched(s);
    } finally {
      await s.close();
    }
  });
}
