import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at, COMPLETE } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';

const nodes = (cores: number, size?: 8 | 16 | 32) => clusterFacts({ nodes: { state: 'ok', value: { count: 3, detection: { distribution: 'eks', reason: 'x' }, size: { size, cores, reason: `3 nodes with ${cores} allocatable cores in total` } } } });

test('the size suggested from the allocatable CPU is the default, with the reason', async () => {
  const w = await renderWizard({ initial: at('size', 'size'), facts: nodes(20, 16) });
  const f = await w.waitFor('suggested 16');
  assert.match(f, /❯ 2\. 16 cores\s+11 of 11 sized services · suggested/);
  assert.match(f, /3 nodes with 20 allocatable cores in total/);
  assert.match(f, /1\. 8 cores\s+6 of 11 sized services · below 16, services are turned off/);
  w.unmount();
});

test('the services table: the sizing table per size, toggles with their dependencies explained', async () => {
  const w = await renderWizard({ initial: at('size', 'services', { ...COMPLETE, size: 16 }) });
  let f = await w.waitFor('Inference engine');
  assert.match(f, /service\s+8\s+16\s+32\s+\(size 16\)/);
  assert.match(f, /◉ JupyterHub: multiple labs\s+✘\s+✔\s+✔/);
  // Down to nats (row 12): turning it off turns off what needs it, and says so.
  for (let i = 0; i < 11; i++) await w.press('down');
  await w.waitFor(/❯ ◉ NATS message bus/);
  await w.press('space');
  f = await w.waitFor('orchestration and wsProxy need nats: turned them off too');
  assert.match(f, /◯ Orchestration \(runs uploaded code\)[^\n]*off \(changed\)/);
  // orchestration back on: nats comes back with it.
  await w.press('down', 'down', 'space');
  await w.waitFor('orchestration needs nats and arbEx: turned nats on too');
  await w.press('down', 'down', 'space');
  f = await w.waitFor('need an edge OCI registry');
  assert.match(f, /◉ Pipelines|◯ Pipelines/);
  // The refusal is wrapped whole, never cut: it says what to do.
  assert.match(f.replace(/\s*\n\s*/g, ' '), /need an edge OCI registry: add one in the Registries step \(Esc goes back\), then turn this on/);
  assert.doesNotMatch(f, /…/);
  await w.press('enter');
  await w.waitFor('Advanced settings');
  assert.deepEqual(toAnswersInput(w.state().answers).services, { wsProxy: false });
  w.unmount();
});

test('at 80x24 the table scrolls inside the screen', async () => {
  const w = await renderWizard({ initial: at('size', 'services', { ...COMPLETE, size: 32 }) });
  const f = await w.waitFor('Inference engine');
  assert.ok(f.split('\n').length <= 23, `${f.split('\n').length} rows:\n${f}`);
  assert.match(f, /↓ \d+ more/);
  w.unmount();
});

test('a preset with a broken dependency opens here with the rule named', async () => {
  const w = await renderWizard({ initial: at('size', 'services', { ...COMPLETE, services: { orchestration: true, nats: false } }) });
  const f = await w.waitFor('Inference engine');
  assert.match(f, /⚠/);
  await w.press('enter');
  assert.match(await w.waitFor(/orchestration needs nats and arbEx, but nats is off/), /Services/);
  assert.equal(w.state().question, 'services');
  w.unmount();
});
