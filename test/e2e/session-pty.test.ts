// Self-test of the pty harness (test/support/pty.ts): a real tty, keys, resize, screen reading,
// and a dropped terminal that hangs up like an SSH link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../support/pty.ts';
import { scratchDir } from '../support/tools.ts';
import { VERSION } from '../../src/version.ts';

const node = (script: string) => ({ command: { file: process.execPath, args: ['-e', script] } });

test('pty: the built CLI runs in a real terminal and its output is read off the screen', async () => {
  const t = spawnCli(['--version']);
  try {
    const screen = await t.waitFor(VERSION);
    assert.match(screen.split('\n')[0], new RegExp(VERSION.replace(/\./g, '\\.')));
    assert.deepEqual(await t.exit, { code: 0 });
    assert.ok(t.bytesWritten >= VERSION.length);
  } finally { await t.close(); }
});

test('pty: a tty on both sides, CI=false, TERM, keys by name, resize', async () => {
  const t = spawnCli([], {
    cols: 80, rows: 24,
    ...node(`
      const o = process.stdout;
      o.write('tty ' + process.stdin.isTTY + ' ' + o.isTTY + ' ' + o.columns + 'x' + o.rows + ' CI=' + process.env.CI + ' TERM=' + process.env.TERM + '\\n');
      o.on('resize', () => o.write('resized ' + o.columns + 'x' + o.rows + '\\n'));
      process.stdin.setRawMode(true);
      process.stdin.on('data', (d) => {
        o.write('got ' + JSON.stringify(String(d)) + '\\n');
        if (String(d) === '\\x03') process.exit(7);
      });
    `),
  });
  try {
    await t.waitFor('tty true true 80x24 CI=false TERM=xterm-256color');
    t.press('up');
    await t.waitFor('got "\\u001b[A"');
    t.write(['enter', 'tab']); // one write: the program reads both keys at once
    await t.waitFor('got "\\r\\t"');
    t.write('abc');
    await t.waitFor('got "abc"');
    t.resize(100, 40);
    await t.waitFor('resized 100x40');
    assert.equal(t.lines().length, 40);
    t.press('ctrlC');
    assert.deepEqual(await t.exit, { code: 7 });
  } finally { await t.close(); }
});

test('pty: waitFor rejects with the screen on timeout and when the program exits first', async () => {
  const t = spawnCli([], node(`process.stdout.write('only this\\n'); setTimeout(() => {}, 400);`));
  try {
    await t.waitFor('only this');
    await assert.rejects(t.waitFor('never', 50), /timed out after 50 ms waiting for "never"; screen:\nonly this/);
    await assert.rejects(t.waitFor(/never again/), /exited .* before \/never again\/ appeared; screen:\nonly this/);
    assert.equal((await t.exit).code, 0);
  } finally { await t.close(); }
});

test('pty: kill() hangs the terminal up like a dropped SSH link (SIGHUP, then writes fail)', async () => {
  const dir = scratchDir('pty-kill');
  const log = join(dir, 'log');
  const t = spawnCli([], node(`
    const fs = require('node:fs');
    const log = (s) => fs.appendFileSync(${JSON.stringify(log)}, s + '\\n');
    process.on('SIGHUP', () => log('SIGHUP'));
    // Exit a little after the failed write: SIGHUP and the write error arrive in either order.
    process.stdout.on('error', (e) => { log('stdout ' + e.code); setTimeout(() => process.exit(0), 300); });
    process.stdout.write('ready\\n');
    setInterval(() => process.stdout.write('.'), 20);
  `));
  try {
    await t.waitFor('ready');
    t.kill();
    const exit = await t.exit;
    assert.equal(exit.code, 0, JSON.stringify(exit));
    const lines = readFileSync(log, 'utf8');
    assert.match(lines, /SIGHUP/);
    assert.match(lines, /stdout (EIO|EPIPE)/);
  } finally { await t.close(); }
});

test('pty: kill() without a handler ends the program by SIGHUP', async () => {
  const t = spawnCli([], node(`process.stdout.write('up\\n'); setInterval(() => {}, 1000);`));
  try {
    await t.waitFor('up');
    t.kill();
    assert.equal((await t.exit).signal, 'SIGHUP');
  } finally { await t.close(); }
});
