// The wizard as a whole in ink-testing-library: quitting, going back, ASCII glyphs, and every
// step within 24 rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderWizard, at, COMPLETE } from './ink-support.tsx';
import { ASCII, glyphsFor } from '../../screens/glyphs.ts';
import { toAnswersInput } from '../../src/wizard/draft.ts';
import { repoRoot } from '../support/tools.ts';

/** Waits (up to 1 s) until the wizard has reported its exit code. */
async function exitsOf(w: { exits: number[] }): Promise<void> {
  for (let i = 0; i < 50 && !w.exits.length; i++) await new Promise((r) => setTimeout(r, 20));
}

test('Ctrl-C before anything was answered in this session writes nothing (an earlier answers file stays as it was)', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix') });
  await w.waitFor('Domain suffix');
  await w.press('ctrlC');
  const f = await w.waitFor('Quit the wizard?');
  assert.match(f, /Nothing has been answered in this session yet: no answers file was written/);
  assert.deepEqual(w.saved, []);
  await w.type('y');
  await exitsOf(w);
  assert.deepEqual(w.exits, [130]);
  assert.deepEqual(w.saved, [], 'nor on the way out');
  assert.deepEqual(w.epilogues, [['Quit. Nothing was answered in this session, so no answers file was written.']]);
});

test('Ctrl-C on a question saves the answers, asks, and says where they are', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', { ...COMPLETE, domain: undefined }) });
  await w.waitFor('Domain suffix');
  await w.type('corp.example'); await w.press('enter');
  await w.waitFor('Domain prefix');
  await w.press('ctrlC');
  const f = await w.waitFor('Quit the wizard?');
  assert.match(f, /Your answers so far are saved in \/answers\/wallaroo-answers\.yaml \(no secret values\)/);
  assert.match(f, /wallaroo-install wizard --preset \/answers\/wallaroo-answers\.yaml/);
  assert.equal(w.saved.at(-1)?.note, 'saved when Ctrl-C was pressed');
  await w.type('n');
  await w.waitFor('Domain prefix');
  assert.deepEqual(w.exits, []);
  await w.press('ctrlC');
  await w.waitFor('Quit the wizard?');
  await w.type('y');
  await exitsOf(w);
  assert.deepEqual(w.exits, [130]);
  // Printed under the last frame, whole: the path to pick up from.
  assert.deepEqual(w.epilogues, [['Quit. Your answers so far are in /answers/wallaroo-answers.yaml (no secret values).', '  pick up where you left: wallaroo-install wizard --preset /answers/wallaroo-answers.yaml']]);
});

test('Esc goes back with the answer still there; a second Enter keeps it', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', { ...COMPLETE, domain: undefined }) });
  await w.waitFor('Domain suffix');
  await w.type('corp.example'); await w.press('enter');
  await w.waitFor('Domain prefix');
  await w.type('ml'); await w.press('enter');
  await w.waitFor('TLS certificate');
  await w.press('esc');
  assert.match(await w.waitFor('Domain prefix'), /❯ ml/);
  await w.press('esc');
  assert.match(await w.waitFor(/❯ corp\.example/), /Domain suffix/);
  await w.press('enter', 'enter');
  await w.waitFor('TLS certificate');
  assert.deepEqual(toAnswersInput(w.state().answers).domain, { prefix: 'ml', suffix: 'corp.example' });
});

test('LANG=C: every glyph has an ASCII stand-in', async () => {
  assert.equal(glyphsFor({ LANG: 'C' }).pointer, '>');
  assert.equal(glyphsFor({ LANG: 'en_US.UTF-8' }).pointer, '❯');
  assert.equal(glyphsFor({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }).pointer, '>', 'LC_ALL wins');
  const w = await renderWizard({ initial: at('size', 'services'), glyphs: ASCII });
  const f = await w.waitFor('[x] Inference engine');
  assert.match(f, /^> \[x\] Inference engine/m);
  assert.match(f, /wallaroo-install - step \d+ of \d+ - Size and services/);
  assert.doesNotMatch(f, /[^\x00-\x7f]/, 'nothing outside ASCII');
});

