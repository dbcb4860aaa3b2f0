import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ProgressScreen } from './ProgressScreen.tsx';
import { setGlyphs, ASCII, UNICODE } from './glyphs.ts';
import { TITLE, fits, wait } from './testing.ts';

test('finished steps one line each, the running one with a spinner, what it waits on, the last removals', async () => {
  setGlyphs(UNICODE);
  const progress = {
    steps: [
      { step: 'uninstall-keep', title: 'data: marking 1 claim', status: 'ok' as const, summary: 'helm will keep plateau-managed-disk' },
      { step: 'uninstall-helm', title: 'helm: uninstall of release wallaroo (the uninstall hook runs first)' },
    ],
    waiting: [{ kind: 'job', name: 'wallaroo-uninstall', reason: 'uninstall hook running (1 active)' }],
    recent: ['kept PersistentVolumeClaim/plateau-managed-disk (wallaroo)'], removed: 0, stopping: false,
  };
  const r = render(<ProgressScreen progress={progress} width={80} height={24} title={TITLE} />);
  await wait();
  let f = r.lastFrame()!;
  assert.match(f, /✔ keep: helm will keep plateau-managed-disk/);
  assert.match(f, /helm: uninstall of release wallaroo \(the uninstall hook runs first\)/);
  assert.match(f, /job\/wallaroo-uninstall: uninstall hook running \(1 active\)/);
  assert.match(f, /0 objects removed so far/);
  assert.match(f, /Ctrl-C stop/);
  assert.ok(fits(f));
  r.rerender(<ProgressScreen progress={{ ...progress, stopping: true }} width={80} height={24} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.match(f, /stopping: helm gets time to finish cleanly; Ctrl-C again quits at once/);
  r.unmount();
});

test('many waiting items stay within 80x24 (ASCII marks under LANG=C)', async () => {
  setGlyphs(ASCII);
  const progress = {
    steps: ['keep', 'helm', 'cleanup'].map((s) => ({ step: `uninstall-${s}`, title: s, status: 'ok' as const, summary: `${s} done` })).concat([{ step: 'uninstall-verify', title: 'verify: waiting up to 300s', status: undefined as never, summary: undefined as never }]),
    waiting: Array.from({ length: 40 }, (_, i) => ({ kind: 'namespace', name: `task-${i}`, reason: 'namespace stuck Terminating: Discovery failed for some groups' })),
    recent: ['deleted Namespace/task-1', 'deleted Namespace/task-2', 'deleted Namespace/task-3'], removed: 57, stopping: false,
  };
  const r = render(<ProgressScreen progress={progress} width={80} height={24} title={TITLE} />);
  try { // a failed assertion must not leave Ink (and its spinner timer) holding the test process open
    await wait();
    const f = r.lastFrame()!;
    assert.ok(fits(f), f);
    assert.match(f, /^\+ keep: keep done$/m); // the wizard's ASCII check mark
    assert.match(f, /^ +\.\.\. and \d+ more$/m, 'ASCII only under LANG=C');
    assert.match(f, /57 objects removed so far/);
  } finally {
    r.unmount();
    setGlyphs(UNICODE);
  }
});
