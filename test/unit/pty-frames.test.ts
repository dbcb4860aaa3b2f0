// The pty harness reads the screen as a terminal shows it: a frame inside a synchronized update
// (DEC mode 2026, how Ink writes) is not looked at until its end marker, so a read that splits a
// frame can never satisfy a wait with half of it. CI once matched such a torn frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnCli } from '../support/pty.ts';

const program = (body: string) => ({ file: process.execPath, args: ['-e', body] });

test('a frame split across writes is seen only whole: the wait resolves after its end marker', async () => {
  // The first half of the frame, then 300 ms, then the rest and the end marker.
  const t = spawnCli([], { command: program(String.raw`
    const w = (s) => process.stdout.write(s);
    w('\x1b[?2026hfirst half\r\n');
    setTimeout(() => { w('second half\r\n\x1b[?2026l'); setTimeout(() => {}, 2000); }, 300);
  `) });
  try {
    const screen = await t.waitFor('first half', 5000);
    assert.match(screen, /second half/, 'the wait resolved mid-frame');
  } finally { await t.close(); }
});

test('an end marker split across two reads still ends the frame', async () => {
  const t = spawnCli([], { command: program(String.raw`
    const w = (s) => process.stdout.write(s);
    w('\x1b[?2026hframe\r\n\x1b[?20');
    setTimeout(() => { w('26l'); setTimeout(() => w('after\r\n'), 200); setTimeout(() => {}, 2000); }, 200);
  `) });
  try {
    const started = Date.now();
    const screen = await t.waitFor('frame', 5000);
    assert.ok(Date.now() - started < 900, 'resolved by the end marker, not by the one-second fallback');
    assert.doesNotMatch(screen, /after/);
  } finally { await t.close(); }
});

test('a frame never ended is looked at after a second, as terminals do', async () => {
  const t = spawnCli([], { command: program(String.raw`
    process.stdout.write('\x1b[?2026hstuck\r\n'); setTimeout(() => {}, 3000);
  `) });
  try {
    const started = Date.now();
    await t.waitFor('stuck', 5000);
    assert.ok(Date.now() - started >= 900);
  } finally { await t.close(); }
});

test('two reads parsed in one pass (a whole frame, then half of the next): the half is never matched', async () => {
  // The emulator parses on a timer: a frame that ends and the first half of the next, read
  // apart but parsed together, once gave the first read's "frame ended" to a screen holding the
  // half (24 of 40 runs before the fix). 20 runs, the gap between the writes varied.
  let torn = 0;
  for (let i = 0; i < 20; i++) {
    const t = spawnCli([], { command: program(String.raw`
      const w = (s) => process.stdout.write(s);
      setTimeout(() => {
        w('\x1b[?2026hframe A\r\n\x1b[?2026l');
        const t0 = process.hrtime.bigint(); while (process.hrtime.bigint() - t0 < ${100 + (i % 8) * 60}000n) {}
        w('\x1b[?2026hB first half\r\n');
        setTimeout(() => { w('B second half\r\n\x1b[?2026l'); setTimeout(() => {}, 500); }, 300);
      }, 150);
    `) });
    try {
      const screen = await t.waitFor('B first half', 5000);
      if (!/B second half/.test(screen)) torn++;
    } finally { await t.close(); }
  }
  assert.equal(torn, 0, `${torn} of 20 waits matched half a frame`);
});
