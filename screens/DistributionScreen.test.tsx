import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';

const detected = (distribution: 'aks' | 'kurl' | undefined, reason: string) => clusterFacts({
  nodes: { state: 'ok', value: { count: 3, detection: { distribution, reason }, size: { size: 16, cores: 24, reason: '3 nodes with 24 allocatable cores in total' } } },
});

test('the distribution detected from the nodes is highlighted, with the evidence', async () => {
  const w = await renderWizard({ initial: at('distribution', 'distribution', {}), facts: detected('aks', 'node aks-nodepool1-0: providerID azure:///subscriptions/x') });
  const f = await w.waitFor('detected aks');
  assert.match(f, /❯ 1\. aks\s+Azure Kubernetes Service \(AKS\)\s+detected/);
  assert.match(f, /providerID azure:\/\/\/subscriptions\/x/);
  await w.press('enter');
  await w.waitFor('How is Wallaroo reached?');
  assert.equal(toAnswersInput(w.state().answers).distribution, 'aks');
  w.unmount();
});

test('detection arriving late moves the highlight, unless the admin moved it already; any choice can override', async () => {
  const w = await renderWizard({ initial: at('distribution', 'distribution', {}), facts: clusterFacts({ nodes: { state: 'loading' } }) });
  await w.waitFor('looking at the nodes');
  w.facts.set(detected('kurl', 'node k1: label kurl.sh/cluster=true').nodes ? { nodes: detected('kurl', 'node k1: label kurl.sh/cluster=true').nodes } : {});
  assert.match(await w.waitFor('detected kurl'), /❯ 5\. kurl/);
  await w.press('up', 'up');
  await w.waitFor(/❯ 3\. gke/);
  await w.press('enter');
  await w.waitFor('How is Wallaroo reached?');
  assert.equal(toAnswersInput(w.state().answers).distribution, 'gke');
  w.unmount();
});

test('nothing detected: the reason is shown and nothing is assumed silently', async () => {
  const w = await renderWizard({ initial: at('distribution', 'distribution', {}), facts: detected(undefined, 'node kind-control-plane: providerID kind://docker/kind: this looks like kind, which Wallaroo does not support: pick the closest match') });
  const f = await w.waitFor('not detected');
  assert.match(f, /looks like kind, which\s+Wallaroo does not support/);
  assert.match(f, /❯ 1\. aks\s+Azure Kubernetes Service \(AKS\)\n/, 'no default pretends to know');
  w.unmount();
});
