// The interactive uninstall's reducer: moves, screens, what each key does, keys typed in one read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reducer, initialState, move, splitKeys, planOf, type State, type Key } from './state.ts';
import { sampleInventory } from '../../test/support/uninstall-inventory.ts';
import { wrapText, window } from './wrap.ts';

const key = (input: string, flags: Partial<Key> = {}): Key => ({ input, ...flags });
const press = (s: State, k: Key, viewport = 10, total = 0) => reducer(s, { type: 'key', key: k, viewport, total });
const start = () => initialState({ purge: false, noHooks: false, timeoutMs: 300_000 });
const atPlan = (): State => {
  let s = reducer(start(), { type: 'contexts', contexts: ['prod-eks'] });
  s = reducer(s, { type: 'releases', releases: [{ release: 'wallaroo', namespace: 'wallaroo' }], given: { release: 'wallaroo', namespace: 'wallaroo' } });
  return reducer(s, { type: 'inventory', inventory: sampleInventory() });
};

test('moves stop at the ends; pages move by a screen less one row', () => {
  assert.equal(move(0, key('', { upArrow: true }), 5, 10, true), 0);
  assert.equal(move(4, key('', { downArrow: true }), 5, 10, true), 4);
  assert.equal(move(0, key('', { pageDown: true }), 100, 20, false), 19);
  assert.equal(move(90, key('', { pageDown: true }), 100, 20, false), 80, 'a scroll stops when the last row is at the bottom');
  assert.equal(move(50, key('', { home: true }), 100, 20, false), 0);
  assert.equal(move(0, key('G'), 100, 20, false), 80);
  assert.equal(move(3, key('k'), 10, 5, true), 2);
});

test('one context and a given release go straight to the plan; several contexts are asked for', () => {
  assert.equal(atPlan().screen.name, 'plan');
  const many = reducer(start(), { type: 'contexts', contexts: ['dev', 'prod-eks'], current: 'prod-eks' });
  assert.deepEqual(many.screen, { name: 'context', cursor: 1 });
  const picked = press(many, key('', { return: true }));
  assert.equal(picked.context, 'prod-eks');
  assert.equal(picked.job?.kind, 'releases');
});

test('plan: Tab switches to the purge plan and back; Enter goes to the choice with the mode highlighted', () => {
  let s = atPlan();
  s = press(s, key('', { tab: true }));
  assert.equal(s.mode, 'purge');
  assert.equal(planOf(s)!.mode, 'purge');
  s = press(s, key('', { return: true }));
  assert.deepEqual(s.screen, { name: 'choice', cursor: 1 });
  s = press(s, key('1'));
  assert.deepEqual(s.screen, { name: 'choice', cursor: 0 });
  const run = press(s, key('', { return: true }));
  assert.equal(run.screen.name, 'progress');
  assert.equal(run.mode, 'keep');
  assert.equal(run.job?.kind, 'execute');
});

test('purge asks for the release name; a wrong one is refused, Backspace edits, the right one runs', () => {
  let s = press(atPlan(), key('', { return: true }));
  s = press(press(s, key('2')), key('', { return: true }));
  assert.deepEqual(s.screen, { name: 'confirm', typed: '' });
  for (const k of splitKeys(key('wallarooo\r'))) s = press(s, k);
  assert.equal(s.screen.name, 'confirm');
  assert.match((s.screen as { error?: string }).error!, /"wallarooo" is not the release name/);
  assert.equal(s.job, undefined, 'nothing runs');
  for (const k of splitKeys(key('\x7f\r'))) s = press(s, k);
  assert.equal(s.screen.name, 'progress');
  assert.equal(s.mode, 'purge');
  assert.equal(s.job?.kind, 'execute');
  const esc = press({ ...s, screen: { name: 'confirm', typed: 'x' } }, key('', { escape: true }));
  assert.deepEqual(esc.screen, { name: 'choice', cursor: 1 });
});

