import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, at, COMPLETE } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';

const { domain: _d, ...noDomain } = COMPLETE;

test('every FQDN of the chart version is previewed as the domain is typed', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', noDomain) });
  await w.waitFor('Domain suffix');
  await w.type('corp.example');
  let f = await w.waitFor('https://corp.example/v1/api');
  assert.match(f, /chart 2025\.1\.0-6290: one name, path routing/);
  assert.match(f, /keycloak\s+https:\/\/corp\.example\/auth/);
  await w.press('enter');
  await w.waitFor('Domain prefix');
  await w.type('ml');
  f = await w.waitFor('https://ml.corp.example/hub');
  assert.match(f, /dashboard\s+https:\/\/ml\.corp\.example\n/);
  await w.press('enter');
  await w.waitFor('TLS certificate');
  assert.deepEqual(toAnswersInput(w.state().answers).domain, { prefix: 'ml', suffix: 'corp.example' });
  w.unmount();
});

test('a chart before 2024.2 gets a name per service', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', { ...noDomain, chart: { channel: '2024-1', version: '2024.1.0-5000' } }) });
  await w.waitFor('Domain suffix');
  await w.type('corp.example');
  const f = await w.waitFor('https://keycloak.corp.example');
  assert.match(f, /a name per service \(before 2024\.2\)/);
  assert.match(f, /api\s+https:\/\/api\.corp\.example/);
  w.unmount();
});

test('an invalid domain shows the schema\'s message under the field and does not advance', async () => {
  const w = await renderWizard({ initial: at('domain', 'domain.suffix', noDomain) });
  await w.waitFor('Domain suffix');
  await w.type('Corp_Example'); await w.press('enter');
  const f = await w.waitFor('must be a lower-case DNS name');
  assert.match(f, /Domain suffix/);
  assert.equal(w.state().question, 'domain.suffix');
  w.unmount();
});
