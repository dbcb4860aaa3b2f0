// The install lock's decision: free, ours, held, or stale (expired, or its process gone here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeLease, leaseView, LEASE_DURATION_SECONDS, type JudgeContext } from '../../src/session/lease.ts';
import { parseHolder, holderIdentity, runIsAlive } from '../../src/session/run-record.ts';
import { hostname } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { withInstallLock, heartbeat, InstallRunning } from '../../src/session/install-lock.ts';
import { EventBus as Bus } from '../../src/flows/events.ts';
import { findRunRecord, writeRunRecord } from '../../src/session/run-record.ts';
import { scratchDir } from '../support/tools.ts';

const now = new Date('2025-06-01T12:00:00Z');
const ctx = (over: Partial<JudgeContext> = {}): JudgeContext => ({ now, me: 'me@here pid 1', thisHost: 'here', isAlive: () => true, ...over });
const ago = (s: number) => new Date(now.getTime() - s * 1000);

test('no lease, or one without a holder (given back), is free; our own is ours', () => {
  assert.deepEqual(judgeLease(undefined, ctx()), { state: 'free' });
  assert.deepEqual(judgeLease({ annotations: {} }, ctx()), { state: 'free' });
  assert.deepEqual(judgeLease({ holder: 'me@here pid 1', renewTime: ago(1), annotations: {} }, ctx()), { state: 'ours' });
});

test('renewed within its duration: held, by anyone anywhere', () => {
  const v = judgeLease({ holder: 'alice@box pid 7', renewTime: ago(20), durationSeconds: 60, annotations: {} }, ctx());
  assert.deepEqual(v, { state: 'held', holder: 'alice@box pid 7', renewedAgoMs: 20_000 });
  // A renewTime slightly in the future (clock skew) is held, not negative.
  assert.equal((judgeLease({ holder: 'alice@box pid 7', renewTime: new Date(now.getTime() + 3000), annotations: {} }, ctx()) as any).renewedAgoMs, 0);
});

test('past its duration: stale, with the reason', () => {
  const v = judgeLease({ holder: 'alice@box pid 7', renewTime: ago(LEASE_DURATION_SECONDS + 1), annotations: {} }, ctx());
  assert.equal(v.state, 'stale');
  assert.match((v as any).why, /last renewed 61s ago, past its 60s lease/);
  assert.equal(judgeLease({ holder: 'alice@box pid 7', renewTime: ago(100), durationSeconds: 300, annotations: {} }, ctx()).state, 'held', 'its own duration counts');
  assert.equal(judgeLease({ holder: 'alice@box pid 7', annotations: {} }, ctx()).state, 'stale', 'never renewed');
});

test('on this machine, a holder whose process is gone is stale at once', () => {
  const l = { holder: 'bob@here pid 4242', renewTime: ago(2), annotations: {} };
  const v = judgeLease(l, ctx({ isAlive: (pid) => pid !== 4242 }));
  assert.equal(v.state, 'stale');
  assert.match((v as any).why, /its process \(pid 4242 on this machine\) is gone/);
  assert.equal(judgeLease(l, ctx({ thisHost: 'elsewhere', isAlive: () => false })).state, 'held', 'another machine\'s pids are not ours to check');
});

test('holder identities: user@host pid N', () => {
  assert.deepEqual(parseHolder('alice@build-box-7 pid 4242'), { user: 'alice', host: 'build-box-7', pid: 4242 });
  assert.deepEqual(parseHolder('some-controller'), { user: undefined, host: 'some-controller', pid: undefined });
  assert.match(holderIdentity(), new RegExp(`^\\S+@${hostname().replace(/[.]/g, '\\.')} pid ${process.pid}$`));
});

test('a live pid counts only if it is a wallaroo-install', () => {
  assert.equal(runIsAlive(process.pid), process.argv.join(' ').includes('wallaroo-install'), 'the test runner is not one');
  const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
  assert.equal(runIsAlive(gone), false);
});

test('lease times are read from the API\'s MicroTime strings', () => {
  const v = leaseView({ spec: { holderIdentity: 'a@b pid 1', renewTime: '2025-06-01T11:59:30.123456Z' as any, leaseDurationSeconds: 60 }, metadata: { resourceVersion: '9', annotations: { x: 'y' } } });
  assert.equal(v.renewTime!.toISOString(), '2025-06-01T11:59:30.123Z');
  assert.equal(v.resourceVersion, '9');
  assert.equal(judgeLease(v, ctx()).state, 'held');
});

