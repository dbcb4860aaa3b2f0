// The terminal going away: SIGHUP or a failed write detaches the screens, the log carries on;
// any other stream error still reaches whoever listened before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { EventBus, type FlowEvent } from '../../src/flows/events.ts';
import { keepRunningWhenTerminalGoes } from '../../src/session/terminal.ts';

function setup() {
  const bus = new EventBus();
  const screen: FlowEvent[] = [];
  const log: FlowEvent[] = [];
  const off = bus.on((e) => screen.push(e), 'screen');
  bus.on((e) => log.push(e), 'log');
  const proc = new EventEmitter();
  const out = new EventEmitter();
  const err = new EventEmitter();
  const before: Error[] = [];
  out.on('error', (e: Error) => before.push(e));
  let goneWith: string | undefined;
  const watch = keepRunningWhenTerminalGoes(bus, { screens: [off], streams: [out, err], proc, logFile: '/tmp/run.log', onGone: (r) => { goneWith = r; } });
  return { bus, screen, log, proc, out, err, before, watch, gone: () => goneWith };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

test('SIGHUP: no longer ends the process; the screens stay until a write to the terminal fails', () => {
  const s = setup();
  s.bus.emit({ type: 'info', message: 'before' });
  s.proc.emit('SIGHUP');
  assert.equal(s.watch.goneReason, undefined, 'output redirected to a file keeps flowing');
  assert.match((s.screen.at(-1) as any).message, /SIGHUP received \(the terminal hung up\): carrying on/);
  s.out.emit('error', errno('EIO')); // the hung-up terminal refuses that line
  s.bus.emit({ type: 'info', message: 'after' });
  assert.deepEqual(s.screen.map((e) => (e as any).message).filter((m) => !m.startsWith('SIGHUP')), ['before']);
  const msgs = s.log.map((e) => (e as any).message);
  assert.equal(msgs[0], 'before');
  assert.match(msgs[2], /the terminal went away \(EIO on terminal\): carrying on without a screen; this log \(\/tmp\/run\.log\) continues/);
  assert.equal(msgs[3], 'after');
  assert.equal(s.watch.goneReason, 'EIO on terminal');
  assert.equal(s.gone(), 'EIO on terminal');
  assert.deepEqual(s.before, [], 'the old error listener is not called for a lost terminal');
  assert.equal(s.proc.listenerCount('SIGHUP'), 1);
  s.watch.dispose();
  assert.equal(s.proc.listenerCount('SIGHUP'), 1, 'after it went, a late SIGHUP is still ignored');
  assert.doesNotThrow(() => s.err.emit('error', errno('EBADF')), 'and late write errors are swallowed');
});

for (const code of ['EIO', 'EPIPE']) {
  test(`${code} on a write: the terminal went away; later errors are swallowed, even after dispose`, () => {
    const s = setup();
    s.err.emit('error', errno(code));
    assert.equal(s.watch.goneReason, `${code} on terminal`);
    assert.deepEqual(s.before, [], 'the old listener (main.ts exits on EPIPE) is not called');
    s.watch.dispose();
    assert.doesNotThrow(() => s.out.emit('error', errno('ERR_STREAM_DESTROYED')));
    assert.doesNotThrow(() => s.out.emit('error', errno('EBADF')));
  });
}

test('other errors reach the listeners that were there; dispose puts them back', () => {
  const s = setup();
  s.out.emit('error', errno('EBADF'));
  assert.equal(s.before.length, 1);
  assert.equal(s.watch.goneReason, undefined);
  assert.throws(() => s.err.emit('error', errno('EBADF')), /EBADF/, 'no listener before: thrown as before');
  s.watch.dispose();
  assert.equal(s.out.listenerCount('error'), 1);
  assert.equal(s.err.listenerCount('error'), 0);
  assert.equal(s.proc.listenerCount('SIGHUP'), 0);
  s.out.emit('error', errno('EPIPE'));
  assert.equal(s.before.length, 2, 'after dispose, the old behaviour is back');
});
