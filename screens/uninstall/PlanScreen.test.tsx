import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { PlanScreen } from './PlanScreen.tsx';
import { planView } from './lines.ts';
import { TITLE, fits, samplePlan, wait } from './testing.ts';

test('the plan scrolls in 80x24: first rows, then further down, with where it is', async () => {
  const plan = samplePlan();
  const total = planView(plan, 80).length;
  assert.ok(total > 19, 'longer than one screen');
  const r = render(<PlanScreen plan={plan} scroll={0} width={80} height={24} title={TITLE} />);
  await wait();
  let f = r.lastFrame()!;
  assert.ok(fits(f), f);
  assert.equal(f.split('\n').length, 23, 'a steady height: title, rule, 19 rows, status, keys');
  assert.match(f, /context "prod-eks"/);
  assert.match(f, /helm {3}Deployment \(5\): api-lb, engine/);
  assert.match(f, new RegExp(`keep data · ↓${total - 19} lines 1-19 of ${total}`));
  assert.match(f, /Tab purge plan {2}Enter choose {2}Esc back {2}q quit/);
  r.rerender(<PlanScreen plan={plan} scroll={total} width={80} height={24} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.ok(fits(f), f);
  assert.match(f, /DNS record wallaroo\.example\.com CNAME/);
  assert.match(f, new RegExp(`lines ${total - 18}-${total} of ${total}`));
  r.unmount();
});

test('the purge plan says PURGE and what it deletes; long lines wrap under their action word', async () => {
  const plan = samplePlan(true);
  const lines = planView(plan, 80);
  const i = lines.findIndex((l) => l.text.includes('PersistentVolumeClaim minio'));
  assert.equal(lines[i].word, 'delete');
  assert.equal(lines[i + 1].word, '', 'the continuation has no word of its own');
  assert.ok(lines.every((l) => (l.word !== undefined ? 9 : 0) + l.text.length <= 80), lines.map((l) => l.text).filter((t) => t.length > 71).join('\n'));
  // The data line's title wraps: it says which volumes keep their data.
  const d = lines.findIndex((l) => l.tone === 'title' && l.text.startsWith('Data: '));
  assert.match(`${lines[d].text} ${lines[d + 1].text.trim()}`, /DELETED \(--purge\) \(but 1 volume keeps its data: reclaim policy Retain\)/);
  const r = render(<PlanScreen plan={plan} scroll={0} width={80} height={24} title={TITLE} />);
  await wait();
  assert.match(r.lastFrame()!, /PURGE · /);
  assert.match(r.lastFrame()!, /mode: PURGE: data, dynamic namespaces/);
  r.unmount();
});
