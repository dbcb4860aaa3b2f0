// The events file and following it: redacted like the log, replayed then streamed through the
// bus, ended by its last line; the followed run's failure becomes the follower's, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EventBus, FlowError, type FlowEvent } from '../../src/flows/events.ts';
import { eventsFileFor, openEventsFile, parseEventLines } from '../../src/session/events-file.ts';
import { followRun, outcomeError } from '../../src/session/follow.ts';
import { scratchDir } from '../support/tools.ts';

const line = (e: object) => JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n';

function follower() {
  const bus = new EventBus();
  const seen: FlowEvent[] = [];
  bus.on((e) => seen.push(e), 'screen');
  return { bus, seen };
}

test('the events file: every event, secrets redacted as in the log, then the exit code', () => {
  const path = eventsFileFor(join(scratchDir('events'), '2025-install.log'));
  assert.match(path, /2025-install\.events\.jsonl$/);
  const bus = new EventBus();
  bus.secret('hunter2-hunter2', true); // revealed on screen, never in files
  const f = openEventsFile(bus, path);
  bus.emit({ type: 'info', message: 'password hunter2-hunter2' });
  bus.emit({ type: 'step-started', step: 'helm', title: 'helm' });
  f.close(0);
  bus.emit({ type: 'info', message: 'after close' });
  const text = readFileSync(path, 'utf8');
  assert.ok(!text.includes('hunter2-hunter2'));
  const recs = parseEventLines(text.split('\n'));
  assert.deepEqual(recs.map((r) => (r.kind === 'event' ? r.event.type : `ended:${r.ended.exitCode}`)), ['info', 'step-started', 'ended:0']);
  assert.equal((recs[0] as any).event.message, 'password ***');
  assert.deepEqual(parseEventLines(['{"type":"info","mess', '', 'not json', '{"no":"type"}']), [], 'torn and foreign lines are skipped');
});

test('follow: replays what is there, streams what comes, ends at the last line with its code', async () => {
  const path = join(scratchDir('follow'), 'run.events.jsonl');
  writeFileSync(path, line({ type: 'run-started', command: 'install', version: '1' }) + line({ type: 'step-started', step: 'preflight', title: 'preflight' }));
  const f = follower();
  const done = followRun(f.bus, { eventsFile: path, announce: 'following' });
  await new Promise((r) => setTimeout(r, 100));
  appendFileSync(path, line({ type: 'step-finished', step: 'preflight', status: 'ok', summary: 's', ms: 1 }));
  appendFileSync(path, line({ type: 'result', result: { release: 'w' } }).slice(0, 20)); // half a line
  await new Promise((r) => setTimeout(r, 100));
  appendFileSync(path, line({ type: 'result', result: { release: 'w' } }).slice(20) + line({ type: 'run-ended', exitCode: 0 }));
  const outcome = await done;
  assert.deepEqual(outcome, { exitCode: 0, failed: undefined });
  assert.deepEqual(f.seen.map((e) => e.type), ['info', 'step-started', 'step-finished', 'result'], 'run-started is replaced by the announcement');
  assert.equal((f.seen[0] as any).message, 'following');
  assert.equal(outcomeError(outcome), undefined);
});

test('follow: the run\'s failure is held back and becomes the follower\'s error (exit code kept)', async () => {
  const path = join(scratchDir('follow'), 'run.events.jsonl');
  writeFileSync(path, line({ type: 'failed', code: 'E_CANCELLED', cause: 'cancelled by SIGINT', fix: 'run again', exitCode: 130 }) + line({ type: 'run-ended', exitCode: 130 }));
  const f = follower();
  const outcome = await followRun(f.bus, { eventsFile: path, announce: 'x' });
  assert.deepEqual(f.seen.map((e) => e.type), ['info']);
  const err = outcomeError(outcome)!;
  assert.ok(err instanceof FlowError);
  assert.equal(err.code, 'E_CANCELLED');
  assert.equal(err.exitCode, 130);
  assert.equal(outcomeError({ exitCode: 1 }, '/l.log')!.fix, 'see its log (/l.log)');
});

test('follow: a run whose process died without its last line is reported as such', async () => {
  const path = join(scratchDir('follow'), 'run.events.jsonl');
  writeFileSync(path, line({ type: 'step-started', step: 'helm', title: 'helm' }));
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const f = follower();
  await assert.rejects(followRun(f.bus, { eventsFile: path, pid: dead, logFile: '/x.log', announce: 'x' }),
    (e: FlowError) => e.code === 'E_RUN_VANISHED' && /pid \d+\) ended without recording its outcome/.test(e.cause_) && e.fix.includes('/x.log'));
  assert.deepEqual(f.seen.map((e) => e.type), ['info', 'step-started']);
});

test('follow: an abort stops following (exit 130), the run is left alone', async () => {
  const path = join(scratchDir('follow'), 'run.events.jsonl');
  writeFileSync(path, '');
  const ac = new AbortController();
  const f = follower();
  const p = followRun(f.bus, { eventsFile: path, announce: 'x' }, ac.signal);
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(p, (e: FlowError) => e.code === 'E_DETACHED' && e.exitCode === 130 && /the install goes on/.test(e.cause_));
});
