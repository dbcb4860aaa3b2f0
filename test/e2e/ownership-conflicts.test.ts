// Objects of the chart that already exist and that helm would refuse to take over (another
// release's, or left behind with no helm marks): a first install names them all and stops before
// anything is written to the cluster, with helm 3 and helm 4. What helm takes over (this
// release's own marks) does not stop it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import { helmMajors } from '../support/tools.ts';

const failed = (stdout: string) => jsonEvents(stdout).find((e) => e.event === 'failed');

function storageClass(s: Stage, marks: { labels?: Record<string, string>; annotations?: Record<string, string> }): void {
  s.kube.put({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'wallaroo-standard', ...marks }, provisioner: 'ebs.csi.aws.com' });
}

function assertNothingWritten(s: Stage): void {
  const writes = s.kube.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/selfsubjectaccessreviews'));
  assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [], 'no write request reached the API');
  assert.equal(s.kube.get('v1', 'Namespace', undefined, 'wallaroo'), undefined, 'no namespace');
}

for (const major of helmMajors) {
  test(`helm ${major}: another release's StorageClass and a ConfigMap left without marks stop a first install before any write, both named`, async () => {
    const s = await stage(major);
    try {
      storageClass(s, { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'wallaroo-old', 'meta.helm.sh/release-namespace': 'old-ns' } });
      const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout)!;
      assert.equal(f.code, 'E_OBJECT_CONFLICT');
      assert.match(f.cause, /StorageClass wallaroo-standard \(cluster-wide\) belongs to release wallaroo-old in namespace old-ns/);
      assert.match(f.cause, /Nothing was changed in the cluster/);
      assert.match(f.fix, /kubectl delete storageclass\/wallaroo-standard/);
      assert.match(f.fix, /meta\.helm\.sh\/release-name=wallaroo meta\.helm\.sh\/release-namespace=wallaroo/);
      assertNothingWritten(s);

      // The namespace exists (made by hand) with a ConfigMap of the chart's in it, unmarked:
      // namespaced objects are looked for too, and every conflict is named.
      s.kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'wallaroo' } });
      s.kube.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wallaroo-config', namespace: 'wallaroo' }, data: {} });
      const again = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(again.code, 1, again.stdout + again.stderr);
      const g = failed(again.stdout)!;
      assert.equal(g.code, 'E_OBJECT_CONFLICT');
      assert.match(g.cause, /^2 objects the chart makes already exist/);
      assert.match(g.cause, /ConfigMap wallaroo-config in namespace wallaroo is not managed by helm/);
      assert.deepEqual(s.kube.list('v1', 'Secret').filter((x) => x.metadata.namespace === 'wallaroo'), [], 'no Secret');
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: --ignore-preflight PF_OBJECTS goes on with a warning; helm then refuses and its refusal is explained the same way`, async () => {
    const s = await stage(major);
    try {
      storageClass(s, {});
      const r = await runCli(['--preset', s.writePreset(PRESET), '--json', '--ignore-preflight', 'PF_OBJECTS'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const w = jsonEvents(r.stdout).find((e) => e.event === 'warning' && e.code === 'PF_OBJECTS');
      assert.match(String(w?.message), /StorageClass wallaroo-standard \(cluster-wide\) is not managed by helm; going on/);
      const f = failed(r.stdout)!;
      assert.equal(f.code, 'E_OBJECT_CONFLICT', 'helm\'s own refusal, explained');
      assert.match(f.cause, /^helm stopped before applying the chart: StorageClass wallaroo-standard \(cluster-wide\) is not managed by helm/);
      const byHelm = s.kube.requests.filter((q) => /helm/i.test(q.userAgent ?? ''));
      assert.ok(byHelm.some((q) => q.path === '/apis/storage.k8s.io/v1/storageclasses/wallaroo-standard'), 'helm itself met the StorageClass');
      assert.deepEqual(byHelm.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`), [], 'and wrote nothing');
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a StorageClass already marked as this release's is taken over: the install goes on`, async () => {
    const s = await stage(major, { lbAddress: { ip: '10.0.0.7' } });
    try {
      storageClass(s, { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'wallaroo', 'meta.helm.sh/release-namespace': 'wallaroo' } });
      const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      // The chart's own labels are on it now: helm took it over and applied the chart's version.
      assert.equal(s.kube.get('storage.k8s.io/v1', 'StorageClass', undefined, 'wallaroo-standard')?.metadata.labels?.['app.kubernetes.io/part-of'], 'wallaroo');
      // An upgrade does not look for objects in the way (its objects are its own).
      const before = s.kube.requests.length;
      const up = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const ours = s.kube.requests.slice(before).filter((q) => !/helm|kubectl/i.test(q.userAgent ?? ''));
      assert.deepEqual(ours.filter((q) => q.path === '/apis/storage.k8s.io/v1/storageclasses/wallaroo-standard').map((q) => q.method), []);
    } finally {
      await s.close();
    }
  });
}
