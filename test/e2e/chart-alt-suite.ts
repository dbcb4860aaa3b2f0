// Every shipped preset installs with the second stand-in chart (test/chart-alt: documented keys
// as documented, conventional keys renamed or missing) on the fake API with a real helm: the
// values follow the chart's own key names, what it has no key for is left out with a warning
// and listed again at the end. chart-alt-helm3/4.test.ts run it per helm major.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage } from '../support/e2e.ts';
import { defaultNodes } from '../kube/server.ts';
import { repoRoot, type HelmMajor } from '../support/tools.ts';
import { altChartDir, packageChart, presetFor, presets, PRESET_ENV, presetsDir } from '../support/chart-alt.ts';

/** Left out for every preset: the second stand-in has no key for them, and no preset sets them. */
const LEFT_OUT = ['alerting', 'model conversion', 'the assays version'];
const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);

export function chartAltSuite(major: HelmMajor): void {
  for (const name of presets) {
    test(`helm ${major}: preset ${name} installs with the second stand-in chart, leaving out what it has no key for`, async () => {
      const preset = parse(readFileSync(join(presetsDir, name), 'utf8'));
      // eks-edge-16 names its own pipelines pool: give the cluster a node in it.
      const nodes = preset.advanced?.nodePools?.pipelines
        ? [...defaultNodes, { name: 'inference-1', cpu: '8', memory: '32Gi', labels: { 'example.com/pool': 'inference' }, taints: [{ key: 'example.com/inference', value: 'true', effect: 'NoSchedule' }] }]
        : defaultNodes;
      const s = await stage(major, { nodes, lbAddress: { ip: '10.1.2.3' } });
      try {
        if (preset.tls?.secret) {
          s.kube.put({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: preset.tls.secret, namespace: 'wallaroo' },
            data: { 'tls.crt': Buffer.from(readFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'))).toString('base64'), 'tls.key': Buffer.from(readFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'))).toString('base64') } });
        }
        const archive = packageChart(major, altChartDir, s.dir, s.env);
        const file = presetFor(name, s.dir, archive);
        const r = await runCli(['--preset', file, '--json'], { env: { ...s.env, ...PRESET_ENV } });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const steps = ev(r.stdout, 'step-finished').map((e) => `${e.step}:${e.status}`);
        assert.deepEqual(steps.slice(0, 4), ['preflight:' + steps[0].split(':')[1], 'chart:warn', 'secrets:' + steps[2].split(':')[1], 'helm:ok']);
        const unsupported = ev(r.stdout, 'warning').filter((w) => w.code === 'W_CHART_SETTING_UNSUPPORTED');
        assert.deepEqual(unsupported.map((w) => w.message.replace(/^chart wallaroo 2025\.2\.0-7001 has no setting for (.*); it keeps the chart's own behaviour$/, '$1')).sort(), [...LEFT_OUT].sort());
        const result = ev(r.stdout, 'result')[0].result;
        assert.deepEqual(result.leftOut.map((l: { label: string }) => l.label).sort(), [...LEFT_OUT].sort());
        assert.equal(result.chartVersion, 'wallaroo-2025.2.0-7001');

        // The release holds the chart's own key names, never the first guesses.
        const values = JSON.parse(await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '-o', 'json']));
        assert.equal(typeof values.jupyterhub?.enabled, 'boolean');
        assert.equal(typeof values.jupyterhub?.multiple_labs, 'boolean');
        assert.equal(typeof values.model_validation?.enabled, 'boolean');
        for (const guessed of ['jupyter', 'modelValidation', 'alerting', 'modelConversion', 'assays', 'edgelb', 'generate_secrets', 'uninstallHook']) assert.equal(values[guessed], undefined, guessed);
        if (preset.advanced?.keycloakProviders) {
          assert.equal(values.keycloak.identityProviders[0].id, 'entra');
          const w = ev(r.stdout, 'warning').find((x) => x.code === 'W_SECRET_IN_RELEASE' && /keycloak\.identityProviders/.test(x.message));
          assert.ok(w, 'said before install: the client secret is stored in helm\'s release');
          assert.ok(!w.message.includes(PRESET_ENV.ENTRA_CLIENT_SECRET));
        }
        if (preset.registries?.edge) {
          assert.equal(values.oci_registry.existingSecret, 'wallaroo-edge-registry', 'the chart takes a Secret reference: used');
          assert.equal(values.oci_registry.password, undefined);
          assert.ok(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-edge-registry'));
          assert.deepEqual(values.engine_lb.nodeSelector, { 'wallaroo.ai/node-purpose': 'general' }, 'placement under the chart\'s own key');
        }
        if (preset.advanced?.plateauDiskSize) assert.equal(values.plateau.storage.size, preset.advanced.plateauDiskSize);
        if (preset.ingress === 'none') {
          assert.match(result.portForward, /8443:443/);
          assert.ok(result.endpoints.every((e: { url: string }) => /^https:\/\/[^/]+:8443(\/|$)/.test(e.url)), 'the URLs include the forwarded port');
        } else assert.ok(result.address?.ip);
      } finally {
        await s.close();
      }
    });
  }
}