test('heartbeat: renews with the version it last wrote; a lock taken over is said once, then left alone', async () => {
  const bus = new Bus();
  const warnings: any[] = [];
  bus.on((e) => { if (e.type === 'warning') warnings.push(e); });
  const writes: { rv: string; renew: Date }[] = [];
  let holder = 'me@here pid 1';
  let rv = 1;
  const conflict = () => Object.assign(new Error('Conflict'), { code: 409 });
  const io = {
    name: 'wallaroo-install-w',
    read: async () => ({ metadata: { resourceVersion: String(rv) }, spec: { holderIdentity: holder } }),
    create: async () => { throw new Error('not used'); },
    replace: async (s: any, version: string) => {
      if (version !== String(rv) || holder !== s.holder) throw conflict();
      writes.push({ rv: version, renew: s.renewTime });
      rv++;
      return { metadata: { resourceVersion: String(rv) } };
    },
    delete: async () => {},
  };
  const spec = { holder: 'me@here pid 1', acquireTime: new Date(0), renewTime: new Date(0), transitions: 0, annotations: {} };
  const held: any = { client: io, spec, resourceVersion: '1', record: {} };
  const stop = heartbeat(bus, held, 20);
  const until = async (cond: () => boolean) => { for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10)); };
  await until(() => writes.length >= 2);
  assert.deepEqual(writes.slice(0, 2).map((w) => w.rv), ['1', '2']);
  assert.ok(writes[1].renew.getTime() >= writes[0].renew.getTime(), "renewTime moves on");
  rv += 5; // someone else touched it (still ours): carry on from its version
  const before = writes.length;
  await until(() => writes.length > before);
  assert.ok(writes.length > before);
  holder = 'alice@box pid 7'; // taken over
  await until(() => warnings.length > 0);
  await new Promise((r) => setTimeout(r, 100));
  stop();
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].code, 'W_LOCK_LOST');
  assert.match(warnings[0].message, /taken over by alice@box pid 7/);
});

test('heartbeat: a slow API gets one renewal at a time (ticks are skipped, not queued); stop waits only for the one out', async () => {
  let out = 0;
  let most = 0;
  let calls = 0;
  const io = {
    name: 'wallaroo-install-w',
    read: async () => undefined,
    create: async () => { throw new Error('not used'); },
    replace: async () => {
      calls++; out++; most = Math.max(most, out);
      await new Promise((r) => setTimeout(r, 100)); // five ticks long
      out--;
      return { metadata: { resourceVersion: String(calls + 1) } };
    },
    delete: async () => {},
  };
  const held: any = { client: io, spec: { holder: 'me', acquireTime: new Date(0), renewTime: new Date(0), transitions: 0, annotations: {} }, resourceVersion: '1', record: {} };
  const stop = heartbeat(new Bus(), held, 20);
  await new Promise((r) => setTimeout(r, 330));
  const t0 = Date.now();
  await stop();
  const waited = Date.now() - t0;
  const atStop = calls;
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(most, 1, 'never two renewals at once');
  assert.ok(calls <= 4, `about one renewal per 100 ms, not one per tick: ${calls}`);
  assert.ok(waited <= 110, `stop waited for the renewal out only: ${waited} ms`);
  assert.equal(calls, atStop, 'nothing runs after stop');
});

// withInstallLock against a fake Lease and namespace API.

function fakeCluster(o: { namespace?: boolean; lease?: any; createError?: number; raceHolder?: string } = {}) {
  const calls: string[] = [];
  let lease = o.lease;
  let rv = 10;
  const err = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
  const io = {
    name: 'wallaroo-install-w',
    read: async () => { calls.push('read'); return lease; },
    create: async (s: any) => {
      calls.push('create');
      if (o.createError) throw err(o.createError);
      if (!ns) throw err(404); // no namespace to put it in
      if (lease) throw err(409); // AlreadyExists, as the API server says
      if (o.raceHolder) { lease = { metadata: { resourceVersion: '99' }, spec: { holderIdentity: o.raceHolder, renewTime: new Date().toISOString(), leaseDurationSeconds: 60 } }; throw err(409); }
      lease = { metadata: { resourceVersion: String(++rv) }, spec: { holderIdentity: s.holder, renewTime: s.renewTime } };
      return lease;
    },
    replace: async (s: any, v: string) => {
      calls.push(`replace:${v}`);
      lease = { metadata: { resourceVersion: String(++rv) }, spec: { holderIdentity: s.holder, renewTime: s.renewTime } };
      return lease;
    },
    delete: async (v?: string) => { calls.push(`delete:${v}`); lease = undefined; },
  };
  let ns = o.namespace ?? true;
  const c: any = {
    target: { kc: undefined, context: 'ctx', server: `https://k8s-${Math.random()}` },
    api: { core: {
      readNamespace: async () => { if (!ns) throw err(404); return { status: { phase: 'Active' } }; },
      createNamespace: async () => { calls.push('create-namespace'); ns = true; return {}; },
    } },
  };
  return { c, io, calls, lease: () => lease };
}

