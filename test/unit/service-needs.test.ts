// The wizard's service table (SERVICE_NEEDS) and the preset rules (rules.ts) must agree: a
// combination the table allows is one the rules accept, and the toggles never leave a violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVICE_IDS, type ServiceId } from '../../src/config/schema.ts';
import { crossFieldErrors } from '../../src/config/rules.ts';
import { effectiveServices, SERVICE_NEEDS } from '../../src/wallaroo/services.ts';
import { toggleService } from '../../src/wizard/service-toggles.ts';
import { answers } from '../support/answers.ts';

const edge = { registry: 'edge.example.com:443', repository: 'w/edge', username: 'u', password: 'env:P' };
const serviceErrors = (a: ReturnType<typeof answers>) => crossFieldErrors(a).filter((p) => p.path[0] === 'services');

test('every dependency in SERVICE_NEEDS is one the rules enforce', () => {
  for (const [id, need] of Object.entries(SERVICE_NEEDS) as [ServiceId, { services?: ServiceId[]; edgeRegistry?: boolean }][]) {
    for (const n of need.services ?? []) {
      const a = { ...answers(), services: { [id]: true, [n]: false } };
      assert.ok(serviceErrors(a).length > 0, `${id} on with ${n} off is an error in rules.ts`);
    }
    if (need.edgeRegistry) assert.ok(serviceErrors({ ...answers(), services: { [id]: true } }).length > 0, `${id} without an edge registry is an error`);
  }
});

test('from any starting point, any single toggle leaves no service rule broken', () => {
  for (const size of [8, 16, 32] as const) {
    for (const withEdge of [false, true]) {
      for (const id of SERVICE_IDS) {
        for (const start of [{}, { nats: false, orchestration: false, wsProxy: false }, { jupyter: false, multipleLabs: false }]) {
          const base = { size, ingress: 'internal' as const, services: start, registries: withEdge ? { edge } : {} };
          const r = toggleService(base, id);
          const a = { ...answers({ size, registries: withEdge ? { edge } : {} }), services: r.services };
          assert.deepEqual(serviceErrors(a), [], `size ${size}, edge ${withEdge}, start ${JSON.stringify(start)}, toggle ${id}: ${JSON.stringify(r)}`);
        }
      }
    }
  }
});

test('toggles switch what they need and say so; pipelines refuse without an edge registry', () => {
  const base = { size: 16 as const, ingress: 'internal' as const, services: { nats: false, orchestration: false, wsProxy: false, arbEx: false } };
  const on = toggleService(base, 'orchestration');
  assert.equal(effectiveServices({ ...base, services: on.services }).nats, true);
  assert.equal(effectiveServices({ ...base, services: on.services }).arbEx, true);
  assert.match(on.note!, /orchestration needs nats and arbEx: turned nats and arbEx on too/);
  const off = toggleService({ size: 16, ingress: 'internal' }, 'nats');
  assert.match(off.note!, /orchestration and wsProxy need nats: turned them off too/);
  assert.deepEqual(off.services, { nats: false, orchestration: false, wsProxy: false });
  const refused = toggleService({ size: 16, ingress: 'internal' }, 'pipelines');
  assert.equal(refused.refused, true);
  assert.match(refused.note!, /need an edge OCI registry: add one in the Registries step/);
  assert.deepEqual(refused.services, {});
  const back = toggleService({ size: 16, ingress: 'internal', services: { plateau: false } }, 'plateau');
  assert.deepEqual(back.services, {}, 'back to the size default removes the override');
});
