// Upgrades warn about every service they turn off (by a smaller size or a toggle), naming the
// claims each leaves behind, or that helm deletes with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { upgradeWarnings } from '../../src/flows/upgrade-warnings.ts';
import { buildPlan } from '../../src/flows/plan.ts';
import { claimsOf, helmDeletesClaim, type ClaimInfo } from '../../src/wallaroo/service-storage.ts';
import { explicitPaths } from '../../src/wallaroo/provenance.ts';
import { answers } from '../support/answers.ts';

const helmClaim = (name: string, component: string): ClaimInfo => ({
  name, size: '100Gi',
  labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': component },
  annotations: { 'meta.helm.sh/release-name': 'wallaroo', 'meta.helm.sh/release-namespace': 'wallaroo' },
});
const CLAIMS: ClaimInfo[] = [
  helmClaim('plateau-managed-disk', 'plateau'),
  { name: 'hub-db-dir', labels: { component: 'hub' }, annotations: {}, size: '1Gi' },
  { name: 'claim-alice', labels: { 'app.kubernetes.io/component': 'singleuser-storage' }, annotations: {} },
  { ...helmClaim('grafana-data', 'grafana'), annotations: { ...helmClaim('x', 'y').annotations, 'helm.sh/resource-policy': 'keep' } },
  { name: 'minio', labels: {}, annotations: {} },
];

const plan = (raw: Record<string, unknown>) => {
  const input = { apiVersion: 'wallaroo-install/v1', chart: { archive: '/c.tgz' }, distribution: 'eks', domain: { suffix: 'example.com' }, ...raw };
  return { plan: buildPlan({ answers: answers(input as never), secrets: new Map() }), explicit: explicitPaths(input) };
};

test('claims are attributed to services by label or name; helm deletes only its own claims without a keep policy', () => {
  assert.deepEqual(claimsOf('jupyter', CLAIMS).map((c) => c.name), ['hub-db-dir', 'claim-alice']);
  assert.deepEqual(claimsOf('plateau', CLAIMS).map((c) => c.name), ['plateau-managed-disk']);
  assert.deepEqual(claimsOf('modelValidation', CLAIMS), []);
  assert.ok(helmDeletesClaim(CLAIMS[0], 'wallaroo', 'wallaroo'));
  assert.ok(!helmDeletesClaim(CLAIMS[0], 'other', 'wallaroo'), 'another release\'s claim');
  assert.ok(!helmDeletesClaim(CLAIMS[2], 'wallaroo', 'wallaroo'), 'made at run time');
  assert.ok(!helmDeletesClaim(CLAIMS[3], 'wallaroo', 'wallaroo'), 'resource-policy keep');
});

test('16 → 8 cores: every service the sizing table turns off is named, with its volumes', () => {
  const before = plan({ size: 16 }).plan.values;
  const { plan: after, explicit } = plan({ size: 8 });
  const ws = upgradeWarnings(before, after, CLAIMS, explicit);
  const off = ws.filter((w) => w.code === 'W_SERVICE_OFF');
  assert.deepEqual(off.map((w) => w.key).sort(), ['services.alerting', 'services.modelInsights', 'services.modelValidation', 'services.multipleLabs', 'services.plateau']);
  const plateau = off.find((w) => w.key === 'services.plateau')!;
  assert.match(plateau.message, /^Plateau \(the inference-log store\) was on and this upgrade turns it off \(the 8-core sizing table\); helm deletes its PVC plateau-managed-disk \(100Gi\) and the data on it/);
  assert.match(off.find((w) => w.key === 'services.alerting')!.message, /it has no volumes of its own in namespace wallaroo/);
});

test('a toggle in the preset: the claims it leaves behind, and how to remove them later', () => {
  const before = plan({}).plan.values;
  const { plan: after, explicit } = plan({ services: { jupyter: false, multipleLabs: false, dashboardGraphs: false } });
  const ws = upgradeWarnings(before, after, CLAIMS, explicit);
  const jupyter = ws.find((w) => w.key === 'services.jupyter')!;
  assert.match(jupyter.message, /JupyterHub was on and this upgrade turns it off \(services\.jupyter: false in the preset\); it leaves behind PVCs hub-db-dir \(1Gi\), claim-alice: the data stays in the cluster, but nothing uses it/);
  assert.match(jupyter.fix, /kubectl delete pvc --namespace wallaroo hub-db-dir claim-alice/);
  assert.match(ws.find((w) => w.key === 'services.dashboardGraphs')!.message, /leaves behind PVC grafana-data/, 'a keep policy keeps it');
  assert.equal(upgradeWarnings(before, plan({}).plan, CLAIMS).length, 0, 'no change, no warning');
});

test('a service turned off under a renamed key of an older chart is still recognised', () => {
  const before = { jupyterhub: { enabled: true }, kubernetes_distribution: 'eks' };
  const { plan: after, explicit } = plan({ services: { jupyter: false, multipleLabs: false } });
  assert.ok(upgradeWarnings(before, after, [], explicit).some((w) => w.key === 'services.jupyter'));
});

test('uninstall hook and distribution changes', () => {
  const before = plan({}).plan.values;
  const after = plan({ distribution: 'aks', advanced: { uninstallHook: false } }).plan;
  assert.deepEqual(upgradeWarnings(before, after, []).map((w) => w.code), ['W_UNINSTALL_HOOK_CHANGE', 'W_DISTRIBUTION_CHANGE']);
});
