import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at } from '../test/wizard/ink-support.tsx';
import { join } from 'node:path';
import { toAnswersInput } from '../src/wizard/draft.ts';
import { repoRoot } from '../test/support/tools.ts';

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('online is the default and asks nothing more than the other registries', async () => {
  const w = await renderWizard({ initial: at('registries', '$.airgap') });
  const f = await w.waitFor('Where do the Wallaroo images come from?');
  assert.match(f, /❯ 1\. Online: Wallaroo's registries/);
  await w.press('enter');
  await w.waitFor('Other registries');
  await w.press('enter');
  await w.waitFor('Cluster size');
  assert.equal(toAnswersInput(w.state().answers).registries, undefined);
  w.unmount();
});

test('air gap: registry, image-values.yaml, a pull secret created from a masked password whose source is saved', async () => {
  const w = await renderWizard({ initial: at('registries', '$.airgap') });
  await w.waitFor('Where do the Wallaroo images come from?');
  await w.press('down', 'enter');
  await w.waitFor('Private image registry');
  await w.type('https://registry.example.com'); await w.press('enter');
  await w.waitFor(/must be host\[:port\]\[\/namespace\]/);
  await w.press('ctrlU'); await w.type('registry.example.com:5000/wallaroo'); await w.press('enter');
  await w.waitFor('image-values.yaml');
  await w.press('enter');
  assert.match(await w.waitFor('Image pull secret'), /❯ 1\. Create it from a user and password/);
  await w.press('enter');
  await w.waitFor('Pull secret name');
  await w.press('enter');
  await w.type('puller'); await w.press('enter');
  await w.waitFor('Registry password');
  await w.type('pull-pass-987');
  assert.ok(!plain(w.frame()).includes('pull-pass-987'));
  await w.press('enter');
  await w.waitFor('Where a replay reads registry password from');
  await w.press('ctrlU'); await w.type('file:./registry.pw'); await w.press('enter');
  await w.waitFor('Other registries');
  const a = toAnswersInput(w.state().answers);
  assert.equal(a.registries!.images!.registry, 'registry.example.com:5000/wallaroo');
  assert.deepEqual(a.registries!.images!.pullSecret, { name: 'wallaroo-registry', username: 'puller', password: `file:${join(repoRoot, 'registry.pw')}` }, 'a relative file: is made absolute');
  assert.ok(!JSON.stringify(w.state().answers).includes('pull-pass-987'));
  w.unmount();
});

test('an existing pull secret is picked from the dockerconfigjson Secrets found', async () => {
  const w = await renderWizard({ initial: at('registries', '$.airgap', { apiVersion: 'wallaroo-install/v1', registries: { images: { registry: 'r.example.com:5000/w', pullSecret: { name: 'x' } } } }),
    facts: clusterFacts({ pullSecrets: { state: 'ok', value: ['regcred'] } }) });
  await w.waitFor('Where do the Wallaroo images come from?');
  await w.press('enter', 'enter', 'enter');
  assert.match(await w.waitFor('Image pull secret'), /❯ 2\. Use an existing Secret/);
  await w.press('enter');
  assert.match(await w.waitFor('Pull secret name'), /dockerconfigjson Secrets in wallaroo: regcred/);
  w.unmount();
});

test('the other registries: picked with Space, each asks its own questions; PyPI asks a password only with a user', async () => {
  const w = await renderWizard({ initial: at('registries', 'extraRegistries') });
  await w.waitFor('Other registries');
  await w.press('space', 'down', 'down', 'space', 'enter');
  await w.waitFor('Model registry (host:port)');
  await w.type('models.example.com:443'); await w.press('enter');
  await w.type('modeler'); await w.press('enter');
  await w.type('model-pw'); await w.press('enter');
  await w.waitFor('Where a replay reads model registry password from');
  assert.match(plain(w.frame()), /env:WALLAROO_MODEL_REGISTRY_PASSWORD/);
  await w.press('enter');
  await w.waitFor('Private PyPI URL');
  await w.type('https://pypi.example.com/simple'); await w.press('enter');
  await w.waitFor('PyPI user (optional)');
  await w.press('enter');
  await w.waitFor('Use only the private index?');
  await w.press('enter');
  await w.waitFor('Cluster size');
  const a = toAnswersInput(w.state().answers);
  assert.deepEqual(Object.keys(a.registries!).sort(), ['models', 'pypi']);
  assert.deepEqual(a.registries!.pypi, { url: 'https://pypi.example.com/simple', onlyPrivate: false });
  w.unmount();
});

test('answers that imply an air gap and a created pull secret (a resumed preset): the answered lines say so, as the review does', async () => {
  const answers = { ...{ apiVersion: 'wallaroo-install/v1', chart: { channel: '2025-1', version: '2025.1.0-6290' }, distribution: 'eks', domain: { prefix: 'wallaroo', suffix: 'example.com' } },
    registries: { images: { registry: 'reg.local:5000/wallaroo', pullSecret: { name: 'wallaroo-registry', username: 'puller', password: 'env:PULL_PW' } } } };
  const w = await renderWizard({ initial: at('registries', 'registries.images.pullSecret.password', answers) });
  const f = plain(await w.waitFor('Registry password'));
  assert.match(f, /Where do the Wallaroo images come from\?: Air gap: a private registry/);
  assert.match(f, /Image pull secret: Create it from a user and password/);
  assert.doesNotMatch(f, /Online: Wallaroo's registries/);
  w.unmount();
});
