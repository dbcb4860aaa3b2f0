// Proves the fake Kubernetes API against the real clients: helm 3.17 and 4.1, kubectl 1.35 and
// @kubernetes/client-node 2. Every test starts its own server and closes it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from './server.ts';
import { writeTestChart, helm, startHelm, kubectl, type RunResult } from './fixture-chart.ts';
import { scratchDir, type HelmMajor } from '../support/tools.ts';

const NS = 'wallaroo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function withKube<T>(opts: Partial<FakeKubeOptions>, fn: (kube: FakeKube, dir: string) => Promise<T>): Promise<T> {
  const dir = scratchDir('fake-kube');
  const kube = await startFakeKube({ dir, ...opts });
  try { return await fn(kube, dir); } finally {
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ok = (r: RunResult, what: string) => assert.equal(r.code, 0, `${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
const releaseSecrets = (kube: FakeKube, rel = 'rel') =>
  kube.list('v1', 'Secret', NS).filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === rel);
const releaseStatus = (kube: FakeKube, version: number, rel = 'rel') =>
  kube.get('v1', 'Secret', NS, `sh.helm.release.v1.${rel}.v${version}`)?.metadata.labels?.status;
const b64 = (s: string) => Buffer.from(s).toString('base64');
type AnyJsonResponse = Omit<Response, 'json'> & { json(): Promise<any> };
const api = (kube: FakeKube, path: string, init: RequestInit = {}) =>
  fetch(kube.url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } }) as Promise<AnyJsonResponse>;

function installArgs(chart: string, values: string, timeout = '60s', extra: string[] = []) {
  return ['upgrade', '--install', 'rel', chart, '-n', NS, '--create-namespace', '--wait', '--wait-for-jobs', '--timeout', timeout, '-f', values, ...extra];
}

function chartIn(dir: string, values: Record<string, string> = {}) {
  const chart = writeTestChart(dir);
  const file = join(dir, `values-${Object.keys(values).length}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `greeting: hi\n${Object.entries(values).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join('')}`);
  return { chart, values: file };
}

