import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { Key } from 'ink';
import { TextField, editText } from './TextField.tsx';

const key = (k: Partial<Key> = {}) => ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...k }) as Key;
const wait = (ms = 40) => new Promise((r) => setTimeout(r, ms));
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('editing: insert at the cursor, move, delete, kill to start and end, delete a word', () => {
  let s = { text: 'wallaroo.example', cursor: 8 };
  s = editText(s, 'X', key())!;
  assert.deepEqual(s, { text: 'wallarooX.example', cursor: 9 });
  s = editText(s, '', key({ backspace: true }))!;
  assert.deepEqual(s, { text: 'wallaroo.example', cursor: 8 });
  s = editText(s, '', key({ delete: true }))!;
  assert.deepEqual(s, { text: 'wallarooexample', cursor: 8 });
  assert.deepEqual(editText(s, 'u', key({ ctrl: true })), { text: 'example', cursor: 0 });
  assert.deepEqual(editText(s, 'k', key({ ctrl: true })), { text: 'wallaroo', cursor: 8 });
  assert.deepEqual(editText({ text: '/tmp/certs/a.crt', cursor: 16 }, 'w', key({ ctrl: true })), { text: '/tmp/certs/', cursor: 11 });
  assert.deepEqual(editText(s, '', key({ home: true })), { text: s.text, cursor: 0 });
  assert.equal(editText(s, '', key({ upArrow: true })), undefined, 'not an edit');
});

test('control keys inside one read are applied in order, and pasted control characters are dropped', () => {
  assert.deepEqual(editText({ text: 'old', cursor: 3 }, '\x15new', key()), { text: 'new', cursor: 3 });
  assert.deepEqual(editText({ text: 'ab', cursor: 2 }, 'c\x7f\x7fd', key()), { text: 'ad', cursor: 2 });
  assert.deepEqual(editText({ text: '', cursor: 0 }, 'a\x1bb', key()), { text: 'ab', cursor: 2 });
});

test('a secret is shown masked and submitted as typed', async () => {
  let got = '';
  const r = render(<TextField initial="" mask onSubmit={(t) => { got = t; }} />);
  await wait();
  r.stdin.write('hunter2-license');
  await wait();
  const f = plain(r.lastFrame()!);
  assert.ok(!f.includes('hunter2'), f);
  assert.match(f, /\*{15}/);
  r.stdin.write('\r');
  await wait();
  assert.equal(got, 'hunter2-license');
  r.unmount();
});

test('Tab completes to the common prefix and lists the candidates', async () => {
  const r = render(<TextField initial="corp" complete={(t) => ({ text: 'corp-wildcard-', candidates: ['corp-wildcard-a', 'corp-wildcard-b'] })} onSubmit={() => {}} />);
  await wait();
  r.stdin.write('\t');
  await wait();
  const f = plain(r.lastFrame()!);
  assert.match(f, /❯ corp-wildcard-/);
  assert.match(f, /corp-wildcard-a {2}corp-wildcard-b/);
  r.unmount();
});

test('an example (placeholder) without colours or styles (NO_COLOR) is written as "(e.g. …)", never like a typed value', async () => {
  const before = process.env.FORCE_COLOR;
  try {
    process.env.FORCE_COLOR = '0';
    const r = render(<TextField initial="" placeholder="wallaroo" onSubmit={() => {}} />);
    await wait();
    assert.match(plain(r.lastFrame() ?? ''), /\(e\.g\. wallaroo\)/);
    r.unmount();
    delete process.env.FORCE_COLOR;
    const c = render(<TextField initial="" placeholder="wallaroo" onSubmit={() => {}} />);
    await wait();
    assert.doesNotMatch(plain(c.lastFrame() ?? ''), /e\.g\./);
    c.unmount();
  } finally {
    if (before === undefined) delete process.env.FORCE_COLOR; else process.env.FORCE_COLOR = before;
  }
});