test('every step fits in 80x24 (the live region never grows taller than the terminal)', async () => {
  process.env.LINES = '24';
  const tls = join(repoRoot, 'test', 'fixtures', 'tls');
  const full = { ...COMPLETE, tls: { certFile: join(tls, 'wallaroo.crt'), keyFile: join(tls, 'wallaroo.key') },
    registries: { images: { registry: 'r.example.com:5000/w', imageValues: join(repoRoot, 'package.json'), pullSecret: { name: 'p', username: 'u', password: 'env:P' } },
      models: { registry: 'm.example.com:443', username: 'u', password: 'env:P' }, edge: { registry: 'e.example.com:443', repository: 'x', username: 'u', password: 'env:P' },
      pypi: { url: 'https://p.example.com', username: 'u', password: 'env:P' } },
    advanced: { plateauDiskSize: '50Gi', keycloakProviders: [{ id: 'sso', clientId: 'c', clientSecret: 'env:S' }], nodePools: { general: { label: { key: 'a', value: 'b' } } } } };
  const positions: [string, string][] = [['cluster', 'namespace'], ['chart', 'chart.version'], ['distribution', 'distribution'], ['ingress', 'ingress'],
    ['domain', 'domain.prefix'], ['tls', 'tls.keyFile'], ['registries', 'registries.pypi.onlyPrivate'], ['size', 'services'], ['advanced', 'advanced.helmTimeout'], ['review', '']];
  for (const [step, q] of positions) {
    const w = await renderWizard({ initial: at(step as never, q, full), settings: { env: { P: 'x', S: 'y' } } });
    await w.waitFor(/step \d+ of \d+/);
    await new Promise((r) => setTimeout(r, 100));
    const rows = w.frame().split('\n').length;
    assert.ok(rows <= 23, `${step}/${q}: ${rows} rows\n${w.frame()}`);
    w.unmount();
  }
});

test('SIGTERM: on a question the answers are saved and the wizard ends (130); during an install helm is stopped cleanly first', async () => {
  const { EventEmitter } = await import('node:events');
  const signals = new EventEmitter();
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', { ...COMPLETE, domain: undefined }), signals });
  await w.waitFor('Domain suffix');
  await w.type('corp.example'); await w.press('enter');
  await w.waitFor('Domain prefix');
  signals.emit('signal', 'SIGTERM');
  await exitsOf(w);
  assert.deepEqual(w.exits, [130]);
  assert.equal(w.saved.at(-1)?.note, 'saved on SIGTERM');

  const signals2 = new EventEmitter();
  const v = await renderWizard({ initial: at('review', ''), signals: signals2 });
  await v.waitFor('Ready: Enter installs');
  await v.press('enter');
  await v.waitFor('Ctrl-C stop the install');
  signals2.emit('signal', 'SIGTERM');
  await v.waitFor('stopping helm cleanly');
  assert.deepEqual(v.install!.cancelled, ['SIGTERM']);
  assert.deepEqual(v.exits, [], 'not before helm has stopped');
  v.install!.finish({ ok: false, logFile: '/tmp/log', failure: { code: 'E_CANCELLED', cause: 'cancelled by SIGTERM', fix: '', exitCode: 130 } });
  await exitsOf(v);
  assert.deepEqual(v.exits, [130]);
  assert.deepEqual(v.epilogues, [['Cancelled: cancelled by SIGTERM [E_CANCELLED]', '  log: /tmp/log']]);
});

test('a failed install, then q: what failed, what to do and the whole log path are printed under the last frame', async () => {
  const w = await renderWizard({ initial: at('review', '') });
  await w.waitFor('Ready: Enter installs');
  await w.press('enter');
  await w.waitFor('Ctrl-C stop the install');
  const log = `/home/admin/.wallaroo-install/logs/${'x'.repeat(90)}-install.log`;
  w.install!.finish({ ok: false, logFile: log, failure: { code: 'E_HELM_FAILED', cause: 'helm failed', fix: 'read the log', exitCode: 1 } });
  await w.waitFor('r retry');
  await w.type('q');
  await exitsOf(w);
  assert.deepEqual(w.exits, [1]);
  assert.deepEqual(w.epilogues, [['Failed: helm failed [E_HELM_FAILED]', '  next: read the log', `  log: ${log}`]]);
});

test('Ink lets go first (its own hangup handler came before ours): the answers so far are still saved, and the wizard ends cancelled', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', { ...COMPLETE, domain: undefined }) });
  await w.waitFor('Domain suffix');
  await w.type('corp.example'); await w.press('enter');
  await w.waitFor('Domain prefix');
  w.unmount();
  assert.deepEqual(w.exits, [130]);
  assert.equal(w.saved.length, 1);
  assert.equal(w.saved[0].note, 'saved when the terminal went away');
  assert.equal((w.saved[0].draft.domain as { suffix?: string } | undefined)?.suffix, 'corp.example', 'what was answered is in it');

  // A wizard that ended on its own saves nothing more when it is unmounted.
  const { EventEmitter } = await import('node:events');
  const signals = new EventEmitter();
  const v = await renderWizard({ initial: at('domain', 'domain.suffix', { ...COMPLETE, domain: undefined }), signals });
  await v.waitFor('Domain suffix');
  await v.type('corp.example'); await v.press('enter');
  await v.waitFor('Domain prefix');
  signals.emit('signal', 'SIGTERM');
  await exitsOf(v);
  v.unmount();
  assert.deepEqual(v.exits, [130]);
  assert.deepEqual(v.saved.map((s) => s.note), ['saved on SIGTERM']);

  // Nothing answered in this session: a hangup writes nothing over an earlier answers file.
  const u = await renderWizard({ initial: at('domain', 'domain.suffix') });
  await u.waitFor('Domain suffix');
  u.unmount();
  assert.deepEqual(u.exits, [130]);
  assert.deepEqual(u.saved, []);
});
