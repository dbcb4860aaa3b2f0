// Deletion as a real apiserver does it, in the fake API: finalizers, namespaces going
// Terminating then gone (or stuck), PVC protection, CRDs taking their custom resources with them,
// Foreground / Orphan propagation, Leases. What an uninstaller has to wait for and explain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { startFakeKube, type FakeKube } from './server.ts';
import { kubectl } from './fixture-chart.ts';
import { scratchDir } from '../support/tools.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function withKube(fn: (kube: FakeKube, dir: string) => Promise<void>): Promise<void> {
  const dir = scratchDir('fake-kube-del');
  const kube = await startFakeKube({ dir });
  try { await fn(kube, dir); } finally {
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Json = any;
const call = async (kube: FakeKube, path: string, method = 'GET', body?: unknown, ct = 'application/json'): Promise<{ status: number; body: Json }> => {
  const r = await fetch(kube.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': ct } });
  return { status: r.status, body: await r.json().catch(() => undefined) };
};
const mergePatch = (kube: FakeKube, path: string, body: unknown) => call(kube, path, 'PATCH', body, 'application/merge-patch+json');

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'modelconfigs.wallaroo.ai' },
  spec: { group: 'wallaroo.ai', scope: 'Namespaced', names: { plural: 'modelconfigs', singular: 'modelconfig', kind: 'ModelConfig' }, versions: [{ name: 'v1', served: true, storage: true }] },
};

