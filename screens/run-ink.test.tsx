// The Ink wizard's real services (run-ink.tsx): an install that cannot even start (its logs
// folder cannot be made) ends as a failed outcome the install screen shows, not as a rejected
// promise nobody catches (which would end the process with a stack trace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realServices } from './run-ink.tsx';
import { EventBus } from '../src/flows/events.ts';
import type { WizardSetup } from '../src/wizard/setup.ts';
import type { LoadedPreset } from '../src/config/load-preset.ts';

test('startInstall failing at once: done resolves to a failure with a cause and a fix; cancel is harmless', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-ink-'));
  const home = join(dir, 'not-a-folder');
  writeFileSync(home, 'a file where the state folder should be');
  const before = process.env.WALLAROO_INSTALL_HOME;
  process.env.WALLAROO_INSTALL_HOME = home;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => { rejections.push(e); };
  process.on('unhandledRejection', onRejection);
  try {
    const services = realServices({ o: {} } as WizardSetup, async () => join(dir, 'answers.yaml'));
    const preset = { file: join(dir, 'p.yaml'), secrets: new Map(), unmaskable: new Set(), unresolved: new Set() } as unknown as LoadedPreset;
    const h = services.startInstall(preset, { ignorePreflight: [], runDir: join(dir, 'run') }, new EventBus());
    h.cancel('test');
    const o = await h.done;
    assert.equal(o.ok, false);
    if (o.ok) return;
    assert.ok(o.failure.cause.length > 0 && o.failure.fix.length > 0, JSON.stringify(o.failure));
    assert.notEqual(o.failure.exitCode, 0);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(rejections, []);
  } finally {
    process.off('unhandledRejection', onRejection);
    if (before === undefined) delete process.env.WALLAROO_INSTALL_HOME; else process.env.WALLAROO_INSTALL_HOME = before;
  }
});
