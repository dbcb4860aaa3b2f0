import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts } from '../test/wizard/ink-support.tsx';
import { initialFacts } from '../src/wizard/facts-types.ts';

test('the contexts are listed current first with their servers; choosing one connects to it', async () => {
  const w = await renderWizard();
  const f = await w.waitFor('prod-eks');
  assert.match(f, /step 1 of 12 · Cluster/);
  assert.match(f, /❯ 1\. prod-eks\s+current, https:\/\/ABC\.gr7\.us-east-1\.eks\.amazonaws\.com/);
  assert.match(f, /2\. staging\s+https:\/\/10\.0\.0\.2:6443/);
  assert.match(f, /reachable: Kubernetes v1\.31\.2-eks-7f9249a/);
  await w.press('down', 'enter');
  await w.waitFor('Helm release name');
  assert.equal(w.state().answers.$?.context, 'staging');
  assert.ok(w.facts.calls.includes('useContext staging'), w.facts.calls.join(', '));
  w.unmount();
});

test('Enter while the kubeconfig is still being read is kept, and takes the current context once it is', async () => {
  const w = await renderWizard({ facts: { ...initialFacts(), kubeconfig: { state: 'loading' } } });
  await w.waitFor('reading the kubeconfig');
  await w.press('enter');
  await w.waitFor('goes on by itself');
  w.facts.set(clusterFacts());
  await w.waitFor('Helm release name');
  assert.equal(w.state().answers.$?.context, 'prod-eks');
  w.unmount();
});

test('no kubeconfig: the reason, the fix, and the way on without a cluster', async () => {
  const w = await renderWizard({ facts: { ...initialFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist', fix: 'pass --kubeconfig FILE' } } });
  const f = await w.waitFor('Go on without a cluster');
  assert.match(f, /no cluster: no kubeconfig found/);
  assert.match(f, /pass --kubeconfig FILE/);
  assert.match(f, /like `render`/);
  await w.press('enter');
  await w.waitFor('Helm release name');
  assert.equal(w.state().answers.$?.context, '$none');
  w.unmount();
});

test('an unreachable context says why and offers the way on', async () => {
  const w = await renderWizard({ facts: clusterFacts({ connection: { state: 'error', reason: 'ECONNREFUSED', fix: 'check the VPN' } }) });
  const f = await w.waitFor('cannot use context prod-eks');
  assert.match(f, /ECONNREFUSED/);
  assert.match(f, /check the VPN/);
  assert.match(f, /No cluster: write the files only/);
  w.unmount();
});

test('the namespace waits for the existing-release check, then goes on by itself', async () => {
  const w = await renderWizard({ facts: clusterFacts({ release: { state: 'loading' } }) });
  await w.waitFor('prod-eks');
  await w.press('enter', 'enter');
  await w.waitFor('Namespace');
  await w.press('enter');
  await w.waitFor('checking for an existing release');
  w.facts.set({ release: { state: 'ok', value: { release: 'wallaroo', namespace: 'wallaroo', exists: true, revision: 4, chart: 'wallaroo-2025.1.0-6290', status: 'deployed' } } });
  const f = await w.waitFor('Existing release');
  assert.match(f, /upgrade of revision 4 \(wallaroo-2025\.1\.0-6290\)/);
  assert.match(f, /step 2 of 13/);
  w.unmount();
});
