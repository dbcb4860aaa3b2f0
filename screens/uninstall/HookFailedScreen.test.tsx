import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { HookFailedScreen } from './HookFailedScreen.tsx';
import { TITLE, fits, wait } from './testing.ts';

test('the failed hook Job, why, its last log lines, and the three ways on', async () => {
  const hook = { job: 'wallaroo-uninstall', namespace: 'wallaroo', reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit', logTail: Array.from({ length: 30 }, (_, i) => `line ${i + 1}: error: migration failed`) };
  const r = render(<HookFailedScreen hook={hook} cursor={1} width={80} height={24} title={TITLE} />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /The uninstall hook failed: job wallaroo-uninstall in namespace wallaroo\s+\(BackoffLimitExceeded/);
  assert.match(f, /Nothing\s+else has been deleted\./);
  assert.match(f, /line 30: error: migration failed/, 'the last lines, not the first');
  assert.doesNotMatch(f, /line 1: /);
  assert.match(f, /1\. Retry the hook/);
  assert.match(f, /❯ 2\. Continue without the hook \(--no-hooks\)/);
  assert.match(f, /3\. Stop here/);
  assert.match(f, /kubectl logs --namespace wallaroo job\/wallaroo-uninstall/);
  assert.ok(fits(f), f);
  r.unmount();
});

test('log lines from the cluster cannot drive the terminal: control characters are shown escaped', async () => {
  const hook = { job: 'wallaroo-uninstall', namespace: 'wallaroo', reason: 'Failed', logTail: ['\x1b[2Jcleared?\x07 \u202eevil'] };
  const r = render(<HookFailedScreen hook={hook} cursor={0} width={80} height={24} title={TITLE} />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /\\e\[2Jcleared\?\\x07 \\u202eevil/);
  assert.ok(!f.includes('\x1b[2J'));
  r.unmount();
});
