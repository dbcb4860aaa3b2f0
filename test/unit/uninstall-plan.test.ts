// The plan is decided from the inventory alone: what keep-data and purge do to each group,
// what is never touched, what stops the uninstall before it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planUninstall, volumeFate } from '../../src/flows/uninstall/plan.ts';
import { retainedNote } from '../../src/flows/uninstall/types.ts';
import { planSections } from '../../src/render/uninstall.ts';
import { choiceSummary } from '../../screens/uninstall/ChoiceScreen.tsx';
import { sampleInventory } from '../support/uninstall-inventory.ts';

const opts = { purge: false, noHooks: false, timeoutMs: 300_000 };
const action = (plan: ReturnType<typeof planUninstall>, kind: string, name: string) => plan.items.find((i) => i.kind === kind && i.name === name)?.action;

test('keep data: helm removes the release, the installer its leftovers; data, namespaces and cluster-wide objects stay', () => {
  const p = planUninstall(sampleInventory(), opts);
  assert.equal(p.mode, 'keep');
  assert.equal(action(p, 'Deployment', 'engine'), 'helm');
  assert.equal(action(p, 'Job', 'jupyter-hub-setup'), 'delete');
  assert.equal(action(p, 'ConfigMap', 'pipeline-registry'), 'delete');
  assert.equal(action(p, 'ConfigMap', 'wallaroo-install-wallaroo'), 'delete');
  for (const [k, n] of [['PersistentVolumeClaim', 'plateau-managed-disk'], ['PersistentVolumeClaim', 'minio'], ['Namespace', 'houseprice-28'], ['ClusterRole', 'wallaroo-fluent-bit'], ['CustomResourceDefinition', 'pipelines.wallaroo.ai']]) {
    assert.equal(action(p, k, n), 'keep', `${k} ${n}`);
  }
  assert.deepEqual(p.keepInRelease.map((r) => r.name), ['plateau-managed-disk'], 'the release claim must be marked kept for helm');
  assert.equal(p.releaseNamespace.action, 'keep');
  assert.equal(p.hooks.run, true);
  assert.equal(p.blocked, undefined);
});

test('purge: data, namespaces and cluster-wide objects go; unmarked content and protected places stay', () => {
  const p = planUninstall(sampleInventory(), { ...opts, purge: true });
  assert.equal(action(p, 'PersistentVolumeClaim', 'plateau-managed-disk'), 'helm', 'helm deletes a claim of its release');
  assert.equal(action(p, 'PersistentVolumeClaim', 'minio'), 'delete');
  assert.match(p.items.find((i) => i.name === 'minio')!.reason, /purge: deleted, its volume pvc-2c3d stays \(StorageClass reclaimPolicy Retain\)/);
  assert.equal(action(p, 'Namespace', 'houseprice-28'), 'delete');
  assert.equal(action(p, 'Namespace', 'assay-5f2c'), 'untouched', 'it holds an object without marks');
  assert.equal(action(p, 'ConfigMap', 'assay-config'), 'delete', "its Wallaroo objects go one by one");
  assert.equal(action(p, 'Namespace', 'shop-12'), 'untouched');
  assert.equal(action(p, 'ConfigMap', 'stray'), 'untouched');
  assert.equal(action(p, 'CustomResourceDefinition', 'pipelines.wallaroo.ai'), 'delete');
  assert.match(p.items.find((i) => i.kind === 'CustomResourceDefinition')!.reason, /with its 2 custom resources/);
  assert.deepEqual(p.keepInRelease, []);
  assert.equal(p.releaseNamespace.action, 'delete');
});

test('the release namespace is deleted on purge only when it is Wallaroo\'s and holds nothing else', () => {
  const unmarked = planUninstall(sampleInventory({ releaseNamespace: { exists: true, marked: true, unmarked: ['ConfigMap/notes'] } }), { ...opts, purge: true });
  assert.equal(unmarked.releaseNamespace.action, 'untouched');
  assert.match(unmarked.releaseNamespace.reason, /ConfigMap\/notes/);
  const foreign = planUninstall(sampleInventory({ releaseNamespace: { exists: true, marked: false, unmarked: [] } }), { ...opts, purge: true });
  assert.equal(foreign.releaseNamespace.action, 'untouched');
  const gone = planUninstall(sampleInventory({ releaseNamespace: { exists: false, marked: false, unmarked: [] } }), { ...opts, purge: true });
  assert.equal(gone.releaseNamespace.reason, 'does not exist');
});

