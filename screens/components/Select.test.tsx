import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Box } from 'ink';
import { Select, selectMove, windowStart } from './Select.tsx';
import { setGlyphs, UNICODE } from '../glyphs.ts';

const choices = Array.from({ length: 12 }, (_, i) => ({ value: `v${i + 1}`, label: `choice ${i + 1}`, hint: i === 0 ? 'the first' : undefined }));
const wait = (ms = 40) => new Promise((r) => setTimeout(r, ms));

test('moves stop at the ends; the window keeps the highlighted row in view', () => {
  assert.equal(selectMove(0, 12, 'up', 5), 0);
  assert.equal(selectMove(11, 12, 'down', 5), 11);
  assert.equal(selectMove(3, 12, 'pageDown', 5), 8);
  assert.equal(selectMove(3, 12, 'pageUp', 5), 0);
  assert.equal(windowStart(0, 12, 5), 0);
  assert.equal(windowStart(11, 12, 5), 7);
  assert.equal(windowStart(6, 12, 5), 4);
  assert.equal(windowStart(6, 4, 5), 0);
});

test('a long list scrolls within its height and says how many rows are hidden', async () => {
  setGlyphs(UNICODE);
  let picked = '';
  const r = render(<Select choices={choices} height={6} onSubmit={(v) => { picked = v ?? ''; }} />);
  await wait();
  let f = r.lastFrame()!;
  assert.equal(f.split('\n').length, 6, f);
  assert.match(f, /❯ 1\. choice 1\s+the first/);
  assert.match(f, /↓ 8 more/);
  for (let i = 0; i < 7; i++) { r.stdin.write('\x1b[B'); await wait(20); }
  f = r.lastFrame()!;
  assert.equal(f.split('\n').length, 6, f);
  assert.match(f, /❯ 8\. choice 8/);
  assert.match(f, /↑ 5 more/);
  r.stdin.write('\r');
  await wait();
  assert.equal(picked, 'v8');
  r.unmount();
});

test('keys that arrive in one read are each applied, and keys after Enter are not', async () => {
  let picked: string[] = [];
  const r = render(<Select choices={choices.slice(0, 4)} height={6} onSubmit={(v) => { picked.push(v ?? ''); }} />);
  await wait();
  r.stdin.write('\x1b[B\x1b[B\r\x1b[B\r');
  await wait();
  assert.deepEqual(picked, ['v3']);
  r.unmount();
});

test('a digit picks its row', async () => {
  let picked = '';
  const r = render(<Select choices={choices.slice(0, 4)} height={6} onSubmit={(v) => { picked = v ?? ''; }} />);
  await wait();
  r.stdin.write('3');
  await wait();
  assert.match(r.lastFrame()!, /❯ 3\. choice 3/);
  r.stdin.write('\r');
  await wait();
  assert.equal(picked, 'v3');
  r.unmount();
});

test('the highlighted row\'s hint, cut at this width, is shown whole under it, within the height', async () => {
  setGlyphs(UNICODE);
  const long = 'recommended: a private load balancer reachable from your network only, so Wallaroo is not on the Internet';
  const list = [
    { value: 'a', label: 'internal', hint: long },
    { value: 'b', label: 'external', hint: 'discouraged: an Internet-facing load balancer, for a public endpoint' },
    { value: 'c', label: 'none', hint: 'no load balancer: reach it with kubectl port-forward' },
  ];
  // A 50-column terminal (ink-testing-library's is 100).
  const r = render(<Box width={50}><Select choices={list} height={6} width={50} onSubmit={() => undefined} /></Box>);
  await wait();
  let f = r.lastFrame()!;
  const lines = f.split('\n');
  assert.ok(lines.length <= 6, f);
  for (const l of lines) assert.ok(l.length <= 50, `${l.length}: ${l}`);
  // Every word of the long hint is on screen, under the highlighted label; the other rows keep
  // their one-line (cut) hints.
  assert.equal(lines.slice(1).join(' ').replace(/\s+/g, ' ').includes(long.split(' ').slice(0, 12).join(' ')), true, f);
  assert.match(lines[0], /❯ 1\. internal\s*$/);
  // Moving on: the next row's hint is the whole one now; the first is one cut row again.
  r.stdin.write('\x1b[B');
  await wait();
  f = r.lastFrame()!;
  assert.ok(f.split('\n').length <= 6, f);
  assert.match(f, /1\. internal\s+recommended: a private/);
  assert.match(f, /public endpoint/);
  r.unmount();
});
