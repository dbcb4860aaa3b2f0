import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, at } from '../test/wizard/ink-support.tsx';
import { toAnswersInput } from '../src/wizard/draft.ts';

test('skipping keeps the defaults and goes to the review', async () => {
  const w = await renderWizard({ initial: at('advanced', 'advanced') });
  assert.match(await w.waitFor('Advanced settings'), /❯ 1\. Skip: keep the defaults/);
  await w.press('enter');
  await w.waitFor(/step \d+ of \d+ · Review/);
  assert.equal(toAnswersInput(w.state().answers).advanced, undefined);
  w.unmount();
});

test('custom nodepools are parsed as typed, with a message for a malformed taint', async () => {
  const w = await renderWizard({ initial: at('advanced', 'advanced') });
  await w.waitFor('Advanced settings');
  await w.press('down', 'enter');
  await w.waitFor('Nodepools');
  await w.press('down', 'enter');
  assert.match(await w.waitFor('general pool: node label'), /❯ wallaroo\.ai\/node-purpose=general/);
  await w.press('ctrlU'); await w.type('pool=gen'); await w.press('enter');
  await w.waitFor('general pool: taint');
  await w.press('ctrlU'); await w.type('dedicated:NoSchedule:x'); await w.press('enter');
  await w.waitFor('write the taint as key=value:NoSchedule');
  await w.press('ctrlU'); await w.type('dedicated=general:NoSchedule'); await w.press('enter');
  await w.waitFor('persistent pool: node label');
  await w.press('enter', 'enter', 'enter');
  await w.waitFor('pipelines pool: taint');
  await w.press('ctrlU'); await w.type('none'); await w.press('enter');
  await w.waitFor('Task log retention');
  const pools = (toAnswersInput(w.state().answers).advanced as any).nodePools;
  assert.deepEqual(pools.general, { label: { key: 'pool', value: 'gen' }, taint: { key: 'dedicated', value: 'general', effect: 'NoSchedule' } });
  assert.equal(pools.pipelines.taint, null);
  w.unmount();
});

test('retention, Plateau disk (a small one warns), identity providers with a masked secret, hook and timeout', async () => {
  const w = await renderWizard({ initial: at('advanced', 'advanced') });
  await w.waitFor('Advanced settings');
  await w.press('down', 'enter', 'enter'); // review them; standard pools
  await w.waitFor('Task log retention');
  await w.type('seven'); await w.press('enter');
  await w.waitFor('enter a whole number of days');
  await w.press('ctrlU'); await w.type('7'); await w.press('enter');
  await w.type('15d'); await w.press('enter');
  await w.type('50GB'); await w.press('enter');
  await w.waitFor('Plateau disk size');
  await w.press('ctrlU'); await w.type('50Gi');
  await w.waitFor(/plateau disk 50Gi is below the recommended 100Gi/);
  await w.press('enter');
  await w.waitFor('Identity providers');
  await w.press('down', 'enter');
  await w.waitFor('Identity provider 1: id');
  await w.type('corp-sso'); await w.press('enter');
  await w.press('enter'); // oidc
  await w.type('https://sso.example.com/realms/corp'); await w.press('enter');
  await w.type('wallaroo'); await w.press('enter');
  await w.waitFor('corp-sso client secret');
  await w.type('idp-secret-value'); await w.press('enter');
  assert.match(await w.waitFor('Where a replay reads corp-sso client secret from'), /env:WALLAROO_IDP_CORP_SSO_SECRET/);
  await w.press('enter');
  await w.waitFor('Add another identity provider?');
  await w.press('enter');
  await w.waitFor('Chart cleanup hook');
  await w.press('down', 'enter');
  assert.match(await w.waitFor('Helm timeout'), /Default for size 16: 15m/);
  await w.type('25m'); await w.press('enter');
  await w.waitFor(/· Review/);
  const adv = toAnswersInput(w.state().answers).advanced as any;
  assert.equal(adv.fluentbitRetentionDays, 7);
  assert.equal(adv.plateauDiskSize, '50Gi');
  assert.equal(adv.uninstallHook, false);
  assert.equal(adv.helmTimeout, '25m');
  assert.deepEqual(adv.keycloakProviders, [{ id: 'corp-sso', provider: 'oidc', url: 'https://sso.example.com/realms/corp', clientId: 'wallaroo', clientSecret: 'env:WALLAROO_IDP_CORP_SSO_SECRET' }]);
  assert.equal(w.state().secrets['advanced.keycloakProviders[0].clientSecret'], 'idp-secret-value');
  w.unmount();
});
