import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, at, COMPLETE } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';

test('internal is the default; external warns as soon as it is highlighted; none is port-forward', async () => {
  const w = await renderWizard({ initial: at('ingress', 'ingress') });
  const f0 = await w.waitFor('How is Wallaroo reached?');
  assert.match(f0, /❯ 1\. internal/);
  assert.doesNotMatch(f0, /Wallaroo highly/);
  await w.press('down');
  assert.match(await w.waitFor(/highly\s+discourages/), /❯ 2\. external/);
  await w.press('down');
  const f2 = await w.waitFor(/❯ 3\. none\s+no load balancer: reach it with kubectl port-forward/);
  assert.doesNotMatch(f2, /Wallaroo highly/);
  await w.press('up', 'enter');
  await w.waitFor('Domain suffix');
  assert.equal(toAnswersInput(w.state().answers).ingress, 'external');
  w.unmount();
});

test('kurl with a load balancer warns that it needs MetalLB', async () => {
  const w = await renderWizard({ initial: at('ingress', 'ingress', { ...COMPLETE, distribution: 'kurl' }) });
  assert.match(await w.waitFor('MetalLB'), /kurl has no cloud load balancer/);
  w.unmount();
});