function lockBus() {
  const bus = new Bus();
  const events: any[] = [];
  bus.on((e) => events.push(e));
  return { bus, events };
}

test('withInstallLock: takes the Lease, records the run, gives both back at the end', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const f = fakeCluster({ namespace: false });
  const { bus, events } = lockBus();
  const logFile = '/tmp/x/2025-install.log';
  const out = await withInstallLock(bus, f.c, { release: 'w', namespace: 'ns' }, { logFile, openLease: async () => f.io }, async () => {
    const rec = findRunRecord({ server: f.c.target.server, namespace: 'ns', release: 'w' })!;
    assert.equal(rec.pid, process.pid);
    assert.equal(rec.eventsFile, '/tmp/x/2025-install.events.jsonl');
    assert.equal(rec.endedAt, undefined);
    assert.equal(f.lease().spec.holderIdentity, holderIdentity());
    return 42;
  });
  assert.equal(out, 42);
  // Created without a read first; given back with the version it wrote, without a read either.
  assert.deepEqual(f.calls, ['create-namespace', 'create', 'delete:11']);
  assert.ok(events.some((e) => e.type === 'info' && /namespace ns created \(it holds the install lock\)/.test(e.message)));
  assert.equal(f.lease(), undefined);
  assert.ok(findRunRecord({ server: f.c.target.server, namespace: 'ns', release: 'w' })!.endedAt);
});

test('withInstallLock: held on another machine → InstallRunning, nothing runs; a race lost → the winner is named', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const held = { metadata: { resourceVersion: '5', annotations: { 'wallaroo-install/log-file': '/l.log' } }, spec: { holderIdentity: 'alice@box-9 pid 77', acquireTime: new Date().toISOString(), renewTime: new Date().toISOString(), leaseDurationSeconds: 60 } };
  const f = fakeCluster({ lease: held });
  let ran = false;
  await assert.rejects(withInstallLock(lockBus().bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io }, async () => { ran = true; }),
    (e: InstallRunning) => e instanceof InstallRunning && e.exitCode === 1 && !e.run.local && e.run.host === 'box-9' && e.run.logFile === '/l.log'
      && /already running: started by alice on box-9 \(pid 77\)/.test(e.cause_) && /follow it on box-9/.test(e.fix));
  assert.equal(ran, false);

  const race = fakeCluster({ raceHolder: 'bob@box-2 pid 5' });
  await assert.rejects(withInstallLock(lockBus().bus, race.c, { release: 'w', namespace: 'ns' }, { openLease: async () => race.io }, async () => {}),
    (e: InstallRunning) => e instanceof InstallRunning && e.run.holder === 'bob@box-2 pid 5');
  assert.deepEqual(race.calls, ['create', 'read']);
});

test('withInstallLock: without the right to create Leases it warns and runs anyway', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const f = fakeCluster({ createError: 403 });
  const { bus, events } = lockBus();
  let ran = false;
  await withInstallLock(bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io }, async () => { ran = true; });
  assert.ok(ran);
  const w = events.find((e) => e.type === 'warning');
  assert.equal(w.code, 'W_NO_INSTALL_LOCK');
  assert.match(w.message, /cannot take the install lock \(Lease wallaroo-install-w in namespace ns\): HTTP 403; another install of this release could run at the same time/);
});

test('withInstallLock: no right to create Leases, but one is held by a running install → InstallRunning all the same', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const held = { metadata: { resourceVersion: '5', annotations: {} }, spec: { holderIdentity: 'alice@box-9 pid 77', acquireTime: new Date().toISOString(), renewTime: new Date().toISOString(), leaseDurationSeconds: 60 } };
  const f = fakeCluster({ createError: 403, lease: held });
  let ran = false;
  await assert.rejects(withInstallLock(lockBus().bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io }, async () => { ran = true; }),
    (e: InstallRunning) => e instanceof InstallRunning && e.run.holder === 'alice@box-9 pid 77');
  assert.equal(ran, false);
});

