import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { wizardMode } from '../../src/wizard/mode.ts';
import { presetStart } from '../../src/wizard/entry.ts';
import { valuesDiff } from '../../src/wizard/diff.ts';
import { scratchDir } from '../support/tools.ts';

test('the face: no TTY on either side → none; TERM=dumb or --plain → plain; else Ink', () => {
  assert.equal(wizardMode(true, false, {}, false), 'no-tty', 'stdout piped: the user would type blind');
  assert.equal(wizardMode(false, true, {}, false), 'no-tty', 'stdin not a terminal: no keys to read');
  assert.equal(wizardMode(undefined, undefined, {}, true), 'no-tty', '--plain needs a terminal too');
  assert.equal(wizardMode(true, true, { TERM: 'dumb' }, false), 'plain');
  assert.equal(wizardMode(true, true, { TERM: 'xterm-256color' }, true), 'plain');
  assert.equal(wizardMode(true, true, { TERM: 'xterm-256color', CI: 'true' }, false), 'ink', 'CI=true in a real terminal is still a terminal');
});

test('a preset: complete, partial (opens the wizard, relative paths made absolute), or unusable', () => {
  const dir = scratchDir('entry');
  const write = (name: string, body: string) => { const p = join(dir, name); writeFileSync(p, body); return p; };
  writeFileSync(join(dir, 'w.tgz'), gzipSync('not really a chart'));
  const complete = write('c.yaml', 'apiVersion: wallaroo-install/v1\nchart: {archive: ./w.tgz}\ndistribution: eks\ndomain: {suffix: example.com}\n');
  assert.equal(presetStart(complete, {}, '/').kind, 'complete');
  const partial = write('p.yaml', 'chart: {archive: ./w.tgz}\nregistries: {models: {registry: m.example.com:443, username: u, password: "file:./pw"}}\n');
  const p = presetStart(partial, {}, '/');
  assert.equal(p.kind, 'partial', JSON.stringify(p));
  if (p.kind === 'partial') {
    assert.equal((p.draft.chart as { archive: string }).archive, join(dir, 'w.tgz'));
    assert.equal((p.draft.registries as any).models.password, `file:${join(dir, 'pw')}`);
  }
  for (const [body, code] of [['distribuion: eks\n', 'E_UNKNOWN_KEY'], ['a: [\n', 'E_YAML'], ['- a\n- b\n', 'E_PRESET_SHAPE'], ['apiVersion: wallaroo-install/v9\n', 'E_API_VERSION']] as const) {
    const r = presetStart(write('u.yaml', body), {}, '/');
    assert.equal(r.kind, 'unusable', body);
    if (r.kind === 'unusable') assert.deepEqual([...new Set(r.problems.map((x) => x.code))], [code]);
  }
  assert.equal(presetStart(join(dir, 'missing.yaml'), {}, '/').kind, 'unusable');
});

test('the upgrade diff: added, changed, removed; secret values never shown', () => {
  const d = valuesDiff(
    { a: 1, tls: { custTlsKey: 'KEYDATA' }, privatePypi: { password: 'pw-old' }, gone: { x: 'y' }, same: [1, 2] },
    { a: 2, tls: { custTlsKey: 'OTHERKEY' }, privatePypi: { password: 'pw-new' }, added: 'z', same: [1, 2], token: 'literal-secret' },
    ['literal-secret'],
  );
  assert.deepEqual(d, [
    { key: 'a', kind: 'changed', from: '1', to: '2' },
    { key: 'added', kind: 'added', to: 'z' },
    { key: 'gone.x', kind: 'removed', from: 'y' },
    { key: 'privatePypi.password', kind: 'changed', from: '(secret)', to: '(secret)' },
    { key: 'tls.custTlsKey', kind: 'changed', from: '(secret)', to: '(secret)' },
    { key: 'token', kind: 'added', to: '(secret)' },
  ]);
});
