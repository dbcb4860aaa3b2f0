// Which objects are Wallaroo's: the name patterns of dynamic namespaces, the protected
// namespaces, the marks on objects, the cluster-wide names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dynamicNamespaceKind, isProtectedNamespace, isMarked, ownedByOtherRelease, isWallarooClusterObject, isSystemMade, helmRecordOf,
} from '../../src/flows/uninstall/marks.ts';

test('dynamic namespaces by name: pipelines <name>-<id>, assay-*, task-*; never kube-* or default', () => {
  const cases: [string, string | undefined][] = [
    ['houseprice-28', 'pipeline'], ['ccfraud-pipeline-3', 'pipeline'], ['assay-5f2c', 'assay'], ['task-8d1e', 'task'],
    ['assay-', undefined], ['task', undefined], ['team-a', undefined], ['wallaroo', undefined], ['12-3', undefined],
    ['kube-system', undefined], ['kube-1', undefined], ['default', undefined], ['default-1', 'pipeline'],
  ];
  for (const [name, kind] of cases) assert.equal(dynamicNamespaceKind(name), kind, name);
  assert.ok(isProtectedNamespace('kube-public'));
  assert.ok(isProtectedNamespace('default'));
  assert.ok(!isProtectedNamespace('defaults'));
});

test('marks: part-of, made by the installer, helm ownership of this release, instance label only in the release namespace', () => {
  const r = 'wallaroo', ns = 'wallaroo';
  assert.ok(isMarked({ labels: { 'app.kubernetes.io/part-of': 'wallaroo' } }, r, ns));
  assert.ok(!isMarked({ labels: { 'app.kubernetes.io/part-of': 'wallaroo-ish' } }, r, ns));
  assert.ok(isMarked({ labels: { 'app.kubernetes.io/managed-by': 'wallaroo-install' } }, r, ns));
  assert.ok(isMarked({ annotations: { 'meta.helm.sh/release-name': 'wallaroo', 'meta.helm.sh/release-namespace': 'wallaroo' } }, r, ns));
  assert.ok(isMarked({ namespace: 'wallaroo', labels: { 'app.kubernetes.io/instance': 'wallaroo' } }, r, ns));
  assert.ok(!isMarked({ namespace: 'team-a', labels: { 'app.kubernetes.io/instance': 'wallaroo' } }, r, ns));
  assert.ok(!isMarked({ labels: {} }, r, ns));
  // Another release's object is not ours, whatever label it carries.
  const other = { labels: { 'app.kubernetes.io/part-of': 'wallaroo' }, annotations: { 'meta.helm.sh/release-name': 'staging', 'meta.helm.sh/release-namespace': 'wallaroo' } };
  assert.ok(ownedByOtherRelease(other, r, ns));
  assert.ok(!isMarked(other, r, ns));
  assert.ok(ownedByOtherRelease({ annotations: { 'meta.helm.sh/release-name': 'wallaroo', 'meta.helm.sh/release-namespace': 'other' } }, r, ns));
});

test('cluster-wide leftovers by documented name or label; system-made objects; helm records', () => {
  assert.ok(isWallarooClusterObject('ClusterRole', { name: 'wallaroo-fluent-bit' }));
  assert.ok(isWallarooClusterObject('ClusterRoleBinding', { name: 'wallaroo-rest-api' }));
  assert.ok(!isWallarooClusterObject('ClusterRole', { name: 'admin' }));
  assert.ok(isWallarooClusterObject('ClusterRole', { name: 'metrics', labels: { 'app.kubernetes.io/part-of': 'wallaroo' } }));
  assert.ok(isWallarooClusterObject('StorageClass', { name: 'wallaroo-standard' }));
  assert.ok(!isWallarooClusterObject('StorageClass', { name: 'gp3' }));
  assert.ok(isWallarooClusterObject('CustomResourceDefinition', { name: 'modelconfigs.wallaroo.ai', group: 'wallaroo.ai' }));
  assert.ok(!isWallarooClusterObject('CustomResourceDefinition', { name: 'certificates.cert-manager.io', group: 'cert-manager.io' }));
  assert.ok(isSystemMade('ServiceAccount', { name: 'default' }));
  assert.ok(isSystemMade('ConfigMap', { name: 'kube-root-ca.crt' }));
  assert.ok(!isSystemMade('ConfigMap', { name: 'notes' }));
  assert.equal(helmRecordOf({ labels: { owner: 'helm', name: 'wallaroo' } }), 'wallaroo');
});
