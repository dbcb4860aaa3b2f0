// An upgrade that turns services off (a smaller size, a toggle) warns about each one before
// helm runs, naming the claims it leaves behind and those helm deletes with it; what it says
// is what then happens in the cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET } from '../support/e2e.ts';

test('helm 4: 16 → 8 cores with JupyterHub off: every service turned off is named, with its volumes', async () => {
  const s = await stage(4);
  try {
    const first = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // A claim JupyterHub made at run time for a user: not part of the helm release.
    s.kube.put({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim-alice', namespace: 'wallaroo', labels: { component: 'singleuser-storage', 'app.kubernetes.io/component': 'singleuser-storage' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } });
    const up = await runCli(['--preset', s.writePreset(PRESET.replace('size: 16', 'size: 8\nservices: { jupyter: false }'), 'smaller.yaml'), '--json'], { env: s.env });
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const events = jsonEvents(up.stdout);
    const off = events.filter((e) => e.event === 'warning' && e.code === 'W_SERVICE_OFF');
    assert.deepEqual(off.map((w) => w.key).sort(), ['services.alerting', 'services.jupyter', 'services.modelInsights', 'services.modelValidation', 'services.multipleLabs', 'services.plateau']);
    const helmAt = events.findIndex((e) => e.event === 'step-started' && e.step === 'helm');
    assert.ok(events.indexOf(off[0]) < helmAt, 'said before helm runs');
    const say = (key: string) => off.find((w) => w.key === key).message;
    assert.match(say('services.jupyter'), /\(services\.jupyter: false in the preset\); it leaves behind PVC claim-alice \(10Gi\): the data stays in the cluster, but nothing uses it/);
    assert.match(say('services.plateau'), /\(the 8-core sizing table\); helm deletes its PVC plateau-managed-disk \(100Gi\) and the data on it/);
    assert.match(say('services.alerting'), /it has no volumes of its own in namespace wallaroo/);
    // And so it is.
    assert.ok(s.kube.get('v1', 'PersistentVolumeClaim', 'wallaroo', 'claim-alice'), 'left behind');
    assert.equal(s.kube.get('v1', 'PersistentVolumeClaim', 'wallaroo', 'plateau-managed-disk'), undefined, 'deleted by helm');
  } finally {
    await s.close();
  }
});
