// Which existing objects helm refuses to take over, read from their marks and from helm's own
// error (the texts helm 3.17 and 4.1 print, captured on the test API), and which objects a
// first install asks the API about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictOf, conflictFromHelm, conflictsError, findConflicts, helmConflictError } from '../../src/flows/ownership.ts';

const marks = (release: string, namespace: string) => ({
  labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
});

test('marks: only this release\'s three marks let helm take an object over', () => {
  const o = { kind: 'StorageClass', name: 'wallaroo-standard' };
  assert.equal(conflictOf({ ...o, ...marks('wallaroo', 'wallaroo') }, 'wallaroo', 'wallaroo'), undefined);
  assert.deepEqual(conflictOf({ ...o, ...marks('old', 'old-ns') }, 'wallaroo', 'wallaroo'), { kind: 'StorageClass', name: 'wallaroo-standard', namespace: '', owner: { release: 'old', namespace: 'old-ns' } });
  assert.deepEqual(conflictOf({ ...o, ...marks('wallaroo', 'elsewhere') }, 'wallaroo', 'wallaroo')?.owner, { release: 'wallaroo', namespace: 'elsewhere' }, 'same name, other namespace');
  assert.deepEqual(conflictOf(o, 'wallaroo', 'wallaroo'), { kind: 'StorageClass', name: 'wallaroo-standard', namespace: '' }, 'no marks: not managed by helm');
  const unlabelled = conflictOf({ ...o, annotations: marks('wallaroo', 'wallaroo').annotations }, 'wallaroo', 'wallaroo');
  assert.ok(unlabelled, 'the managed-by label is required too');
  const e = conflictsError([unlabelled!], 'wallaroo', 'wallaroo');
  assert.match(e.cause_, /StorageClass wallaroo-standard \(cluster-wide\) carries release wallaroo's annotations but not the label app\.kubernetes\.io\/managed-by=Helm/);
  assert.doesNotMatch(e.fix, /upgrade that release instead/, 'not sent to "another" release that is this one');
  assert.match(e.fix, /--ignore-preflight PF_OBJECTS/);
});

const HELM3 = 'Unable to continue with install: StorageClass "wallaroo-standard" in namespace "" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "r3": current value is "wallaroo-old"; annotation validation error: key "meta.helm.sh/release-namespace" must equal "ns3": current value is "wallaroo-old"';
const HELM4 = 'unable to continue with install: StorageClass "wallaroo-standard" in namespace "" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "r4": current value is "wallaroo-old"; annotation validation error: key "meta.helm.sh/release-namespace" must equal "ns4": current value is "wallaroo-old"';
const UNMARKED = 'rendered manifests contain a resource that already exists. Unable to continue with update: ConfigMap "wallaroo-config" in namespace "wallaroo" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "wallaroo"';

test('helm\'s refusal, helm 3 and 4: the object, its owner, and E_OBJECT_CONFLICT with the way out', () => {
  for (const err of [HELM3, HELM4]) {
    assert.deepEqual(conflictFromHelm(err), { kind: 'StorageClass', name: 'wallaroo-standard', namespace: '', owner: { release: 'wallaroo-old', namespace: 'wallaroo-old' } });
  }
  assert.deepEqual(conflictFromHelm(UNMARKED), { kind: 'ConfigMap', name: 'wallaroo-config', namespace: 'wallaroo' });
  const e = helmConflictError(HELM3, 'r3', 'ns3')!;
  assert.equal(e.code, 'E_OBJECT_CONFLICT');
  assert.equal(e.exitCode, 1);
  assert.match(e.cause_, /^helm stopped before applying the chart: StorageClass wallaroo-standard \(cluster-wide\) belongs to release wallaroo-old in namespace wallaroo-old/);
  assert.match(e.fix, /uninstall/);
  assert.match(e.fix, /kubectl annotate storageclass\/wallaroo-standard meta\.helm\.sh\/release-name=r3 meta\.helm\.sh\/release-namespace=ns3 --overwrite/);
  assert.equal(helmConflictError('Error: timed out waiting for the condition', 'r', 'n'), undefined);
});

test('a first install asks about cluster-wide objects always, namespaced ones only in a namespace that exists; unknown kinds are discovered', async () => {
  const asked: string[] = [];
  const objects: Record<string, unknown> = {
    '/apis/storage.k8s.io/v1/storageclasses/wallaroo-standard': { metadata: marks('old', 'old-ns') },
    '/api/v1/namespaces/wallaroo/configmaps/wallaroo-config': { metadata: {} },
    '/apis/example.com/v1/widgets/w': { metadata: {} },
    '/apis/example.com/v1': { resources: [{ name: 'widgets', kind: 'Widget', namespaced: false }, { name: 'widgets/status', kind: 'Widget', namespaced: false }] },
  };
  const rest = {
    async request<T>(_m: string, path: string): Promise<T> {
      asked.push(path);
      if (path in objects) return objects[path] as T;
      throw Object.assign(new Error('not found'), { code: 404 });
    },
  };
  const refs = [
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'wallaroo-standard' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'wallaroo-config' },
    { apiVersion: 'v1', kind: 'Secret', name: 'absent' },
    { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
    { apiVersion: 'crd.example.com/v1', kind: 'NotServed', name: 'x' },
  ];
  const fresh = await findConflicts(rest, { refs, release: 'wallaroo', namespace: 'wallaroo', namespaceExists: false });
  assert.deepEqual(fresh.map((c) => `${c.kind}/${c.name}`), ['StorageClass/wallaroo-standard', 'Widget/w']);
  assert.ok(!asked.some((p) => p.includes('/namespaces/')), 'nothing asked in a namespace that does not exist');
  assert.equal(asked.filter((p) => p === '/apis/example.com/v1').length, 1, 'one discovery per apiVersion');
  asked.length = 0;
  const existing = await findConflicts(rest, { refs, release: 'wallaroo', namespace: 'wallaroo', namespaceExists: true });
  assert.deepEqual(existing.map((c) => `${c.kind}/${c.name}`), ['StorageClass/wallaroo-standard', 'ConfigMap/wallaroo-config', 'Widget/w']);
  assert.ok(asked.includes('/api/v1/namespaces/wallaroo/secrets/absent'), 'a missing object is a 404, not a conflict');
});

test('a malformed apiVersion from the chart is never put into a request path', async () => {
  const asked: string[] = [];
  const rest = { async request<T>(_m: string, path: string): Promise<T> { asked.push(path); throw Object.assign(new Error('nf'), { code: 404 }); } };
  const refs = ['../../api/v1/namespaces/kube-system/secrets', 'apps/v1/../../x', 'v1?watch=1', 'Apps/V1', ''].map((apiVersion) => ({ apiVersion, kind: 'Secret', name: 's' }));
  assert.deepEqual(await findConflicts(rest, { refs, release: 'r', namespace: 'n', namespaceExists: true }), []);
  assert.deepEqual(asked, []);
  await findConflicts(rest, { refs: [{ apiVersion: 'networking.k8s.io/v1beta1', kind: 'Widget', name: 'w' }], release: 'r', namespace: 'n', namespaceExists: true });
  assert.deepEqual(asked, ['/apis/networking.k8s.io/v1beta1'], 'a well-formed one is discovered');
});

test('an object that cannot be read is left to helm; many conflicts: five named, then how many more', async () => {
  const rest = { async request<T>(): Promise<T> { throw Object.assign(new Error('forbidden'), { code: 403 }); } };
  assert.deepEqual(await findConflicts(rest, { refs: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'c' }], release: 'r', namespace: 'n', namespaceExists: true }), []);
  const many = Array.from({ length: 7 }, (_, i) => ({ kind: 'ClusterRole', name: `role-${i}`, namespace: '' }));
  const e = conflictsError(many, 'wallaroo', 'wallaroo');
  assert.match(e.cause_, /^7 objects the chart makes already exist/);
  assert.match(e.cause_, /role-4 \(cluster-wide\) is not managed by helm; and 2 more\. Nothing was changed in the cluster$/);
  assert.doesNotMatch(e.cause_, /role-5/);
});
