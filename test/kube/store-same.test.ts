// The fake API's comparison of objects (sameJson) says what comparing their canonical JSON
// strings said, on the shapes the store meets: nested maps and lists, key order, keys holding
// undefined, null, numbers and strings that look alike, empty containers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canon, sameJson } from './store.ts';

const samples: unknown[] = [
  undefined, null, 0, 1, -1, 1.5, NaN, '', '1', 'null', 'true', true, false, [], {}, [null], [undefined], [[]], [{}],
  { a: 1 }, { a: '1' }, { a: undefined }, { a: null }, { a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1, b: undefined },
  { b: 'x' }, { b: 1 }, { a: null, b: 'x' }, { b: null }, { a: [null] }, { a: [undefined] }, { a: [] },
  { a: [1, 2] }, { a: [2, 1] }, { a: { b: { c: 'x' } } }, { a: { b: { c: 'y' } } }, { a: { b: {} } }, { a: { b: [] } },
  { metadata: { name: 'n', labels: { x: 'y' } }, spec: { replicas: 1 }, status: { ready: true } },
  { status: { ready: true }, spec: { replicas: 1 }, metadata: { labels: { x: 'y' }, name: 'n' } },
  { metadata: { name: 'n', labels: { x: 'y' } }, spec: { replicas: '1' }, status: { ready: true } },
];

test('sameJson agrees with comparing canon strings, for every pair of samples both ways', () => {
  for (const a of samples) {
    for (const b of samples) {
      assert.equal(sameJson(a, b), canon(a) === canon(b), `${canon(a)} vs ${canon(b)}`);
    }
  }
});

test('sameJson agrees with canon on objects changed one field at a time, deep in the tree', () => {
  const base = { metadata: { name: 'api', namespace: 'w', labels: { app: 'api' }, annotations: { a: '1' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i:1', env: [{ name: 'X', value: '1' }] }] } } } };
  const variants = [
    (o: any) => { o.metadata.labels.app = 'other'; },
    (o: any) => { o.spec.template.spec.containers[0].env[0].value = 1; },
    (o: any) => { o.spec.template.spec.containers.push({ name: 'd' }); },
    (o: any) => { o.metadata.annotations = undefined; },
    (o: any) => { o.metadata.annotations = {}; },
    (o: any) => { o.extra = undefined; },
    (o: any) => { o.metadata.annotations = null; },
    (o: any) => { delete o.metadata.annotations; o.metadata.creationTimestamp = null; },
    (o: any) => { o.spec.template.spec.containers[0].env = [null]; },
    (o: any) => { o.metadata = { annotations: o.metadata.annotations, labels: o.metadata.labels, namespace: 'w', name: 'api' }; },
  ];
  for (const change of variants) {
    const b = structuredClone(base);
    change(b);
    assert.equal(sameJson(base, b), canon(base) === canon(b), canon(b));
    assert.equal(sameJson(b, base), canon(base) === canon(b), canon(b));
  }
});