describe('fake kube: deletion', () => {
  it('a namespace goes Terminating, is emptied, then gone; a finalizer nobody removes holds it, with the conditions a cluster shows', () => withKube(async (kube) => {
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'houseprice-28' } });
    kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'houseprice-28' } });
    kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'houseprice-28', finalizers: ['wallaroo.ai/cleanup'] } });
    const del = await call(kube, '/api/v1/namespaces/houseprice-28', 'DELETE');
    assert.equal(del.status, 200);
    assert.equal(del.body.status.phase, 'Terminating');
    assert.ok(del.body.metadata.deletionTimestamp);
    const ns = await waitFor('finalizers condition', () => {
      const n = kube.get('v1', 'Namespace', undefined, 'houseprice-28');
      return n?.status?.conditions?.some((c: Json) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') && n;
    });
    assert.equal(ns.status.phase, 'Terminating');
    assert.equal(kube.get('v1', 'ConfigMap', 'houseprice-28', 'plain'), undefined, 'content without finalizers is deleted');
    const held = kube.get('v1', 'ConfigMap', 'houseprice-28', 'held');
    assert.ok(held.metadata.deletionTimestamp, 'the held object is marked, not gone');
    assert.match(ns.status.conditions.find((c: Json) => c.type === 'NamespaceFinalizersRemaining').message, /wallaroo\.ai\/cleanup in 1 resource instances/);
    assert.match(ns.status.conditions.find((c: Json) => c.type === 'NamespaceContentRemaining').message, /configmaps\. has 1 resource instances/);
    // Nothing new may be created in it.
    const create = await call(kube, '/api/v1/namespaces/houseprice-28/configmaps', 'POST', { metadata: { name: 'late' } });
    assert.equal(create.status, 403);
    assert.match(create.body.message, /because it is being terminated/);
    // No new finalizers on an object being deleted; removing the last one lets it (and the namespace) go.
    const add = await mergePatch(kube, '/api/v1/namespaces/houseprice-28/configmaps/held', { metadata: { finalizers: ['wallaroo.ai/cleanup', 'other/x'] } });
    assert.equal(add.status, 422);
    assert.equal((await mergePatch(kube, '/api/v1/namespaces/houseprice-28/configmaps/held', { metadata: { finalizers: null } })).status, 200);
    await waitFor('namespace gone', () => !kube.get('v1', 'Namespace', undefined, 'houseprice-28'));
  }));

  it('stuckNamespaces keeps a namespace Terminating with a discovery failure until switched off', () => withKube(async (kube) => {
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'task-1' } });
    kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'task-1' } });
    kube.switches.stuckNamespaces.add('task-1');
    assert.equal((await call(kube, '/api/v1/namespaces/task-1', 'DELETE')).status, 200);
    const ns = await waitFor('discovery failure', () => {
      const n = kube.get('v1', 'Namespace', undefined, 'task-1');
      return n?.status?.conditions?.some((c: Json) => c.type === 'NamespaceDeletionDiscoveryFailure' && c.status === 'True') && n;
    });
    assert.equal(ns.status.phase, 'Terminating');
    assert.deepEqual(ns.spec.finalizers, ['kubernetes']);
    await sleep(450);   // two more controller passes: still there
    assert.ok(kube.get('v1', 'Namespace', undefined, 'task-1'));
    kube.switches.stuckNamespaces.delete('task-1');
    await waitFor('namespace gone', () => !kube.get('v1', 'Namespace', undefined, 'task-1'));
    assert.equal(kube.get('v1', 'ConfigMap', 'task-1', 'c'), undefined);
  }));

  it('a claim in use by a running pod waits for it (kubernetes.io/pvc-protection)', () => withKube(async (kube) => {
    kube.put({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    assert.deepEqual(kube.get('v1', 'PersistentVolumeClaim', 'default', 'data').metadata.finalizers, ['kubernetes.io/pvc-protection']);
    kube.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'default' }, spec: { containers: [{ name: 'db', image: 'pg:16' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
    await waitFor('pod running', () => kube.get('v1', 'Pod', 'default', 'db')?.status?.phase === 'Running');
    assert.equal((await call(kube, '/api/v1/namespaces/default/persistentvolumeclaims/data', 'DELETE')).status, 200);
    await sleep(250);
    assert.ok(kube.get('v1', 'PersistentVolumeClaim', 'default', 'data')?.metadata.deletionTimestamp, 'Terminating while the pod uses it');
    await call(kube, '/api/v1/namespaces/default/pods/db', 'DELETE');
    await waitFor('claim gone', () => !kube.get('v1', 'PersistentVolumeClaim', 'default', 'data'));
  }));

  it('deleting a CRD deletes its custom resources first; one with a finalizer keeps the CRD Terminating', () => withKube(async (kube) => {
    assert.equal((await call(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'POST', widgetCrd)).status, 201);
    await waitFor('established', () => kube.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'modelconfigs.wallaroo.ai')?.status?.conditions?.some((c: Json) => c.type === 'Established'));
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wallaroo' } });
    for (const [name, finalizers] of [['a', undefined], ['b', ['wallaroo.ai/model-cleanup']]] as const) {
      const r = await call(kube, '/apis/wallaroo.ai/v1/namespaces/wallaroo/modelconfigs', 'POST', { apiVersion: 'wallaroo.ai/v1', kind: 'ModelConfig', metadata: { name, finalizers } });
      assert.equal(r.status, 201);
    }
    assert.equal((await call(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/modelconfigs.wallaroo.ai', 'DELETE')).status, 200);
    const crd = await waitFor('terminating condition', () => {
      const c = kube.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'modelconfigs.wallaroo.ai');
      return c?.status?.conditions?.some((x: Json) => x.type === 'Terminating' && x.status === 'True') && c;
    });
    assert.match(crd.status.conditions.find((x: Json) => x.type === 'Terminating').message, /1 modelconfigs remaining \(waiting on their finalizers\)/);
    assert.equal(kube.get('wallaroo.ai/v1', 'ModelConfig', 'wallaroo', 'a'), undefined);
    assert.equal((await call(kube, '/apis/wallaroo.ai/v1/namespaces/wallaroo/modelconfigs', 'POST', { apiVersion: 'wallaroo.ai/v1', kind: 'ModelConfig', metadata: { name: 'c' } })).status, 405);
    assert.equal((await call(kube, '/apis/wallaroo.ai/v1/modelconfigs')).body.items.length, 1, 'still listed while Terminating');
    await mergePatch(kube, '/apis/wallaroo.ai/v1/namespaces/wallaroo/modelconfigs/b', { metadata: { finalizers: null } });
    await waitFor('CRD gone', () => !kube.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'modelconfigs.wallaroo.ai'));
    assert.equal((await call(kube, '/apis/wallaroo.ai/v1/modelconfigs')).status, 404, 'the kind is no longer served');
    // Re-creating the CRD does not bring old objects back.
    await call(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'POST', widgetCrd);
    assert.equal((await call(kube, '/apis/wallaroo.ai/v1/modelconfigs')).body.items.length, 0);
  }));

  it('Foreground waits for dependents, Orphan leaves them without owner', () => withKube(async (kube) => {
    const dep = (name: string) => ({ metadata: { name }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx:1' }] } } } });
    for (const n of ['fg', 'or']) assert.equal((await call(kube, '/apis/apps/v1/namespaces/default/deployments', 'POST', dep(n))).status, 201);
    await waitFor('pods', () => kube.list('v1', 'Pod', 'default').filter((p) => p.status?.phase === 'Running').length === 2);
    // A pod with a finalizer holds the foreground delete of its Deployment.
    const pod = kube.list('v1', 'Pod', 'default').find((p) => p.metadata.labels.app === 'fg')!;
    await mergePatch(kube, `/api/v1/namespaces/default/pods/${pod.metadata.name}`, { metadata: { finalizers: ['example.com/hold'] } });
    assert.equal((await call(kube, '/apis/apps/v1/namespaces/default/deployments/fg?propagationPolicy=Foreground', 'DELETE')).status, 200);
    await sleep(250);
    const fg = kube.get('apps/v1', 'Deployment', 'default', 'fg');
    assert.ok(fg?.metadata.deletionTimestamp);
    assert.deepEqual(fg.metadata.finalizers, ['foregroundDeletion']);
    assert.equal(kube.list('apps/v1', 'ReplicaSet', 'default').filter((r) => r.metadata.labels.app === 'fg').length, 1, 'the ReplicaSet waits for its held pod');
    await mergePatch(kube, `/api/v1/namespaces/default/pods/${pod.metadata.name}`, { metadata: { finalizers: null } });
    await waitFor('deployment gone', () => !kube.get('apps/v1', 'Deployment', 'default', 'fg'));
    assert.equal(kube.list('apps/v1', 'ReplicaSet', 'default').filter((r) => r.metadata.labels.app === 'fg').length, 0);

    assert.equal((await call(kube, '/apis/apps/v1/namespaces/default/deployments/or', 'DELETE', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' })).status, 200);
    assert.equal(kube.get('apps/v1', 'Deployment', 'default', 'or'), undefined);
    const rs = kube.list('apps/v1', 'ReplicaSet', 'default').find((r) => r.metadata.labels.app === 'or');
    assert.ok(rs, 'the orphaned ReplicaSet stays');
    assert.equal(rs.metadata.ownerReferences, undefined);
  }));

  it('kubectl waits for a namespace with a finalized claim; client-node reads Leases', () => withKube(async (kube, dir) => {
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'assay-7' } });
    kube.put({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'x', namespace: 'assay-7' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const r = await kubectl(dir, kube.kubeconfigPath, ['delete', 'namespace', 'assay-7', '--timeout', '20s']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(kube.get('v1', 'Namespace', undefined, 'assay-7'), undefined);

    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    const coord = kc.makeApiClient(k8s.CoordinationV1Api);
    const renewTime = new Date();
    await coord.createNamespacedLease({ namespace: 'default', body: { metadata: { name: 'wallaroo-install-wallaroo' }, spec: { holderIdentity: 'host:123', leaseDurationSeconds: 30, renewTime: renewTime as unknown as k8s.V1MicroTime } } });
    const lease = await coord.readNamespacedLease({ name: 'wallaroo-install-wallaroo', namespace: 'default' });
    assert.equal(lease.spec?.holderIdentity, 'host:123');
    await coord.deleteNamespacedLease({ name: 'wallaroo-install-wallaroo', namespace: 'default' });
    assert.equal(kube.get('coordination.k8s.io/v1', 'Lease', 'default', 'wallaroo-install-wallaroo'), undefined);
  }));
});
