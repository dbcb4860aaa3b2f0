import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ChoiceScreen, choiceSummary } from './ChoiceScreen.tsx';
import { TITLE, fits, samplePlan, wait } from './testing.ts';

test('keep data, purge, cancel: each with what it means here, in numbers', async () => {
  const keep = samplePlan(false), purge = samplePlan(true);
  const r = render(<ChoiceScreen keep={keep} purge={purge} usable={[true, true, true]} cursor={0} width={80} height={24} title={TITLE} />);
  await wait();
  let f = r.lastFrame()!;
  assert.match(f, /What should happen to release wallaroo\?/);
  assert.match(f, /❯ 1\. Keep data/);
  // 2 dynamic namespaces and the release's own, which the plan keeps with the data.
  assert.match(f, /Kept: the data \(2 claims, 150Gi\), 3\s+namespaces, 3 cluster-wide objects\./);
  r.rerender(<ChoiceScreen keep={keep} purge={purge} usable={[true, true, true]} cursor={1} width={80} height={24} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.match(f, /❯ 2\. Purge/);
  // minio's volume is Retain (its StorageClass's policy): the purge says its data stays.
  assert.match(f, /Also DELETE the data \(2 claims, 150Gi\) \(but 1 volume keeps its data: reclaim\s+policy Retain\), 2 namespaces and 3 cluster-wide\s+objects/);
  assert.match(f, /This cannot be undone\./);
  assert.ok(fits(f));
  r.rerender(<ChoiceScreen keep={keep} purge={purge} usable={[true, true, true]} cursor={2} width={80} height={24} title={TITLE} />);
  await wait();
  assert.match(r.lastFrame()!, /Change nothing and leave\./);
  r.unmount();
});

test('while an install holds the lock, only Cancel can be chosen, and the reason is shown', () => {
  const blocked = samplePlan(false, { installRunning: { cause: 'an install of release wallaroo is already running: started by ci on runner-7', fix: 'wait' } });
  assert.match(choiceSummary(blocked, 'keep'), /^Not possible now: an install of release wallaroo is already running/);
  assert.equal(choiceSummary(blocked, 'cancel'), 'Change nothing and leave.');
});
