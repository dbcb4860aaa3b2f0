import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderWizard, at } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';
import { repoRoot } from '../test/support/tools.ts';

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('Replicated: channel and version are required; the license ID is masked and only its source is kept', async () => {
  const w = await renderWizard({ initial: at('chart', 'chartSource', {}) });
  await w.waitFor('Where does the Wallaroo chart come from?');
  await w.press('enter');
  await w.waitFor('Release channel');
  await w.press('enter');
  assert.match(await w.waitFor('enter the channel from your license'), /Release channel/);
  await w.type('2025-1'); await w.press('enter');
  await w.type('2025.1.0-6290'); await w.press('enter');
  await w.waitFor('License email');
  await w.type('admin@example.com'); await w.press('enter');
  await w.waitFor('License ID');
  await w.type('LIC-secret-123456');
  const masked = plain(w.frame());
  assert.ok(!masked.includes('LIC-secret'), masked);
  assert.match(masked, /\*{17}/);
  await w.press('enter');
  const f = await w.waitFor('Where a replay reads license id from');
  assert.match(f, /License ID: \*{8} \(typed\)/);
  assert.match(plain(f), /env:WALLAROO_LICENSE_ID/);
  await w.press('enter');
  await w.waitFor('Kubernetes distribution');
  const a = toAnswersInput(w.state().answers);
  assert.deepEqual(a.chart, { channel: '2025-1', version: '2025.1.0-6290', login: { username: 'admin@example.com', password: 'env:WALLAROO_LICENSE_ID' } });
  assert.equal(w.state().secrets['chart.login.password'], 'LIC-secret-123456');
  w.unmount();
});

test('an OCI reference must start with oci://; the login is asked only when needed', async () => {
  const w = await renderWizard({ initial: at('chart', 'chartSource', {}) });
  await w.waitFor('Where does the Wallaroo chart come from?');
  await w.press('down', 'enter');
  await w.waitFor('Chart reference');
  await w.type('https://example.com/chart'); await w.press('enter');
  await w.waitFor('must be an OCI chart reference');
  await w.press('ctrlU');
  await w.type('oci://mirror.example.com/wallaroo/wallaroo'); await w.press('enter');
  await w.type('2025.1.0-6290'); await w.press('enter');
  await w.waitFor('Does the registry need a login?');
  await w.press('enter');
  await w.waitFor('Kubernetes distribution');
  assert.deepEqual(toAnswersInput(w.state().answers).chart, { ref: 'oci://mirror.example.com/wallaroo/wallaroo', version: '2025.1.0-6290' });
  w.unmount();
});

test('a local archive: Tab completes the path, a missing file stops with the loader\'s message', async () => {
  const w = await renderWizard({ initial: at('chart', 'chartSource', {}), settings: { cwd: join(repoRoot, 'test', 'fixtures') } });
  await w.waitFor('Where does the Wallaroo chart come from?');
  await w.press('down', 'down', 'enter');
  await w.waitFor('Chart archive');
  await w.type('./missing.tgz'); await w.press('enter');
  await w.waitFor(/the chart archive .*missing\.tgz does not exist/);
  await w.press('ctrlU');
  await w.type('./tl'); await w.press('tab');
  assert.match(plain(await w.waitFor('./tls/')), /❯ \.\/tls\//);
  await w.press('tab');
  assert.match(await w.waitFor('other.crt'), /other\.crt {2}other\.key {2}wallaroo\.crt {2}wallaroo\.key/);
  w.unmount();
});