test('keys typed in one read are split back into the keys they were', () => {
  assert.deepEqual(splitKeys(key('wallaroo\r')), [key('wallaroo'), { input: '', return: true }]);
  assert.deepEqual(splitKeys(key('ab\x7fc\t')), [key('ab'), { input: '', backspace: true }, key('c'), { input: '', tab: true }]);
  assert.deepEqual(splitKeys(key('x')), [key('x')]);
});

test('Ctrl-C: leaves before anything runs (130); stops a run (then leaves on a second one); a failed hook answers stop', () => {
  const quit = press(atPlan(), key('c', { ctrl: true }));
  assert.equal(quit.exit, 130);
  assert.equal(quit.outcome?.error?.code, 'E_CANCELLED');
  const running: State = { ...atPlan(), screen: { name: 'progress' }, job: { kind: 'execute' } };
  const stopping = press(running, key('c', { ctrl: true }));
  assert.equal(stopping.progress.stopping, true);
  assert.equal(stopping.exit, undefined);
  assert.equal(press(stopping, key('c', { ctrl: true })).exit, 130);
  const hook = reducer(running, { type: 'hook-failed', failure: { job: 'wallaroo-uninstall', namespace: 'wallaroo', reason: 'Failed', logTail: [] } });
  assert.equal(hook.screen.name, 'hook-failed');
  const stopped = press(hook, key('c', { ctrl: true }));
  assert.equal(stopped.hookChoice, 'stop');
  assert.equal(stopped.progress.stopping, true);
  const retry = press(press(hook, key('2')), key('', { return: true }));
  assert.equal(retry.hookChoice, 'no-hooks');
  assert.equal(retry.screen.name, 'progress');
});

test('Esc walks back: plan → release → context; q quits from any question', () => {
  let s = reducer(start(), { type: 'contexts', contexts: ['dev', 'prod-eks'], current: 'prod-eks' });
  s = press(s, key('', { return: true }));
  s = reducer(s, { type: 'releases', releases: [{ release: 'a', namespace: 'x' }, { release: 'wallaroo', namespace: 'wallaroo' }] });
  s = press(press(s, key('', { downArrow: true })), key('', { return: true }));
  s = reducer(s, { type: 'inventory', inventory: sampleInventory() });
  s = press(s, key('', { escape: true }));
  assert.deepEqual(s.screen, { name: 'release', cursor: 1 });
  s = press(s, key('', { escape: true }));
  assert.deepEqual(s.screen, { name: 'context', cursor: 1 });
  assert.equal(press(s, key('q')).exit, 130);
});

test('an install holding the lock leaves only Cancel', () => {
  let s = reducer(atPlan(), { type: 'inventory', inventory: sampleInventory({ installRunning: { cause: 'running', fix: 'wait' } }) });
  s = press(s, key('', { return: true }));
  assert.deepEqual(s.screen, { name: 'choice', cursor: 2 });
  const keep = press(press(s, key('1')), key('', { return: true }));
  assert.equal(keep.screen.name, 'choice', 'Keep data cannot be chosen');
  assert.equal(keep.job, undefined);
});

test('the result screen scrolls and ends with the outcome\'s exit code', () => {
  const done = reducer(atPlan(), { type: 'finished', outcome: { exitCode: 1, error: { code: 'E_LEFTOVERS', cause: 'x', fix: 'y' } } });
  assert.equal(press(done, key('', { pageDown: true }), 5, 30).screen.name, 'result');
  assert.equal(press(done, key('', { return: true })).exit, 1);
});

test('text wraps to the width with an indent; long words are cut; windows clamp', () => {
  assert.deepEqual(wrapText('aaa bbb ccc', 8, 2), ['aaa bbb', '  ccc']);
  assert.deepEqual(wrapText('x'.repeat(25), 10), ['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
  assert.deepEqual(window([1, 2, 3, 4, 5], 10, 2), { shown: [4, 5], above: 3, below: 0 });
});