test('another Wallaroo release in the cluster: purge leaves the shared leftovers alone and says why', () => {
  const inv = sampleInventory();
  inv.helmRelease.others = ['staging in namespace wallaroo-staging'];
  const p = planUninstall(inv, { ...opts, purge: true });
  assert.equal(action(p, 'Namespace', 'houseprice-28'), 'untouched');
  assert.equal(action(p, 'ClusterRole', 'wallaroo-fluent-bit'), 'untouched');
  assert.ok(p.warnings.some((w) => w.code === 'W_OTHER_RELEASES'));
  assert.equal(action(p, 'PersistentVolumeClaim', 'minio'), 'delete', 'the release\'s own data still goes');
});

test('hooks: the plan says whether the uninstall hook runs', () => {
  assert.match(planUninstall(sampleInventory(), { ...opts, noHooks: true }).hooks.note, /will NOT run \(--no-hooks\)/);
  const none = sampleInventory();
  none.helmRelease.deleteHooks = [];
  assert.match(planUninstall(none, opts).hooks.note, /no uninstall hook/);
  const gone = sampleInventory({ helmRelease: { exists: false, deleteHooks: [], others: [] } });
  const p = planUninstall(gone, opts);
  assert.equal(p.hooks.run, false);
  assert.deepEqual(p.keepInRelease, [], 'no release: nothing to mark in helm');
});

test('half-states are named in the plan; a running install or an uneditable helm record stops it first', () => {
  for (const [status, code] of [['pending-upgrade', 'W_RELEASE_PENDING'], ['failed', 'W_RELEASE_FAILED'], ['uninstalling', 'W_RELEASE_UNINSTALLING']]) {
    const inv = sampleInventory();
    inv.helmRelease.status = status;
    assert.ok(planUninstall(inv, opts).warnings.some((w) => w.code === code), status);
  }
  const running = planUninstall(sampleInventory({ installRunning: { cause: 'an install of release wallaroo is already running: started by ci', fix: 'wait' } }), opts);
  assert.equal(running.blocked?.code, 'E_INSTALL_RUNNING');
  const sql = sampleInventory({ storageDriver: 'sql' });
  assert.equal(planUninstall(sql, opts).blocked?.code, 'E_KEEP_UNSUPPORTED');
  assert.equal(planUninstall(sql, { ...opts, purge: true }).blocked, undefined, 'purging needs no edit of the helm record');
});

test("a claim's data: the volume's own reclaim policy decides, its StorageClass's only when the volume cannot be read", () => {
  const claim = (pvc: object) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'minio', namespace: 'wallaroo', group: 'data' as const, pvc });
  // An admin patched the volume to Retain under a Delete class: the data stays, and the way to remove it is named.
  assert.equal(volumeFate(claim({ phase: 'Bound', volume: 'pvc-9', storageClass: 'gp3', reclaimPolicy: 'Retain', reclaimFrom: 'volume' })),
    "its volume pvc-9 stays with the data (the volume's reclaim policy is Retain; `kubectl delete pv pvc-9` removes it)");
  assert.equal(volumeFate(claim({ phase: 'Bound', volume: 'pvc-9', reclaimPolicy: 'Delete', reclaimFrom: 'volume' })), 'its volume pvc-9 is deleted with it');
  assert.match(volumeFate(claim({ phase: 'Bound', volume: 'pvc-9', reclaimPolicy: 'Delete', reclaimFrom: 'storageClass' })), /deleted with it \(by its StorageClass's reclaimPolicy; the volume itself could not be read\)/);
  assert.match(volumeFate(claim({ phase: 'Bound', volume: 'pvc-9', storageClass: 'gp3' })), /follows its own reclaim policy, which could not be read \(Delete, the usual one for a volume its StorageClass made/);
  assert.match(volumeFate(claim({ phase: 'Bound', volume: 'nfs-share', storageClass: '' })), /could not be read \(a volume made by hand usually has Retain and keeps the data\)/);
  assert.equal(volumeFate(claim({ phase: 'Lost', volume: 'pvc-9', volumeGone: true })), 'its volume pvc-9 no longer exists');
  assert.equal(volumeFate(claim({ phase: 'Pending', storageClass: 'gp3', reclaimPolicy: 'Delete', reclaimFrom: 'storageClass' })), 'it has no volume yet');
});

test('a purge says how many volumes keep their data, in the plan and in the choice', () => {
  const p = planUninstall(sampleInventory(), { ...opts, purge: true });
  // minio's volume is Retain (by its StorageClass); plateau-managed-disk's is Delete.
  assert.equal(retainedNote(p), ' (but 1 volume keeps its data: reclaim policy Retain)');
  assert.match(planSections(p).find((s) => s.group === 'data')!.title, /DELETED \(--purge\) \(but 1 volume keeps its data: reclaim policy Retain\)$/);
  assert.match(choiceSummary(p, 'purge'), /^Also DELETE the data \([^)]*\) \(but 1 volume keeps its data: reclaim policy Retain\),/);
  assert.equal(retainedNote(planUninstall(sampleInventory(), opts)), '', 'keep mode deletes no claim');
});
