// The install lock (the Lease) goes back once the run's last write is done (the stored
// answers), not after the load balancer's address arrives: a slow address no longer keeps other
// installs of the release out, and the run ends a round trip sooner. helm 4 (which does not wait
// for load balancers) on the fake API, with an address that comes 6 s after the Service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET } from '../support/e2e.ts';
import { helmMajors } from '../support/tools.ts';

if (helmMajors.includes(4)) {
  test('helm 4: the lock goes back once the answers are stored, while a slow load balancer is still awaited', async () => {
    const s = await stage(4, { lbDelayMs: 6000, lbAddress: { hostname: 'slow-lb.elb.us-east-1.amazonaws.com' } });
    try {
      const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const address = jsonEvents(r.stdout).find((e) => e.event === 'address');
      const answersWrite = s.kube.requests.find((q) => q.method !== 'GET' && q.path.includes('/configmaps'));
      const leaseDelete = s.kube.requests.find((q) => q.method === 'DELETE' && q.path.includes('/leases/'));
      assert.ok(address && answersWrite && leaseDelete);
      assert.ok(leaseDelete.time >= answersWrite.time, 'after the last write');
      assert.ok(leaseDelete.time < Date.parse(address.time), 'before the address arrived');
      assert.deepEqual(address.address, { hostname: 'slow-lb.elb.us-east-1.amazonaws.com' });
    } finally {
      await s.close();
    }
  });
}
