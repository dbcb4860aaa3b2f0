import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';
import type { ReleaseFacts } from '../src/wizard/facts-types.ts';

const release = (over: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
  release: 'wallaroo', namespace: 'wallaroo', exists: true, revision: 3, status: 'deployed', chart: 'wallaroo-2025.1.0-6290', updated: '2026-11-01',
  stored: { source: 'configmap', unrecovered: [], assumed: [], answers: { apiVersion: 'wallaroo-install/v1', chart: { channel: '2025-1', version: '2025.1.0-6290' }, distribution: 'aks', ingress: 'none', domain: { prefix: 'ml', suffix: 'corp.example' }, size: 8 } },
  ...over,
});

test('an existing release: "upgrade of revision N (chart X)", and its stored answers prefill every step', async () => {
  const w = await renderWizard({ initial: at('existing', 'existing', {}), facts: clusterFacts({ release: { state: 'ok', value: release() } }) });
  const f = await w.waitFor('Release wallaroo exists');
  assert.match(f, /upgrade of revision 3 \(wallaroo-2025\.1\.0-6290\)/);
  assert.match(f, /stored with it by wallaroo-install/);
  assert.match(f, /its answers are stored in ConfigMap wallaroo-install-wallaroo/);
  assert.match(f, /step 2 of 13 · Existing release/);
  await w.press('enter');
  await w.waitFor('1. Cluster');
  assert.equal(w.state().step, 'review', 'all prefilled: straight to the review');
  const a = toAnswersInput(w.state().answers);
  assert.equal(a.distribution, 'aks');
  assert.equal(a.ingress, 'none');
  assert.equal(a.size, 8);
  assert.deepEqual(a.domain, { prefix: 'ml', suffix: 'corp.example' });
  w.unmount();
});

test('a release installed by other means: the review says what could not be recovered', async () => {
  const rel = release({ stored: { source: 'values', answers: { apiVersion: 'wallaroo-install/v1', distribution: 'gke', domain: { suffix: 'corp.example' } }, assumed: [{ key: 'size', reason: 'guessed from the services that are on' }],
    unrecovered: [{ key: 'chart', reason: 'the values do not say where the chart came from' }] } });
  const w = await renderWizard({ initial: at('existing', 'existing', {}), facts: clusterFacts({ release: { state: 'ok', value: rel } }) });
  assert.match(await w.waitFor('Release wallaroo exists'), /recovered from `helm get values`/);
  await w.press('enter');
  // The chart could not be recovered: the wizard opens there, the rest prefilled.
  await w.waitFor('Where does the Wallaroo chart come from?');
  await w.press('enter');
  await w.type('2025-1'); await w.press('enter');
  await w.type('2025.1.0-6290'); await w.press('enter', 'enter');
  await w.waitFor('Kubernetes distribution');
  assert.equal(toAnswersInput(w.state().answers).distribution, 'gke');
  await w.press('enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter', 'enter');
  const review = await w.scrollAll();
  assert.match(review, /not recovered: chart \(the values do not say where the chart came from\): answered here instead/);
  assert.match(review, /assumed: size \(guessed from the services that are on\): check it/);
  w.unmount();
});

test('a release stuck in a pending state says how to get it out', async () => {
  const w = await renderWizard({ initial: at('existing', 'existing', {}), facts: clusterFacts({ release: { state: 'ok', value: release({ status: 'pending-upgrade', pendingWayOut: 'roll back: `helm rollback wallaroo 2 --namespace wallaroo`' }) } }) });
  const f = await w.waitFor('pending-upgrade');
  assert.match(f, /helm rollback wallaroo 2/);
  w.unmount();
});

test('an install of the release running elsewhere is named with how to follow it, not called stuck', async () => {
  const running = {
    cause: 'an install of release wallaroo in namespace wallaroo is already running: started by alice on box-9 (pid 77) at 2026-11-22T10:00:00Z',
    fix: 'wait for it to end (`wallaroo-install status` shows the release), or follow it on box-9 with `wallaroo-install attach --release wallaroo -n wallaroo`',
  };
  const w = await renderWizard({ initial: at('existing', 'existing', {}), facts: clusterFacts({ release: { state: 'ok', value: release({ status: 'pending-install', running }) } }) });
  const f = await w.waitFor('already running');
  assert.match(f.replace(/\n/g, ' ').replace(/\s+/g, ' '), /started by alice on box-9/);
  assert.match(f.replace(/\n/g, ' ').replace(/\s+/g, ' '), /wallaroo-install attach --release wallaroo -n wallaroo/);
  assert.doesNotMatch(f, /helm rollback|helm uninstall/);
  w.unmount();
});