// ---------------------------------------------------------------------------------------------
// Protocol details, checked with plain HTTP.
describe('fake kube: protocol', () => {
  it('decodes a protobuf Secret (k8s\\0 + runtime.Unknown) and answers JSON', () => withKube({}, async (kube) => {
    const varint = (n: number) => { const o: number[] = []; while (n > 127) { o.push((n & 127) | 128); n = Math.floor(n / 128); } o.push(n); return Buffer.from(o); };
    const f = (no: number, v: Buffer | string) => { const b = Buffer.from(v); return Buffer.concat([varint(no * 8 + 2), varint(b.length), b]); };
    const entry = (no: number, k: string, v: Buffer | string) => f(no, Buffer.concat([f(1, k), f(2, v)]));
    const meta = Buffer.concat([f(1, 'pb'), entry(11, 'owner', 'helm')]);
    const secret = Buffer.concat([f(1, meta), entry(2, 'release', Buffer.from([0, 1, 2, 255])), f(3, 'helm.sh/release.v1')]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), f(1, Buffer.concat([f(1, 'v1'), f(2, 'Secret')])), f(2, secret)]);
    const r = await fetch(`${kube.url}/api/v1/namespaces/default/secrets`, {
      method: 'POST', body, headers: { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' },
    });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('content-type')!, /application\/json/);
    const s = kube.get('v1', 'Secret', 'default', 'pb');
    assert.deepEqual(s.data, { release: Buffer.from([0, 1, 2, 255]).toString('base64') });
    assert.equal(s.type, 'helm.sh/release.v1');
    assert.equal(s.metadata.labels.owner, 'helm');
    // DeleteOptions in protobuf, as helm sends them.
    const del = Buffer.concat([Buffer.from('k8s\0', 'latin1'), f(1, Buffer.concat([f(1, 'v1'), f(2, 'DeleteOptions')])), f(2, f(4, 'Orphan'))]);
    const d = await fetch(`${kube.url}/api/v1/namespaces/default/secrets/pb`, { method: 'DELETE', body: del, headers: { 'content-type': 'application/vnd.kubernetes.protobuf' } });
    assert.equal(d.status, 200);
    assert.equal(kube.get('v1', 'Secret', 'default', 'pb'), undefined);
  }));

  it('LIST then WATCH from the list resourceVersion replays what happened in between', () => withKube({}, async (kube) => {
    const list = await (await api(kube, '/api/v1/namespaces/default/configmaps')).json();
    const rv = list.metadata.resourceVersion;
    await api(kube, '/api/v1/namespaces/default/configmaps', { method: 'POST', body: JSON.stringify({ metadata: { name: 'a' }, data: { x: '1' } }) });
    await api(kube, '/api/v1/namespaces/default/configmaps/a', { method: 'PATCH', body: JSON.stringify({ data: { x: '2' } }), headers: { 'content-type': 'application/merge-patch+json' } });
    const ctl = new AbortController();
    const res = await fetch(`${kube.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, { signal: ctl.signal });
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/\n/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    const events = text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED']);
    assert.equal(events[1].object.data.x, '2');
    assert.ok(Number(events[1].object.metadata.resourceVersion) > Number(rv));
    assert.equal(kube.activeWatches(), 1);
    ctl.abort();
    await waitFor('the server to notice the watcher left', () => kube.activeWatches() === 0);
  }));

  it('WatchList: sendInitialEvents streams ADDED then a BOOKMARK marking the end of initial events', () => withKube({}, async (kube) => {
    const ctl = new AbortController();
    const res = await fetch(`${kube.url}/api/v1/nodes?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`, { signal: ctl.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('BOOKMARK')) text += new TextDecoder().decode((await reader.read()).value);
    const events = text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ADDED', 'ADDED', 'ADDED', 'BOOKMARK']);
    assert.equal(events[4].object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    ctl.abort();
  }));

  it('label and field selectors, Tables, discovery and OpenAPI', () => withKube({}, async (kube) => {
    for (const [name, labels] of [['a', { app: 'x', tier: 'web' }], ['b', { app: 'y' }], ['c', { app: 'x' }]] as const) {
      kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels } });
    }
    const names = async (q: string) => (await (await api(kube, `/api/v1/namespaces/default/configmaps?${q}`)).json()).items.map((i: any) => i.metadata.name);
    assert.deepEqual(await names('labelSelector=app%3Dx'), ['a', 'c']);
    assert.deepEqual(await names('labelSelector=app!%3Dx'), ['b']);
    assert.deepEqual(await names('labelSelector=app%20in%20(x,y),tier'), ['a']);
    assert.deepEqual(await names('labelSelector=!tier,app'), ['b', 'c']);
    assert.deepEqual(await names('fieldSelector=metadata.name%3Db'), ['b']);
    const table = await (await api(kube, '/api/v1/nodes?includeObject=Object', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } })).json();
    assert.equal(table.kind, 'Table');
    assert.equal(table.rows.length, 4);
    assert.equal(table.rows[0].object.kind, 'Node');
    assert.equal(table.columnDefinitions[0].name, 'Name');
    const agg = await (await api(kube, '/apis', { headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } })).json();
    assert.ok(agg.items.some((g: any) => g.metadata.name === 'apps'));
    const root = await (await api(kube, '/openapi/v3')).json();
    const gv = await (await api(kube, root.paths['apis/apps/v1'].serverRelativeURL)).json();
    assert.ok(Object.values(gv.paths).some((p: any) => p.patch['x-kubernetes-group-version-kind'].kind === 'Deployment'));
  }));

  it('garbage-collects owned objects, and a namespace delete removes its objects', () => withKube({}, async (kube) => {
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gc' } });
    const r = await api(kube, '/apis/apps/v1/namespaces/gc/deployments', {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } } }),
    });
    assert.equal(r.status, 201);
    const pods = await waitFor('2 ready pods', () => {
      const p = kube.list('v1', 'Pod', 'gc');
      return p.length === 2 && p.every((x) => x.status.phase === 'Running') && p;
    });
    const rs = kube.list('apps/v1', 'ReplicaSet', 'gc')[0];
    assert.equal(pods[0].metadata.ownerReferences[0].uid, rs.metadata.uid);
    assert.equal(pods[0].metadata.labels['pod-template-hash'], rs.metadata.labels['pod-template-hash']);
    await waitFor('deployment status', () => kube.get('apps/v1', 'Deployment', 'gc', 'web')?.status?.readyReplicas === 2);
    kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'gc' } });
    assert.equal((await api(kube, '/apis/apps/v1/namespaces/gc/deployments/web', { method: 'DELETE' })).status, 200);
    assert.equal(kube.list('apps/v1', 'ReplicaSet', 'gc').length, 0);
    assert.equal(kube.list('v1', 'Pod', 'gc').length, 0);
    assert.equal(kube.list('v1', 'ConfigMap', 'gc').length, 1);
    const del = await api(kube, '/api/v1/namespaces/gc', { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal((await del.json()).status.phase, 'Terminating');
    // The namespace controller empties it, then it goes (asynchronously, as in a real cluster).
    await waitFor('namespace gone', async () => (await api(kube, '/api/v1/namespaces/gc')).status === 404);
    assert.equal(kube.list('v1', 'ConfigMap', 'gc').length, 0);
    assert.equal(kube.list('v1', 'Event', 'gc').length, 0);
  }));

  it('stores every advertised kind; StatefulSets, DaemonSets and CRDs work', () => withKube({}, async (kube) => {
    const sel = { matchLabels: { app: 'x' } }, tmpl = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'c:1' }] } };
    const samples: [string, any][] = [
      ['/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'sa' } }],
      ['/api/v1/namespaces/default/endpoints', { metadata: { name: 'ep' }, subsets: [] }],
      ['/api/v1/namespaces/default/events', { metadata: { name: 'ev' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Test', message: 'hello' }],
      ['/api/v1/persistentvolumes', { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } } }],
      ['/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', { metadata: { name: 'r' }, rules: [] }],
      ['/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [] }],
      ['/apis/rbac.authorization.k8s.io/v1/clusterroles', { metadata: { name: 'system:cr' }, rules: [] }],
      ['/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { metadata: { name: 'crb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:cr' } }],
      ['/apis/networking.k8s.io/v1/namespaces/default/ingresses', { metadata: { name: 'ing' }, spec: { rules: [{ host: 'a.example' }] } }],
      ['/apis/policy/v1/namespaces/default/poddisruptionbudgets', { metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: sel } }],
      ['/apis/batch/v1/namespaces/default/cronjobs', { metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: tmpl } } } }],
      ['/apis/apps/v1/namespaces/default/statefulsets', { metadata: { name: 'db' }, spec: { replicas: 2, serviceName: 'db', selector: sel, template: tmpl, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } }],
      ['/apis/apps/v1/namespaces/default/daemonsets', { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...tmpl, metadata: { labels: { app: 'agent' } } } } }],
    ];
    for (const [path, body] of samples) {
      assert.equal((await api(kube, path, { method: 'POST', body: JSON.stringify(body) })).status, 201, path);
      assert.equal((await api(kube, `${path}/${body.metadata.name}`)).status, 200, path);
      assert.ok((await (await api(kube, path)).json()).items.some((i: any) => i.metadata.name === body.metadata.name), path);
    }
    const sts = await waitFor('statefulset ready', () => { const s = kube.get('apps/v1', 'StatefulSet', 'default', 'db'); return s?.status?.readyReplicas === 2 && s; });
    assert.equal(sts.status.currentRevision, sts.status.updateRevision);
    assert.ok(kube.get('v1', 'Pod', 'default', 'db-1'));
    assert.equal(kube.get('v1', 'PersistentVolumeClaim', 'default', 'data-db-0')?.status.phase, 'Bound');
    // A DaemonSet without tolerations only lands on the two untainted (general) nodes.
    await waitFor('daemonset ready', () => kube.get('apps/v1', 'DaemonSet', 'default', 'agent')?.status?.numberReady === 2);
    for (const [path, body] of samples) assert.equal((await api(kube, `${path}/${body.metadata.name}`, { method: 'DELETE' })).status, 200, path);
    assert.equal(kube.list('v1', 'Pod', 'default').length, 0);

    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    assert.equal((await api(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: JSON.stringify(crd) })).status, 201);
    await waitFor('established', () => kube.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'widgets.example.com')?.status?.conditions?.some((c: any) => c.type === 'Established'));
    assert.equal((await api(kube, '/apis/example.com/v1/namespaces/default/widgets', { method: 'POST', body: JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 } }) })).status, 201);
    assert.equal(kube.get('example.com/v1', 'Widget', 'default', 'w').spec.size, 3);
    await api(kube, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com', { method: 'DELETE' });
    assert.equal((await api(kube, '/apis/example.com/v1/namespaces/default/widgets')).status, 404);

    // Seeding keeps a given creationTimestamp, e.g. for an old Event.
    kube.put({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'old', namespace: 'seeded', creationTimestamp: '2020-01-01T00:00:00Z' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'Old' });
    assert.equal(kube.get('v1', 'Event', 'seeded', 'old').metadata.creationTimestamp, '2020-01-01T00:00:00Z');
  }));

  it('LoadBalancer hostnames, custom nodes, no default StorageClass', () => withKube({
    lbAddress: { hostname: 'lb.example.com' }, defaultStorageClass: false,
    nodes: [{ name: 'tiny', cpu: '1', memory: '2Gi' }],
  }, async (kube) => {
    kube.put({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    await waitFor('hostname', () => kube.get('v1', 'Service', 'default', 'lb')?.status?.loadBalancer?.ingress?.[0]?.hostname === 'lb.example.com');
    assert.equal(kube.list('storage.k8s.io/v1', 'StorageClass').length, 0);
    kube.put({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    // Requests larger than the only node: Pending with the scheduler's reason.
    kube.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'c:1', resources: { requests: { cpu: '2' } } }] } });
    await waitFor('FailedScheduling', () => kube.list('v1', 'Event', 'default').find((e) => e.reason === 'FailedScheduling' && /Insufficient cpu/.test(e.message)));
    assert.equal(kube.get('v1', 'Pod', 'default', 'big').status.conditions[0].reason, 'Unschedulable');
    await waitFor('FailedBinding', () => kube.list('v1', 'Event', 'default').find((e) => e.reason === 'FailedBinding'));
    assert.equal(kube.get('v1', 'PersistentVolumeClaim', 'default', 'c').status.phase, 'Pending');
  }));

  it('patch flavours, conflicts, validation, and the unavailable switch', () => withKube({}, async (kube) => {
    const base = '/api/v1/namespaces/default/secrets';
    const post = await api(kube, base, { method: 'POST', body: JSON.stringify({ metadata: { name: 's', labels: { a: '1' } }, stringData: { k: 'v' } }) });
    assert.equal(post.status, 201);
    assert.equal(kube.get('v1', 'Secret', 'default', 's').data.k, b64('v'));
    assert.equal((await api(kube, base, { method: 'POST', body: JSON.stringify({ metadata: { name: 's' } }) })).status, 409);
    const patch = (ct: string, body: unknown) => api(kube, `${base}/s`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': ct } });
    assert.equal((await patch('application/json-patch+json', [{ op: 'add', path: '/data/j', value: b64('j') }])).status, 200);
    assert.equal((await patch('application/merge-patch+json', { metadata: { labels: { a: null } } })).status, 200);
    assert.equal((await patch('application/strategic-merge-patch+json', { stringData: { k: 'v2' } })).status, 200);
    const s = kube.get('v1', 'Secret', 'default', 's');
    assert.deepEqual(s.data, { k: b64('v2'), j: b64('j') });
    assert.equal(s.metadata.labels?.a, undefined);
    const stale = await api(kube, `${base}/s`, { method: 'PUT', body: JSON.stringify({ metadata: { name: 's', resourceVersion: '1' } }) });
    assert.equal(stale.status, 409);
    assert.equal((await stale.json()).reason, 'Conflict');
    const tls = await api(kube, base, { method: 'POST', body: JSON.stringify({ metadata: { name: 't' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64('x') } }) });
    assert.equal(tls.status, 422);
    assert.match((await tls.json()).message, /tls\.key/);
    // Server-side apply creates, then removes what the manager stopped applying.
    const apply = (body: unknown) => api(kube, '/api/v1/namespaces/default/configmaps/ssa?fieldManager=helm&force=false', { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/apply-patch+yaml' } });
    assert.equal((await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1', b: '2' } })).status, 201);
    assert.equal((await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1' } })).status, 200);
    assert.deepEqual(kube.get('v1', 'ConfigMap', 'default', 'ssa').data, { a: '1' });
    assert.equal((await api(kube, '/api/v1/namespaces/nope/configmaps', { method: 'POST', body: JSON.stringify({ metadata: { name: 'x' } }) })).status, 404);
    kube.switches.unavailable = true;
    const down = await api(kube, '/api/v1/nodes');
    assert.equal(down.status, 503);
    assert.equal((await down.json()).reason, 'ServiceUnavailable');
    kube.switches.unavailable = false;
    assert.equal((await api(kube, '/api/v1/nodes')).status, 200);
    assert.ok(kube.requests.some((e) => e.method === 'PATCH' && e.contentType === 'application/apply-patch+yaml' && e.status === 201));
  }));
});

// ---------------------------------------------------------------------------------------------
// Real helm, both majors, run side by side.
describe('fake kube: helm', { concurrency: true }, () => {
  for (const major of [3, 4] as HelmMajor[]) {
    describe(`helm ${major} lifecycle`, { concurrency: 1 }, () => {
      let kube: FakeKube, dir: string, chart: string, values: string;
      const h = (args: string[]) => helm(major, dir, kube.kubeconfigPath, args);
      before(async () => {
        dir = scratchDir(`fake-kube-helm${major}`);
        kube = await startFakeKube({ dir, lbDelayMs: 1500 });
        ({ chart, values } = chartIn(dir));
      });
      after(async () => { await kube.close(); rmSync(dir, { recursive: true, force: true }); });

      it('installs with --wait --wait-for-jobs and a post-install hook', async () => {
        const r = await h(installArgs(chart, values));
        ok(r, 'install');
        const svc = () => kube.get('v1', 'Service', NS, 'rel-lb');
        if (major === 3) {
          // Helm 3 --wait waits for the LoadBalancer address.
          assert.ok(r.ms >= 1500, `helm 3 returned after ${r.ms} ms, before the LB address`);
          assert.equal(svc().status.loadBalancer.ingress[0].ip, '10.20.30.40');
        } else {
          // Helm 4 --wait (kstatus) only checks clusterIP, so it does not wait for the address:
          // the installer has to watch the Service itself. The address still arrives after lbDelayMs.
          if (r.ms < 1400) assert.equal(svc().status.loadBalancer.ingress, undefined);
          await waitFor('LB address', () => svc().status.loadBalancer.ingress);
          const ensured = kube.requests.find((e) => e.path.endsWith('/services/rel-lb') && e.method !== 'GET')!;
          assert.ok(Date.now() - ensured.time >= 1500);
        }
        assert.equal(releaseStatus(kube, 1), 'deployed');
        assert.ok(kube.requests.some((e) => e.method === 'POST' && e.path === `/api/v1/namespaces/${NS}/secrets` && e.contentType === 'application/vnd.kubernetes.protobuf'));
        assert.equal(kube.get('v1', 'Secret', NS, 'sh.helm.release.v1.rel.v1').type, 'helm.sh/release.v1');
        assert.equal(kube.get('apps/v1', 'Deployment', NS, 'rel-api').status.readyReplicas, 1);
        assert.equal(kube.get('v1', 'PersistentVolumeClaim', NS, 'rel-data').status.phase, 'Bound');
        assert.ok(kube.get('storage.k8s.io/v1', 'StorageClass', undefined, 'rel-sc'));
        assert.ok(kube.get('batch/v1', 'Job', NS, 'rel-migrate').status.conditions.some((c: any) => c.type === 'Complete'));
      });

      it('status, list, list -A, get values', async () => {
        const st = await h(['status', 'rel', '-n', NS]);
        ok(st, 'status');
        assert.match(st.stdout, /STATUS: deployed/);
        const list = await h(['list', '-n', NS]);
        ok(list, 'list');
        assert.match(list.stdout, /^rel\s+wallaroo\s+1\s.*deployed/m);
        const all = await h(['list', '-A']);
        assert.match(all.stdout, /^rel\s+wallaroo\s+1\s.*deployed/m);
        assert.ok(kube.requests.some((e) => e.path === '/api/v1/secrets' && e.query.labelSelector === 'owner=helm'));
        const vals = await h(['get', 'values', 'rel', '-n', NS]);
        ok(vals, 'get values');
        assert.match(vals.stdout, /greeting: hi/);
      });

      it('upgrades a Deployment spec and a Secret', async () => {
        const v2 = chartIn(dir, { image: 'registry.example/app:2.0', password: 'changed' }).values;
        ok(await h(installArgs(chart, v2)), 'upgrade');
        const dep = kube.get('apps/v1', 'Deployment', NS, 'rel-api');
        assert.equal(dep.spec.template.spec.containers[0].image, 'registry.example/app:2.0');
        assert.equal(dep.metadata.generation, 2);
        const sets = kube.list('apps/v1', 'ReplicaSet', NS);
        assert.equal(sets.length, 2);
        assert.deepEqual(sets.map((s) => s.spec.replicas).sort(), [0, 1]);
        assert.equal(kube.get('v1', 'Secret', NS, 'rel-creds').data.password, b64('changed'));
        assert.equal(releaseStatus(kube, 1), 'superseded');
        assert.equal(releaseStatus(kube, 2), 'deployed');
        const upgradeCt = major === 3 ? 'application/strategic-merge-patch+json' : 'application/apply-patch+yaml';
        assert.ok(kube.requests.some((e) => e.method === 'PATCH' && e.path.endsWith('/deployments/rel-api') && e.contentType === upgradeCt));
      });

      it('rolls back to revision 1', async () => {
        ok(await h(['rollback', 'rel', '1', '-n', NS, '--wait', '--timeout', '60s']), 'rollback');
        assert.equal(kube.get('apps/v1', 'Deployment', NS, 'rel-api').spec.template.spec.containers[0].image, 'registry.example/app:1.0');
        assert.equal(kube.get('v1', 'Secret', NS, 'rel-creds').data.password, b64('initial'));
        assert.equal(releaseStatus(kube, 3), 'deployed');
        const pods = kube.list('v1', 'Pod', NS).filter((p) => p.metadata.labels?.app === 'rel-api');
        assert.equal(pods.length, 1);
        assert.equal(pods[0].spec.containers[0].image, 'registry.example/app:1.0');
      });

      it('uninstalls, running the pre-delete hook and collecting everything', async () => {
        ok(await h(['uninstall', 'rel', '-n', NS, '--timeout', '60s']), 'uninstall');
        assert.ok(kube.requests.some((e) => ['POST', 'PATCH'].includes(e.method) && e.path.includes('/jobs') && e.body.includes('rel-cleanup')));
        assert.ok(kube.requests.some((e) => e.method === 'DELETE' && e.path.endsWith('/jobs/rel-cleanup') && e.status === 200));
        assert.equal(kube.get('batch/v1', 'Job', NS, 'rel-cleanup'), undefined);   // hook-succeeded
        for (const [av, kind, name] of [['apps/v1', 'Deployment', 'rel-api'], ['v1', 'Service', 'rel-lb'], ['v1', 'Secret', 'rel-creds'], ['v1', 'ConfigMap', 'rel-config'], ['v1', 'PersistentVolumeClaim', 'rel-data']]) {
          assert.equal(kube.get(av, kind, NS, name), undefined, `${kind} ${name} left behind`);
        }
        assert.equal(kube.get('storage.k8s.io/v1', 'StorageClass', undefined, 'rel-sc'), undefined);
        assert.equal(kube.list('apps/v1', 'ReplicaSet', NS).length, 0);
        assert.equal(kube.list('v1', 'Pod', NS).filter((p) => p.metadata.labels?.app === 'rel-api').length, 0);
        assert.equal(releaseSecrets(kube).length, 0);
        assert.ok(kube.get('batch/v1', 'Job', NS, 'rel-migrate'), 'hook resources are not part of the release');
      });
    });

    describe(`helm ${major} failures`, { concurrency: true }, () => {
      it('a failing post-install hook fails the install with the hook error', () => withKube({}, async (kube, dir) => {
        kube.switches.failJobs.add('rel-migrate');
        const { chart, values } = chartIn(dir);
        const r = await helm(major, dir, kube.kubeconfigPath, installArgs(chart, values, '20s'));
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /post-install/);
        assert.match(r.stderr, /rel-migrate/);
        assert.equal(releaseStatus(kube, 1), 'failed');
        const pod = kube.list('v1', 'Pod', NS).find((p) => p.metadata.labels?.['job-name'] === 'rel-migrate')!;
        assert.equal(pod.status.phase, 'Failed');
        const log = await (await fetch(`${kube.url}/api/v1/namespaces/${NS}/pods/${pod.metadata.name}/log`)).text();
        assert.match(log, /error: migration failed: connection refused/);
        assert.ok(kube.list('v1', 'Event', NS).some((e) => e.reason === 'BackoffLimitExceeded' && e.involvedObject.name === 'rel-migrate'));
      }));

      it('a Deployment that never becomes ready makes --wait time out', () => withKube({}, async (kube, dir) => {
        kube.switches.neverReady.add('rel-api');
        const { chart, values } = chartIn(dir);
        const r = await helm(major, dir, kube.kubeconfigPath, installArgs(chart, values, '5s'));
        assert.notEqual(r.code, 0);
        assert.ok(r.ms >= 4500, `failed after ${r.ms} ms`);
        assert.match(r.stderr, /context deadline exceeded|timed out|timeout/i);
        assert.equal(releaseStatus(kube, 1), 'failed');
        const pod = kube.list('v1', 'Pod', NS).find((p) => p.metadata.labels?.app === 'rel-api')!;
        assert.equal(pod.status.phase, 'Running');
        assert.equal(pod.status.conditions.find((c: any) => c.type === 'Ready').status, 'False');
      }));

      it('a LoadBalancer that never gets an address', () => withKube({}, async (kube, dir) => {
        kube.switches.lbNeverAddress = true;
        const { chart, values } = chartIn(dir);
        const r = await helm(major, dir, kube.kubeconfigPath, installArgs(chart, values, '4s'));
        if (major === 3) {
          assert.notEqual(r.code, 0, 'helm 3 --wait must time out without an LB address');
          assert.match(r.stderr, /context deadline exceeded|timed out/i);
        } else {
          ok(r, 'helm 4 does not wait for LB addresses');
        }
        assert.equal(kube.get('v1', 'Service', NS, 'rel-lb').status.loadBalancer.ingress, undefined);
        assert.ok(kube.list('v1', 'Event', NS).some((e) => e.reason === 'SyncLoadBalancerFailed'));
      }));

      it('SIGTERM during --wait marks the release failed; SIGKILL leaves it pending-install', () => withKube({}, async (kube, dir) => {
        kube.switches.neverReady.add('rel-api').add('rel2-api');
        const { chart, values } = chartIn(dir);
        const term = startHelm(major, dir, kube.kubeconfigPath, installArgs(chart, values, '60s'));
        await waitFor('pending-install', () => releaseStatus(kube, 1) === 'pending-install');
        await sleep(300);
        term.child.kill('SIGTERM');
        const r1 = await term.done;
        assert.notEqual(r1.code, 0);
        assert.equal(releaseStatus(kube, 1), 'failed');

        const kill = startHelm(major, dir, kube.kubeconfigPath, ['install', 'rel2', chart, '-n', NS, '--wait', '--timeout', '60s', '-f', values]);
        await waitFor('pending-install', () => releaseStatus(kube, 1, 'rel2') === 'pending-install');
        await sleep(300);
        kill.child.kill('SIGKILL');
        await kill.done;
        await sleep(200);
        assert.equal(releaseStatus(kube, 1, 'rel2'), 'pending-install');
        const st = await helm(major, dir, kube.kubeconfigPath, ['status', 'rel2', '-n', NS]);
        assert.match(st.stdout, /STATUS: pending-install/);
        const list = await helm(major, dir, kube.kubeconfigPath, major === 3 ? ['list', '-a', '-n', NS] : ['list', '--pending', '-n', NS]);
        assert.match(list.stdout, /^rel2\s.*pending-install/m);
        const again = await helm(major, dir, kube.kubeconfigPath, ['upgrade', '--install', 'rel2', chart, '-n', NS, '-f', values]);
        assert.notEqual(again.code, 0);
        assert.match(again.stderr, /another operation \(install\/upgrade\/rollback\) is in progress/);
      }));
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('fake kube: kubectl', () => {
  it('get, logs, create secret, apply, delete ns', () => withKube({}, async (kube, dir) => {
    const k = async (...args: string[]) => { const r = await kubectl(dir, kube.kubeconfigPath, args); ok(r, `kubectl ${args.join(' ')}`); return r.stdout; };
    await k('create', 'namespace', NS);
    const manifest = join(dir, 'app.yaml');
    const write = (image: string) => writeFileSync(manifest, `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${NS} }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: ${NS} }
spec:
  template:
    metadata: { annotations: { fake-kube.test/log: "migrated 3 tables" } }
    spec: { restartPolicy: Never, containers: [{ name: migrate, image: "migrate:1" }] }
`);
    write('nginx:1.0');
    assert.match(await k('apply', '-f', manifest), /deployment.apps\/web created/);
    await waitFor('job done', () => kube.get('batch/v1', 'Job', NS, 'migrate')?.status?.succeeded === 1);
    await k('create', 'secret', 'generic', 'creds', '-n', NS, '--from-literal=password=s3cret');
    assert.equal(kube.get('v1', 'Secret', NS, 'creds').data.password, b64('s3cret'));
    await k('create', 'configmap', 'cfg', '-n', NS, '--from-literal=greeting=hello');
    assert.deepEqual(kube.get('v1', 'ConfigMap', NS, 'cfg').data, { greeting: 'hello' });
    for (const path of ['/api/v1/namespaces', `/api/v1/namespaces/${NS}/secrets`, `/api/v1/namespaces/${NS}/configmaps`]) {
      assert.ok(kube.requests.some((e) => e.path === path && e.contentType === 'application/vnd.kubernetes.protobuf' && e.userAgent?.startsWith('kubectl')), path);
    }
    await waitFor('pods ready', () => kube.get('apps/v1', 'Deployment', NS, 'web')?.status?.readyReplicas === 2);
    const got = await k('get', 'pods,deploy,svc,secrets', '-n', NS);
    assert.match(got, /pod\/web-\S+\s+1\/1\s+Running/);
    assert.match(got, /deployment.apps\/web\s+2\/2/);
    assert.match(got, /service\/web\s+ClusterIP/);
    assert.match(got, /secret\/creds\s+Opaque\s+1/);
    assert.match(await k('get', 'nodes'), /general-1\s+Ready[\s\S]*pipelines-1\s+Ready/);
    assert.match(await k('get', 'storageclass'), /standard\s+fake\.csi\.k8s\.io/);
    assert.match(await k('logs', 'job/migrate', '-n', NS), /migrated 3 tables/);
    const pod = kube.list('v1', 'Pod', NS).find((p) => p.metadata.labels?.app === 'web')!;
    assert.match(await k('logs', pod.metadata.name, '-n', NS), /web: started/);
    write('nginx:1.1');
    assert.match(await k('apply', '-f', manifest), /deployment.apps\/web configured/);
    assert.equal(kube.get('apps/v1', 'Deployment', NS, 'web').spec.template.spec.containers[0].image, 'nginx:1.1');
    assert.match(await k('delete', 'ns', NS), /namespace "wallaroo" deleted/);
    assert.equal(kube.get('v1', 'Namespace', undefined, NS), undefined);
    assert.equal(kube.list('v1', 'Pod', NS).length, 0);
    assert.equal(kube.list('v1', 'Secret', NS).length, 0);
  }));
});

// ---------------------------------------------------------------------------------------------
describe('fake kube: @kubernetes/client-node', () => {
  let kube: FakeKube;
  let core: k8s.CoreV1Api, apps: k8s.AppsV1Api, batch: k8s.BatchV1Api, storage: k8s.StorageV1Api, authz: k8s.AuthorizationV1Api, kc: k8s.KubeConfig;
  const dir = scratchDir('fake-kube-client-node');
  before(async () => {
    kube = await startFakeKube({ dir, lbDelayMs: 300 });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    [core, apps, batch, storage, authz] = [kc.makeApiClient(k8s.CoreV1Api), kc.makeApiClient(k8s.AppsV1Api), kc.makeApiClient(k8s.BatchV1Api), kc.makeApiClient(k8s.StorageV1Api), kc.makeApiClient(k8s.AuthorizationV1Api)];
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  after(async () => { await kube.close(); rmSync(dir, { recursive: true, force: true }); });

  it('lists nodes and storage classes, reads the namespace', async () => {
    const nodes = await core.listNode();
    assert.equal(nodes.items.length, 4);
    assert.equal(nodes.items[2].spec?.taints?.[0].key, 'wallaroo.ai/persistent');
    assert.equal(nodes.items[0].status?.allocatable?.cpu, '8');
    const scs = await storage.listStorageClass();
    assert.equal(scs.items[0].metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.equal((await core.readNamespace({ name: NS })).status?.phase, 'Active');
  });

  it('answers SelfSubjectAccessReviews per denyVerbs', async () => {
    const can = async (verb: string, resource: string) => (await authz.createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb, resource, namespace: NS } } },
    })).status?.allowed;
    assert.equal(await can('create', 'secrets'), true);
    kube.switches.denyVerbs.add('create:secrets');
    assert.equal(await can('create', 'secrets'), false);
    assert.equal(await can('get', 'secrets'), true);
    kube.switches.denyVerbs.add('*');
    assert.equal(await can('list', 'pods'), false);
    kube.switches.denyVerbs.clear();
  });

  it('creates, reads, replaces and patches TLS and dockerconfigjson Secrets', async () => {
    const tls = { 'tls.crt': b64('CERT'), 'tls.key': b64('KEY') };
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: tls } });
    const read = await core.readNamespacedSecret({ name: 'tls', namespace: NS });
    assert.equal(read.type, 'kubernetes.io/tls');
    read.data = { ...tls, 'tls.crt': b64('CERT2') };
    await core.replaceNamespacedSecret({ name: 'tls', namespace: NS, body: read });
    assert.equal(kube.get('v1', 'Secret', NS, 'tls').data['tls.crt'], b64('CERT2'));
    await core.patchNamespacedSecret({ name: 'tls', namespace: NS, body: [{ op: 'replace', path: '/data/tls.key', value: b64('KEY2') }] });
    assert.equal(kube.get('v1', 'Secret', NS, 'tls').data['tls.key'], b64('KEY2'));
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    await core.patchNamespacedSecret({ name: 'tls', namespace: NS, body: { metadata: { labels: { managed: 'yes' } } } }, merge);
    assert.equal(kube.get('v1', 'Secret', NS, 'tls').metadata.labels.managed, 'yes');
    const docker = JSON.stringify({ auths: { 'registry.example': { auth: b64('u:p') } } });
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'pull' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(docker) } } });
    assert.equal(Buffer.from((await core.readNamespacedSecret({ name: 'pull', namespace: NS })).data!['.dockerconfigjson'], 'base64').toString(), docker);
    await assert.rejects(core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'pull' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(docker) } } }), (e: any) => e.code === 409);
    await assert.rejects(core.readNamespacedSecret({ name: 'missing', namespace: NS }), (e: any) => e.code === 404);
  });

  it('watches a LoadBalancer Service until its address appears', async () => {
    await core.createNamespacedService({ namespace: NS, body: { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } } });
    const first = await core.readNamespacedService({ name: 'lb', namespace: NS });
    assert.equal(first.status?.loadBalancer?.ingress, undefined);
    assert.ok(first.spec?.ports?.[0].nodePort);
    const t0 = Date.now();
    let abort: AbortController | undefined;
    const ip = await new Promise<string>((resolve, reject) => {
      new k8s.Watch(kc).watch(`/api/v1/namespaces/${NS}/services`, { fieldSelector: 'metadata.name=lb', resourceVersion: first.metadata?.resourceVersion },
        (_type, obj: k8s.V1Service) => { const i = obj.status?.loadBalancer?.ingress?.[0]?.ip; if (i) resolve(i); },
        (err) => { if (err && err.name !== 'AbortError') reject(err); }).then((c) => { abort = c; }, reject);
    });
    assert.equal(ip, '10.20.30.40');
    assert.ok(Date.now() - t0 >= 250);
    abort?.abort();
    await waitFor('watch closed on the server', () => kube.activeWatches() === 0);
  });

  it('explains stuck pods: image pull errors, unbound claims, failed jobs, with events and logs', async () => {
    kube.switches.imagePullError.add('broken');
    kube.switches.unboundClaims = true;
    await apps.createNamespacedDeployment({ namespace: NS, body: {
      metadata: { name: 'broken' },
      spec: { selector: { matchLabels: { app: 'broken' } }, template: { metadata: { labels: { app: 'broken' } }, spec: { containers: [{ name: 'c', image: 'registry.example/missing:9' }] } } },
    } });
    const pod = await waitFor('image pull back-off', async () => {
      const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=broken' });
      return pods.items.find((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff');
    });
    assert.equal(pod.status?.phase, 'Pending');
    assert.match(pod.status!.containerStatuses![0].state!.waiting!.message!, /^Back-off pulling image "registry.example\/missing:9"/);
    assert.equal(pod.metadata?.ownerReferences?.[0].kind, 'ReplicaSet');

    await core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } } });
    await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'db' }, spec: { containers: [{ name: 'db', image: 'pg:16' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } } });
    await sleep(100);
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace: NS });
    assert.equal(claims.items.find((c) => c.metadata?.name === 'data')?.status?.phase, 'Pending');
    assert.equal(claims.items[0].spec?.storageClassName, 'standard');

    kube.switches.failJobs.add('migrate');
    await batch.createNamespacedJob({ namespace: NS, body: { metadata: { name: 'migrate' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } } } });
    const job = await waitFor('job failed', async () => {
      const j = await batch.readNamespacedJob({ name: 'migrate', namespace: NS });
      return j.status?.conditions?.some((c) => c.type === 'Failed') && j;
    });
    assert.equal(job.status?.conditions?.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
    const jobPod = (await core.listNamespacedPod({ namespace: NS, labelSelector: 'job-name=migrate' })).items[0];
    assert.match(await core.readNamespacedPodLog({ name: jobPod.metadata!.name!, namespace: NS }), /error: migration failed: connection refused/);

    const events = (await core.listNamespacedEvent({ namespace: NS })).items;
    const why = (reason: string, name?: string, text = /./) => events.find((e) => e.reason === reason && (!name || e.involvedObject.name === name) && text.test(e.message ?? ''));
    assert.ok(why('Failed', pod.metadata!.name, /^Failed to pull image "registry.example\/missing:9"/));
    assert.match(why('FailedScheduling', 'db')!.message!, /unbound immediate PersistentVolumeClaims/);
    assert.equal(why('BackoffLimitExceeded', 'migrate')!.type, 'Warning');

    // Flipping the switches back lets things recover, as a fixed cluster would.
    kube.switches.imagePullError.delete('broken');
    kube.switches.unboundClaims = false;
    await waitFor('recovery', () => kube.get('apps/v1', 'Deployment', NS, 'broken')?.status?.readyReplicas === 1
      && kube.get('v1', 'PersistentVolumeClaim', NS, 'data')?.status?.phase === 'Bound'
      && kube.get('v1', 'Pod', NS, 'db')?.status?.phase === 'Running');
  });

  it('reports an outage as 503', async () => {
    kube.switches.unavailable = true;
    try {
      await assert.rejects(core.listNode(), (e: any) => e.code === 503);
    } finally { kube.switches.unavailable = false; }
  });
});