test('withInstallLock: preflight saw the namespace, it is gone by the lock: made again, then the Lease', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const f = fakeCluster({ namespace: false });
  const { bus, events } = lockBus();
  await withInstallLock(bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io, namespace: 'exists' }, async () => {});
  assert.deepEqual(f.calls, ['create', 'create-namespace', 'create', 'delete:11']);
  assert.ok(events.some((e) => e.type === 'info' && /namespace ns created/.test(e.message)));
  assert.ok(!events.some((e) => e.type === 'warning'));
});

test('withInstallLock: a live install of this release on this machine (its run record) is named as local', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const f = fakeCluster();
  // A stand-in wallaroo-install process that holds the first lock while the second tries.
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)', 'wallaroo-install'], { stdio: 'ignore' });
  try {
    writeRunRecord({ server: f.c.target.server, namespace: 'ns', release: 'w', context: 'ctx', pid: other.pid!, host: hostname(), user: 'me', holder: `me@${hostname()} pid ${other.pid}`, startedAt: new Date().toISOString(), logFile: '/a.log', eventsFile: '/a.events.jsonl', version: '0' });
    await assert.rejects(withInstallLock(lockBus().bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io }, async () => {}),
      (e: InstallRunning) => e instanceof InstallRunning && e.run.local && e.run.pid === other.pid && e.run.eventsFile === '/a.events.jsonl' && /wallaroo-install attach --release w -n ns --context ctx/.test(e.fix));
    assert.deepEqual(f.calls, [], 'the cluster was not even asked');
  } finally { other.kill(); }
});

test('an uninstall takes the same lock: marked as an uninstall, never makes the namespace, and can give it back early', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  // The namespace is gone: nothing to guard, and an uninstall does not make it.
  const gone = fakeCluster({ namespace: false });
  const { bus, events } = lockBus();
  let held: boolean | undefined;
  await withInstallLock(bus, gone.c, { release: 'w', namespace: 'ns' }, { operation: 'uninstall', openLease: async () => gone.io }, async (lock) => { held = lock.held; });
  assert.equal(held, false);
  assert.deepEqual(gone.calls, [], 'no namespace made, no Lease');
  assert.ok(!events.some((e) => e.type === 'warning'), 'and nothing to warn about');

  const f = fakeCluster();
  let annotations: Record<string, string> | undefined;
  f.io.create = ((create) => async (s: any) => { annotations = s.annotations; return create(s); })(f.io.create);
  await withInstallLock(lockBus().bus, f.c, { release: 'w', namespace: 'ns' }, { operation: 'uninstall', openLease: async () => f.io }, async (lock) => {
    assert.equal(lock.held, true);
    assert.equal(findRunRecord({ server: f.c.target.server, namespace: 'ns', release: 'w' })!.operation, 'uninstall');
    await lock.releaseNow();
    assert.equal(f.lease(), undefined, 'given back before the end (the namespace that holds it is deleted next)');
  });
  assert.equal(annotations?.['wallaroo-install/operation'], 'uninstall');
  assert.deepEqual(f.calls, ['create', 'delete:11'], 'given back once');
});

test('an install finding an uninstall at work: E_UNINSTALL_RUNNING, who and since when, and to wait (nothing to follow)', async () => {
  process.env.WALLAROO_INSTALL_HOME = scratchDir('lock-home');
  const held = { metadata: { resourceVersion: '5', annotations: { 'wallaroo-install/operation': 'uninstall' } }, spec: { holderIdentity: 'alice@box-9 pid 77', acquireTime: new Date().toISOString(), renewTime: new Date().toISOString(), leaseDurationSeconds: 60 } };
  const f = fakeCluster({ lease: held });
  await assert.rejects(withInstallLock(lockBus().bus, f.c, { release: 'w', namespace: 'ns' }, { openLease: async () => f.io }, async () => {}),
    (e: InstallRunning) => e instanceof InstallRunning && e.code === 'E_UNINSTALL_RUNNING' && e.exitCode === 1 && e.run.operation === 'uninstall'
      && /^an uninstall of release w in namespace ns is running: started by alice on box-9 \(pid 77\)/.test(e.cause_)
      && /wait for it to end/.test(e.fix) && !/attach/.test(e.fix) && /the lock expires 60s after its last renewal/.test(e.fix));
});
