// The cancel guard: writes to the cluster check for a cancel first and are recorded; questions
// (SelfSubjectAccessReview) and reads pass; a step being waited for stops at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelGuard } from '../../src/flows/cancel.ts';
import { FlowError } from '../../src/util/flow-error.ts';
import type { Cluster } from '../../src/flows/install.ts';

function fakeCluster(calls: string[]): Cluster {
  const client = {
    readNamespace: async () => { calls.push('read'); return {}; },
    createNamespace: async (a: { body: { metadata: { name: string } } }) => { calls.push(`create ${a.body.metadata.name}`); return {}; },
    createNamespacedSecret: async (a: { namespace: string; body: { metadata: { name: string } } }) => { calls.push(`secret ${a.body.metadata.name}`); return {}; },
    createSelfSubjectAccessReview: async () => { calls.push('review'); return { status: { allowed: true } }; },
  };
  return { target: {} as Cluster['target'], helm: {} as Cluster['helm'], api: { core: client, authz: client } as unknown as Cluster['api'] };
}

test('writes are recorded; after a cancel the next write throws, naming what was done', async () => {
  const ac = new AbortController();
  const guard = new CancelGuard(ac.signal);
  const calls: string[] = [];
  const c = guard.cluster(fakeCluster(calls));
  const core = c.api.core as unknown as Record<string, (a?: unknown) => Promise<unknown>>;
  await core.createNamespace({ body: { metadata: { name: 'wallaroo' } } });
  await core.createNamespacedSecret({ namespace: 'wallaroo', body: { metadata: { name: 'wallaroo-tls' } } });
  ac.abort(new FlowError('E_CANCELLED', 'cancelled by SIGINT', 'run it again', 130));
  await core.readNamespace();
  await (c.api.authz as unknown as Record<string, () => Promise<unknown>>).createSelfSubjectAccessReview();
  await assert.rejects(core.createNamespacedSecret({ namespace: 'wallaroo', body: { metadata: { name: 'wallaroo-registry' } } }), (e: unknown) => {
    assert.ok(e instanceof FlowError);
    assert.equal(e.exitCode, 130);
    assert.equal(e.cause_, 'cancelled by SIGINT before creating secret wallaroo-registry; already done in the cluster: namespace wallaroo created, secret wallaroo-tls created in wallaroo');
    assert.equal(e.fix, 'run it again');
    return true;
  });
  assert.deepEqual(calls, ['create wallaroo', 'secret wallaroo-tls', 'read', 'review'], 'reads and questions still pass; the write never happened');
});

test('race stops waiting at once on a cancel; check throws between steps', async () => {
  const ac = new AbortController();
  const guard = new CancelGuard(ac.signal);
  guard.check('anything');
  const never = new Promise<void>(() => undefined);
  const raced = guard.race(never, 'the chart check');
  ac.abort(new FlowError('E_CANCELLED', 'cancelled by SIGTERM', 'again', 130));
  await assert.rejects(raced, /cancelled by SIGTERM before the chart check; nothing was changed in the cluster/);
  assert.throws(() => guard.check('helm upgrade --install'), /before helm upgrade --install/);
  await assert.rejects(guard.race(Promise.resolve(1)), /cancelled by SIGTERM/);
});
