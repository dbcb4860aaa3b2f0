// The answers ConfigMap's write after helm: one request when its slot was read while helm ran,
// conditional always, and answers of a later helm revision never overwritten, in whatever order
// two runs' writes land (the install gives its lock back beside this write).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAnswersSlot, storeAnswers, answersConfigMapName } from '../../src/session/answers-store.ts';
import { EventBus } from '../../src/flows/events.ts';
import type { KubeApis } from '../../src/kube/apis.ts';
import { answers } from '../support/answers.ts';

type CM = { metadata: { name: string; namespace: string; resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> }; data?: Record<string, string> };

/** ConfigMaps in memory with the API's rules: 409 for a create of an existing one or a replace of an old version, 404 for a missing one. */
function fakeApi() {
  const store = new Map<string, CM>();
  const calls: string[] = [];
  let rv = 100;
  const err = (code: number) => Object.assign(new Error(String(code)), { code });
  const core = {
    async createNamespacedConfigMap({ namespace, body }: { namespace: string; body: CM }) {
      calls.push('create');
      const k = `${namespace}/${body.metadata.name}`;
      if (store.has(k)) throw err(409);
      store.set(k, { ...body, metadata: { ...body.metadata, resourceVersion: String(++rv) } });
      return store.get(k);
    },
    async readNamespacedConfigMap({ name, namespace }: { name: string; namespace: string }) {
      calls.push('read');
      const o = store.get(`${namespace}/${name}`);
      if (!o) throw err(404);
      return structuredClone(o);
    },
    async replaceNamespacedConfigMap({ name, namespace, body }: { name: string; namespace: string; body: CM }) {
      calls.push('replace');
      const k = `${namespace}/${name}`;
      const cur = store.get(k);
      if (!cur) throw err(404);
      if (body.metadata.resourceVersion && body.metadata.resourceVersion !== cur.metadata.resourceVersion) throw err(409);
      store.set(k, { ...body, metadata: { ...body.metadata, resourceVersion: String(++rv) } });
      return store.get(k);
    },
  };
  return { api: { core } as unknown as KubeApis, store, calls };
}

const a = answers();
const key = `${a.namespace}/${answersConfigMapName(a.release)}`;
const revisionIn = (store: Map<string, CM>) => store.get(key)?.metadata.annotations?.['wallaroo-install/revision'];

test('a first install: the slot read while helm ran says none, and the write is one create', async () => {
  const f = fakeApi();
  const slot = await readAnswersSlot(f.api, a.release, a.namespace);
  assert.deepEqual(slot, { exists: false });
  f.calls.length = 0;
  assert.equal(await storeAnswers(new EventBus(), f.api, a, { revision: 1, slot }), true);
  assert.deepEqual(f.calls, ['create']);
  assert.equal(revisionIn(f.store), '1');
});

test('an upgrade: one replace of the version read, labels others added kept; without a slot, a create refused, a read and a replace', async () => {
  const f = fakeApi();
  await storeAnswers(new EventBus(), f.api, a, { revision: 1 });
  f.store.get(key)!.metadata.labels!['team'] = 'ml-platform';
  const slot = await readAnswersSlot(f.api, a.release, a.namespace);
  assert.equal(slot.revision, 1);
  f.calls.length = 0;
  assert.equal(await storeAnswers(new EventBus(), f.api, a, { revision: 2, slot }), true);
  assert.deepEqual(f.calls, ['replace']);
  assert.equal(revisionIn(f.store), '2');
  assert.equal(f.store.get(key)!.metadata.labels!['team'], 'ml-platform');
  f.calls.length = 0;
  assert.equal(await storeAnswers(new EventBus(), f.api, a, { revision: 3 }), true);
  assert.deepEqual(f.calls, ['create', 'read', 'replace']);
});

test('changed since it was read: read again and written over, once the stored revision is older', async () => {
  const f = fakeApi();
  await storeAnswers(new EventBus(), f.api, a, { revision: 1 });
  const slot = await readAnswersSlot(f.api, a.release, a.namespace);
  f.store.get(key)!.metadata.resourceVersion = '999';   // someone touched it meanwhile
  f.calls.length = 0;
  assert.equal(await storeAnswers(new EventBus(), f.api, a, { revision: 2, slot }), true);
  assert.deepEqual(f.calls, ['replace', 'read', 'replace']);
  assert.equal(revisionIn(f.store), '2');
});

test('two runs whose writes land in either order: the later helm revision\'s answers stay', async () => {
  for (const order of [['newer', 'older'], ['older', 'newer']] as const) {
    const f = fakeApi();
    await storeAnswers(new EventBus(), f.api, a, { revision: 1 });
    // Both read the slot while their helm ran (revision 1 stored); run B's helm made revision 3, A's revision 2.
    const slotA = await readAnswersSlot(f.api, a.release, a.namespace);
    const slotB = await readAnswersSlot(f.api, a.release, a.namespace);
    const infos: string[] = [];
    const bus = new EventBus();
    bus.on((e) => { if (e.type === 'info') infos.push(e.message); });
    const write = { older: () => storeAnswers(bus, f.api, a, { revision: 2, slot: slotA }), newer: () => storeAnswers(bus, f.api, a, { revision: 3, slot: slotB }) };
    await write[order[0]]();
    await write[order[1]]();
    assert.equal(revisionIn(f.store), '3', `order ${order.join(' then ')}`);
    if (order[0] === 'newer') assert.ok(infos.some((m) => /already holds those of revision 3, newer than this run's 2/.test(m)), infos.join('\n'));
  }
});

test('a write the API keeps refusing ends as a warning after three tries (the release is installed all the same)', async () => {
  const f = fakeApi();
  f.api.core.createNamespacedConfigMap = (async () => { throw Object.assign(new Error('conflict'), { code: 409 }); }) as never;
  f.api.core.readNamespacedConfigMap = (async () => { throw Object.assign(new Error('gone'), { code: 404 }); }) as never;
  const warnings: string[] = [];
  const bus = new EventBus();
  bus.on((e) => { if (e.type === 'warning') warnings.push(e.code ?? ''); });
  assert.equal(await storeAnswers(bus, f.api, a, { revision: 1, slot: { exists: false } }), false);
  assert.deepEqual(warnings, ['W_ANSWERS_NOT_STORED']);
});

test('answers left from an earlier life of the release (revisions begin again at 1) are written over; a ConfigMap deleted meanwhile is not made again', async () => {
  const f = fakeApi();
  await storeAnswers(new EventBus(), f.api, a, { revision: 7 });
  // Reinstalled after an uninstall that left the ConfigMap: the slot, read under this run's lock, holds revision 7.
  const slot = await readAnswersSlot(f.api, a.release, a.namespace);
  assert.equal(await storeAnswers(new EventBus(), f.api, a, { revision: 1, slot }), true);
  assert.equal(revisionIn(f.store), '1');

  const again = await readAnswersSlot(f.api, a.release, a.namespace);
  f.store.delete(key);   // an uninstall, once the lock was given back
  const infos: string[] = [];
  const bus = new EventBus();
  bus.on((e) => { if (e.type === 'info') infos.push(e.message); });
  f.calls.length = 0;
  assert.equal(await storeAnswers(bus, f.api, a, { revision: 2, slot: again }), false);
  assert.deepEqual(f.calls, ['replace'], 'not created again');
  assert.equal(f.store.has(key), false);
  assert.ok(infos.some((m) => /was deleted while this run wrote it/.test(m)));
});
