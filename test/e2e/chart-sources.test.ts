// Where the chart comes from and what the chart knows: an OCI chart (registry login with the
// password on stdin, one pull), a chart version that lacks a conventional key we write, and ingress
// none (the URLs with the forwarded port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync, readFileSync, cpSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, chartDir } from '../support/e2e.ts';
import { helmMajors, helmPath } from '../support/tools.ts';

const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);

for (const major of helmMajors) {
  test(`helm ${major}: an OCI chart: login gets the license on stdin, the chart is pulled once, then installed`, async () => {
    const s = await stage(major);
    try {
      // No OCI registry here: a shim stands in for helm's registry calls (recording argv and
      // stdin) and hands `helm pull` the packaged chart; every other call goes to the real helm.
      const calls = join(s.dir, 'calls.log');
      const shim = join(s.dir, 'helm-oci-shim.sh');
      writeFileSync(shim, `#!/bin/sh
printf 'ARGV %s\\n' "$*" >> ${calls}
if [ "$1" = registry ] && [ "$2" = login ]; then printf 'STDIN %s\\n' "$(cat)" >> ${calls}; echo "Login Succeeded"; exit 0; fi
if [ "$1" = pull ]; then while [ "$#" -gt 0 ]; do if [ "$1" = --destination ]; then cp ${s.chartArchive} "$2/"; fi; shift; done; exit 0; fi
exec ${helmPath(major)} "$@"
`);
      chmodSync(shim, 0o755);
      const preset = s.writePreset(PRESET.replace('  archive: CHART_ARCHIVE', '  channel: 2025-1\n  version: 2025.1.0-6290\n  login:\n    username: admin@example.com\n    password: env:WALLAROO_LICENSE_ID'));
      const r = await runCli(['--preset', preset, '--json'], { env: { ...s.env, WALLAROO_INSTALL_HELM: shim, WALLAROO_LICENSE_ID: 'license-id-31337' } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const log = readFileSync(calls, 'utf8');
      assert.match(log, /^ARGV registry login registry\.replicated\.com --username admin@example\.com --password-stdin$/m);
      assert.match(log, /^STDIN license-id-31337$/m, 'the password arrives on stdin');
      assert.equal(log.split('\n').filter((l) => l.startsWith('ARGV') && l.includes('license-id-31337')).length, 0, 'never on argv');
      assert.equal(log.split('\n').filter((l) => l.startsWith('ARGV pull')).length, 1, 'pulled once');
      assert.match(log, /^ARGV pull oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo --version 2025\.1\.0-6290 --destination /m);
      assert.ok(!r.stdout.includes('license-id-31337'));
      assert.equal(ev(r.stdout, 'result')[0].result.chartVersion, 'wallaroo-2025.1.0-6290');
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a chart version without a conventional key we would write: left out with a warning, and the install goes on`, async () => {
    const s = await stage(major);
    try {
      // The same chart with uninstallHook renamed away, as a new chart version might do.
      const renamed = join(s.dir, 'renamed-chart');
      cpSync(chartDir, renamed, { recursive: true });
      const values = readFileSync(join(renamed, 'values.yaml'), 'utf8');
      writeFileSync(join(renamed, 'values.yaml'), values.replace(/^uninstallHook:\n(  .*\n)+/m, ''));
      const schema = JSON.parse(readFileSync(join(renamed, 'values.schema.json'), 'utf8'));
      delete schema.properties.uninstallHook;
      writeFileSync(join(renamed, 'values.schema.json'), JSON.stringify(schema));
      execFileSync('sh', ['-c', `grep -rl uninstallHook ${join(renamed, 'templates')} | xargs rm -f`]);
      const r = await runCli(['--preset', s.writePreset(PRESET.replace('CHART_ARCHIVE', renamed)), '--json'], { env: s.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const w = ev(r.stdout, 'warning').find((e) => e.code === 'W_CHART_SETTING_UNSUPPORTED');
      assert.equal(w.message, "chart wallaroo 2025.1.0-6290 has no setting for the uninstall hook; it keeps the chart's own behaviour");
      assert.deepEqual(ev(r.stdout, 'result')[0].result.leftOut, [{ setting: 'uninstallHook', label: 'the uninstall hook', chart: 'wallaroo 2025.1.0-6290' }]);
      const stored = JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '-o', 'json']));
      assert.equal(stored.uninstallHook, undefined, 'never written under a name the chart does not know');
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: ingress none ends with the port-forward command instead of an address`, async () => {
    const s = await stage(major);
    try {
      const r = await runCli(['--preset', s.writePreset(PRESET.replace('distribution: eks', 'distribution: kurl').replace('ingress: internal', 'ingress: none'))], { env: s.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /kubectl port-forward --namespace wallaroo service\/api-lb-ext 8443:443/);
      // The URLs are the ones that work through the port-forward: with the forwarded port.
      assert.match(r.stdout, /dashboard +https:\/\/wallaroo\.example\.com:8443\n/);
      assert.match(r.stdout, /api +https:\/\/wallaroo\.example\.com:8443\/v1\/api\n/);
      assert.doesNotMatch(r.stdout, /https:\/\/wallaroo\.example\.com(\/|\n)/);
      assert.doesNotMatch(r.stdout, /Create these DNS records/);
      assert.equal(s.kube.get('v1', 'Service', 'wallaroo', 'api-lb-ext').spec.type, 'ClusterIP');
    } finally {
      await s.close();
    }
  });
}
