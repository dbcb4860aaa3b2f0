import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderWizard, clusterFacts, at } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';
import { repoRoot, scratchDir } from '../test/support/tools.ts';
import { haveOpenssl, makeCert } from '../test/wizard/certs.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'tls');

test('an existing TLS Secret: the names found in the namespace, Tab completes them, a missing one warns', async () => {
  const w = await renderWizard({ initial: at('tls', 'tlsMode'), facts: clusterFacts({ tlsSecrets: { state: 'ok', value: ['corp-wildcard', 'wallaroo-tls'] } }) });
  await w.waitFor('TLS certificate');
  await w.press('down', 'enter');
  assert.match(await w.waitFor('TLS Secret name'), /TLS Secrets in wallaroo: corp-wildcard, wallaroo-tls/);
  await w.type('co'); await w.press('tab');
  await w.waitFor(/❯ corp-wildcard/);
  await w.press('enter');
  await w.waitFor('Where do the Wallaroo images come from?');
  assert.deepEqual(toAnswersInput(w.state().answers).tls, { secret: 'corp-wildcard' });
  await w.press('esc');
  await w.waitFor('TLS Secret name');
  await w.press('ctrlU'); await w.type('not-there');
  assert.match(await w.waitFor(/not-there is not in wallaroo/), /PF_SECRET_EXISTS/);
  w.unmount();
});

test('certificate and key files are checked as they are typed: readable, PEM, key matches, covers the domain', async () => {
  const w = await renderWizard({ initial: at('tls', 'tlsMode') });
  await w.waitFor('TLS certificate');
  await w.press('down', 'down', 'enter');
  await w.waitFor('Certificate file');
  await w.type(join(fixtures, 'nope.crt'));
  await w.waitFor(/nope\.crt cannot be (read|used): no such file/);
  await w.press('ctrlU'); await w.type(join(repoRoot, 'package.json'));
  await w.waitFor('is not a PEM certificate');
  await w.press('ctrlU'); await w.type(join(fixtures, 'other.crt'));
  await w.waitFor(/does not cover wallaroo\.example\.com/);
  await w.press('ctrlU'); await w.type(join(fixtures, 'wallaroo.crt'));
  await w.waitFor(/certificate for wallaroo\.example\.com, \*\.wallaroo\.example\.com; valid until \d{4}-\d\d-\d\d/);
  await w.press('enter');
  await w.waitFor('Private key file');
  await w.type(join(fixtures, 'other.key'));
  await w.waitFor('does not belong to the certificate');
  await w.press('enter');
  assert.equal(w.state().question, 'tls.keyFile', 'a key that does not match does not advance');
  await w.press('ctrlU'); await w.type(join(fixtures, 'wallaroo.key'));
  await w.waitFor('the key matches');
  await w.press('enter');
  await w.waitFor('Where do the Wallaroo images come from?');
  assert.deepEqual(toAnswersInput(w.state().answers).tls, { certFile: join(fixtures, 'wallaroo.crt'), keyFile: join(fixtures, 'wallaroo.key') });
  w.unmount();
});

test('a certificate that expires within 30 days warns', { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
  const dir = scratchDir('tls-soon');
  const soon = makeCert(dir, 'soon', 'wallaroo.example.com', 10);
  const w = await renderWizard({ initial: at('tls', 'tlsMode') });
  await w.waitFor('TLS certificate');
  await w.press('down', 'down', 'enter');
  await w.waitFor('Certificate file');
  await w.type(soon.cert);
  assert.match(await w.waitFor(/the certificate expires on \d{4}-\d\d-\d\d/), /⚠/);
  await w.press('enter');
  await w.type(soon.key); await w.press('enter');
  await w.waitFor('Where do the Wallaroo images come from?');
  w.unmount();
});
