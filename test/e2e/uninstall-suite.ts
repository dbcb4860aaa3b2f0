// The guided uninstall on the fake Kubernetes API with a real helm: keep data then purge with
// leftovers in every group, a hook that fails then --no-hooks, failed and pending releases, a
// namespace stuck Terminating, Ctrl-C and a re-run, an install holding the lock. Bystanders
// (an unrelated namespace, an unlabelled object, kube-* and default) survive every run.
// uninstall-helm3.test.ts and uninstall-helm4.test.ts run it for each helm major.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import { helmPath, type HelmMajor } from '../support/tools.ts';
import { seedWallarooLeftovers, seedBystanders, bystandersLeft } from './uninstall-fixtures.ts';

const NS = 'wallaroo';
const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);
const failed = (stdout: string) => ev(stdout, 'failed')[0];
const planOf = (stdout: string) => ev(stdout, 'uninstall-plan')[0].plan;
const resultOf = (stdout: string) => ev(stdout, 'uninstall-result')[0]?.result;
const item = (plan: any, kind: string, name: string) => plan.items.find((i: any) => i.kind === kind && i.name === name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function installed(major: HelmMajor, opts: Parameters<typeof stage>[1] = {}): Promise<Stage> {
  const s = await stage(major, opts);
  const r = await runCli(['--preset', s.writePreset(PRESET), '--lb-timeout', '30s'], { env: s.env });
  assert.equal(r.code, 0, `install failed:\n${r.stdout}\n${r.stderr}`);
  return s;
}

/** Every object of the fake API, to prove a run changed nothing. */
function snapshot(s: Stage): string[] {
  const kinds: [string, string][] = [['v1', 'Namespace'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'PersistentVolumeClaim'], ['apps/v1', 'Deployment'],
    ['batch/v1', 'Job'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['storage.k8s.io/v1', 'StorageClass'], ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'], ['coordination.k8s.io/v1', 'Lease']];
  return kinds.flatMap(([av, k]) => s.kube.list(av, k).map((o) => `${k} ${o.metadata.namespace ?? ''}/${o.metadata.name} ${o.metadata.deletionTimestamp ? 'deleting' : ''}`)).sort();
}

export function uninstallSuite(major: HelmMajor): void {
  test(`helm ${major}: plan, no TTY without --yes, keep data, then purge of an already-uninstalled release's leftovers`, async () => {
    const s = await installed(major);
    try {
      seedWallarooLeftovers(s.kube);
      seedBystanders(s.kube);
      const before = snapshot(s);

      const p = await runCli(['uninstall', '--plan', '--json'], { env: s.env });
      assert.equal(p.code, 0, p.stdout + p.stderr);
      const plan = planOf(p.stdout);
      assert.equal(plan.mode, 'keep');
      assert.equal(plan.helmRelease.status, 'deployed');
      assert.equal(plan.hooks.run, true);
      assert.match(plan.hooks.note, /Job\/wallaroo-uninstall/);
      assert.equal(item(plan, 'Deployment', 'engine').action, 'helm');
      assert.equal(item(plan, 'StorageClass', 'wallaroo-standard').group, 'release');
      const disk = item(plan, 'PersistentVolumeClaim', 'plateau-managed-disk');
      assert.deepEqual([disk.group, disk.action, disk.inRelease, disk.pvc.size, disk.pvc.storageClass], ['data', 'keep', true, '100Gi', 'wallaroo-standard']);
      assert.equal(item(plan, 'PersistentVolumeClaim', 'minio').action, 'keep');
      assert.equal(item(plan, 'PersistentVolumeClaim', 'engine-cache').namespace, 'houseprice-28');
      assert.equal(item(plan, 'Job', 'jupyter-hub-setup').group, 'hooks');
      assert.equal(item(plan, 'ConfigMap', 'pipeline-registry').group, 'hooks');
      assert.equal(item(plan, 'ModelConfig', 'ccfraud').group, 'hooks');
      const ns = (name: string) => item(plan, 'Namespace', name);
      assert.deepEqual([ns('houseprice-28').ns.matchedBy, ns('houseprice-28').action], ['label', 'keep']);
      assert.deepEqual([ns('assay-5f2c').ns.matchedBy, ns('assay-5f2c').ns.confirmed], ['name', true]);
      assert.equal(ns('task-8d1e').action, 'keep');
      assert.equal(ns('shop-12').action, 'untouched');
      assert.match(ns('shop-12').reason, /nothing in it carries app\.kubernetes\.io\/part-of=wallaroo/);
      assert.equal(ns('team-a'), undefined, 'an unrelated namespace is not even listed');
      assert.equal(item(plan, 'ConfigMap', 'stray').action, 'untouched');
      assert.equal(item(plan, 'ConfigMap', 'gpu-plugin').action, 'untouched');
      assert.equal(item(plan, 'ClusterRole', 'wallaroo-fluent-bit').action, 'keep');
      assert.equal(item(plan, 'ClusterRole', 'team-a-reader'), undefined);
      assert.deepEqual(item(plan, 'CustomResourceDefinition', 'pipelines.wallaroo.ai').crd, { kind: 'Pipeline', customResources: 1 });
      assert.equal(item(plan, 'ConfigMap', 'wallaroo-install-wallaroo').group, 'install');
      assert.equal(item(plan, 'Lease', 'wallaroo-install-wallaroo').action, 'delete');
      assert.equal(item(plan, 'ConfigMap', 'notes'), undefined);
      assert.deepEqual(plan.access.dnsRecords, [{ name: 'wallaroo.example.com', type: 'A', value: '10.20.30.40' }]);
      assert.deepEqual(snapshot(s), before, '--plan changes nothing');

      const plain = await runCli(['uninstall', '--plan', '--purge'], { env: s.env });
      assert.equal(plain.code, 0);
      assert.match(plain.stdout, /Data: 4 claims, 165Gi: DELETED \(--purge\)/);
      assert.match(plain.stdout, /skip {3}Namespace shop-12 - its name looks like a pipeline namespace, but nothing in it carries app\.kubernetes\.io\/part-of=wallaroo/);
      assert.match(plain.stdout, /DNS record wallaroo\.example\.com A 10\.20\.30\.40/);

      const noTty = await runCli(['uninstall', '--purge'], { env: s.env });
      assert.equal(noTty.code, 2, noTty.stdout + noTty.stderr);
      assert.match(noTty.stderr, /nothing was deleted: there is no terminal to confirm on, and --yes was not given/);
      assert.match(noTty.stderr, /--yes --purge/);
      assert.deepEqual(snapshot(s), before, 'without --yes nothing is deleted');

      const keep = await runCli(['uninstall', '--yes', '--json'], { env: s.env });
      assert.equal(keep.code, 0, keep.stdout + keep.stderr);
      const r = resultOf(keep.stdout);
      assert.equal(r.clean, true, JSON.stringify(r.left));
      assert.equal(r.helm, 'uninstalled');
      await assert.rejects(s.helm(['status', 'wallaroo', '-n', NS]), /not found/);
      for (const [av, kind, n, name] of [['v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk'], ['v1', 'PersistentVolumeClaim', NS, 'minio'],
        ['v1', 'Namespace', undefined, 'houseprice-28'], ['v1', 'Namespace', undefined, 'assay-5f2c'], ['rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'wallaroo-fluent-bit'],
        ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, 'modelconfigs.wallaroo.ai'], ['v1', 'Namespace', undefined, NS]] as const) {
        assert.ok(s.kube.get(av, kind, n, name), `${kind} ${name} is kept`);
      }
      assert.equal(s.kube.get('v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk').metadata.deletionTimestamp, undefined, 'the release claim was not deleted by helm');
      for (const [av, kind, name] of [['apps/v1', 'Deployment', 'engine'], ['batch/v1', 'Job', 'jupyter-hub-setup'], ['v1', 'ConfigMap', 'pipeline-registry'],
        ['v1', 'ConfigMap', 'wallaroo-install-wallaroo'], ['coordination.k8s.io/v1', 'Lease', 'wallaroo-install-wallaroo'], ['wallaroo.ai/v1', 'ModelConfig', 'ccfraud']] as const) {
        assert.equal(s.kube.get(av, kind, NS, name), undefined, `${kind} ${name} is gone`);
      }
      assert.ok(r.kept.some((k: any) => k.name === 'plateau-managed-disk'));
      // The expired install Lease the plan listed was taken over as the uninstall's own lock, and went with it.
      assert.ok(r.removed.some((k: any) => k.kind === 'Lease' && k.name === 'wallaroo-install-wallaroo'), JSON.stringify(r.removed.filter((k: any) => k.kind === 'Lease')));
      assert.deepEqual(bystandersLeft(s.kube), []);

      // An admin keeps one claim's data by patching its volume to Retain (its class says Delete).
      const pvName = s.kube.get('v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk').spec.volumeName;
      assert.ok(pvName, 'the claim is bound to a volume');
      const pv = s.kube.get('v1', 'PersistentVolume', undefined, pvName);
      assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Delete', 'the provisioner took the class\'s policy');
      s.kube.put({ ...pv, spec: { ...pv.spec, persistentVolumeReclaimPolicy: 'Retain' } });

      // The release is gone now; its leftovers are not. Purge them.
      const purge = await runCli(['uninstall', '--yes', '--purge', '--json'], { env: s.env });
      assert.equal(purge.code, 0, purge.stdout + purge.stderr);
      const pp = planOf(purge.stdout);
      assert.equal(pp.helmRelease.exists, false);
      assert.match(pp.releaseNamespace.reason, /holds objects without Wallaroo's marks \(ConfigMap\/notes\)/);
      assert.match(item(pp, 'PersistentVolumeClaim', 'plateau-managed-disk').reason,
        new RegExp(`purge: deleted, its volume ${pvName} stays with the data \\(the volume's reclaim policy is Retain; \`kubectl delete pv ${pvName}\` removes it\\)`));
      const pr = resultOf(purge.stdout);
      assert.equal(pr.clean, true, JSON.stringify(pr.left));
      assert.equal(pr.helm, 'not installed');
      const keptPv = pr.kept.find((k: any) => k.kind === 'PersistentVolume');
      assert.equal(keptPv?.name, pvName, JSON.stringify(pr.kept));
      assert.match(keptPv.reason, /holds the data of claim plateau-managed-disk \(namespace wallaroo\): its reclaim policy is Retain/);
      assert.equal(s.kube.get('v1', 'PersistentVolume', undefined, pvName)?.status.phase, 'Released', 'the volume and its data stay');
      for (const name of ['houseprice-28', 'assay-5f2c', 'task-8d1e']) assert.equal(s.kube.get('v1', 'Namespace', undefined, name), undefined, `${name} purged`);
      assert.equal(s.kube.list('v1', 'PersistentVolumeClaim', NS).length, 0);
      assert.equal(s.kube.list('apiextensions.k8s.io/v1', 'CustomResourceDefinition').filter((c) => c.spec.group === 'wallaroo.ai').length, 0);
      assert.equal(s.kube.list('rbac.authorization.k8s.io/v1', 'ClusterRole').filter((c) => c.metadata.name.startsWith('wallaroo-')).length, 0);
      assert.equal(s.kube.list('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding').filter((c) => c.metadata.name.startsWith('wallaroo-')).length, 0);
      assert.ok(s.kube.get('v1', 'Namespace', undefined, NS), 'the release namespace stays: it holds an object without marks');
      assert.deepEqual(bystandersLeft(s.kube), []);

      // Again: nothing left to do, still clean.
      const again = await runCli(['uninstall', '--yes', '--purge'], { env: s.env });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /nothing of Wallaroo's is left beyond what was kept on purpose/);
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: the uninstall hook fails: its Job's last log lines and the --no-hooks way on; then --no-hooks`, async () => {
    const s = await installed(major);
    try {
      seedBystanders(s.kube);
      s.kube.switches.failJobs.add('wallaroo-uninstall');
      const r = await runCli(['uninstall', '--yes', '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_HOOK_FAILED');
      assert.match(f.cause, /job wallaroo-uninstall/);
      assert.match(f.cause, /error: migration failed: connection refused/);
      assert.match(f.cause, /nothing else was deleted/);
      assert.match(f.fix, /--yes --no-hooks/);
      const hf = ev(r.stdout, 'uninstall-hook-failed')[0];
      assert.deepEqual(hf.logTail, ['error: migration failed: connection refused']);
      assert.ok(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), 'the release objects are still there');
      assert.match(await s.helm(['status', 'wallaroo', '-n', NS]), /STATUS: uninstalling/);

      const plain = await runCli(['uninstall', '--yes'], { env: s.env });
      assert.equal(plain.code, 1);
      assert.match(plain.stdout, /the uninstall hook failed: job wallaroo-uninstall in namespace wallaroo/);
      assert.match(plain.stdout, / {4}error: migration failed: connection refused/);
      assert.match(plain.stdout, /warning: release wallaroo is uninstalling/);

      const skip = await runCli(['uninstall', '--yes', '--no-hooks', '--json'], { env: s.env });
      assert.equal(skip.code, 0, skip.stdout + skip.stderr);
      assert.match(planOf(skip.stdout).hooks.note, /will NOT run \(--no-hooks\)/);
      assert.equal(resultOf(skip.stdout).clean, true, JSON.stringify(resultOf(skip.stdout).left));
      assert.equal(s.kube.get('batch/v1', 'Job', NS, 'wallaroo-uninstall'), undefined, 'the failed hook Job is cleaned up');
      assert.equal(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), undefined);
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a failed release and a pending-install release uninstall; a held install lock is refused`, async () => {
    const s = await stage(major);
    try {
      seedBystanders(s.kube);
      const env = { ...process.env, ...s.env };
      s.kube.switches.neverReady.add('engine');
      const uninstalled = async (rel: string, state: string) => {
        const r = await runCli(['uninstall', '--release', rel, '-n', rel, '--yes', '--json'], { env: s.env });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const plan = planOf(r.stdout);
        assert.equal(plan.helmRelease.status, state);
        assert.ok(plan.warnings.some((w: any) => w.code === (state === 'failed' ? 'W_RELEASE_FAILED' : 'W_RELEASE_PENDING')));
        assert.equal(resultOf(r.stdout).clean, true, JSON.stringify(resultOf(r.stdout).left));
        await assert.rejects(s.helm(['status', rel, '-n', rel]), /not found/);
        assert.equal(s.kube.list('apps/v1', 'Deployment', rel).length, 0);
      };
      // failed: helm's own --wait gives up.
      await assert.rejects(s.helm(['install', 'wf', s.chartArchive, '-n', 'wf', '--create-namespace', '--set', 'kubernetes_distribution=eks', '--wait', '--timeout', '3s']));
      assert.match(await s.helm(['status', 'wf', '-n', 'wf']), /STATUS: failed/);
      await uninstalled('wf', 'failed');

      // pending-install: helm killed mid-install, as a dropped SSH session leaves it.
      await new Promise<void>((resolve) => {
        const h = spawn(helmPath(major), ['install', 'wp', s.chartArchive, '-n', 'wp', '--create-namespace', '--set', 'kubernetes_distribution=eks', '--wait', '--timeout', '60s'], { env });
        const poll = setInterval(() => {
          if (s.kube.get('v1', 'Secret', 'wp', 'sh.helm.release.v1.wp.v1')) { clearInterval(poll); setTimeout(() => h.kill('SIGKILL'), 300); }
        }, 50);
        h.on('close', () => { clearInterval(poll); resolve(); });
      });
      assert.match(await s.helm(['status', 'wp', '-n', 'wp']), /STATUS: pending-install/);

      // An install holding the lock right now: refused, nothing touched.
      s.kube.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'wallaroo-install-wp', namespace: 'wp' },
        spec: { holderIdentity: 'ci@runner-7 pid 77', leaseDurationSeconds: 300, renewTime: new Date().toISOString() } });
      const locked = await runCli(['uninstall', '--release', 'wp', '-n', 'wp', '--yes', '--json'], { env: s.env });
      assert.equal(locked.code, 1, locked.stdout + locked.stderr);
      assert.equal(failed(locked.stdout).code, 'E_INSTALL_RUNNING');
      assert.match(failed(locked.stdout).cause, /already running: started by ci on runner-7 \(pid 77\)/);
      assert.match(await s.helm(['status', 'wp', '-n', 'wp']), /STATUS: pending-install/);
      // The same lock, expired (its holder died): the uninstall goes ahead and removes it.
      s.kube.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'wallaroo-install-wp', namespace: 'wp' },
        spec: { holderIdentity: 'ci@runner-7 pid 77', leaseDurationSeconds: 300, renewTime: new Date(Date.now() - 600_000).toISOString() } });
      await uninstalled('wp', 'pending-install');
      assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', 'wp', 'wallaroo-install-wp'), undefined, 'the expired lock is removed');
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: purge with a namespace stuck Terminating and a finalizer nobody removes: what is left and why, within --timeout; fixed, a re-run is clean`, async () => {
    const s = await installed(major);
    try {
      seedWallarooLeftovers(s.kube);
      seedBystanders(s.kube);
      s.kube.switches.stuckNamespaces.add('task-8d1e');
      s.kube.put({ apiVersion: 'wallaroo.ai/v1', kind: 'ModelConfig', metadata: { name: 'held', namespace: 'houseprice-28', labels: { 'app.kubernetes.io/part-of': 'wallaroo' }, finalizers: ['wallaroo.ai/model-cleanup'] } });
      const t0 = Date.now();
      const r = await runCli(['uninstall', '--yes', '--purge', '--timeout', '3s', '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(Date.now() - t0 < 90_000, 'bounded');
      assert.equal(failed(r.stdout).code, 'E_LEFTOVERS');
      const left = resultOf(r.stdout).left;
      const why = (kind: string, name: string) => left.find((l: any) => l.kind === kind && l.name === name)?.reason ?? '';
      assert.match(why('Namespace', 'task-8d1e'), /namespace stuck Terminating: Discovery failed/);
      assert.match(why('Namespace', 'houseprice-28'), /namespace stuck Terminating: .*finalizers remaining: wallaroo\.ai\/model-cleanup in 1 resource instances/);
      assert.match(why('CustomResourceDefinition', 'modelconfigs.wallaroo.ai'), /Terminating: CustomResource deletion is in progress/);
      assert.match(why('ModelConfig', 'held'), /held by finalizer wallaroo\.ai\/model-cleanup/);
      assert.deepEqual(bystandersLeft(s.kube), []);

      // The admin fixes the causes (the API comes back, the finalizer's controller is gone so it is removed).
      s.kube.switches.stuckNamespaces.delete('task-8d1e');
      const cr = s.kube.get('wallaroo.ai/v1', 'ModelConfig', 'houseprice-28', 'held');
      s.kube.put({ ...cr, metadata: { ...cr.metadata, finalizers: [] } });
      const again = await runCli(['uninstall', '--yes', '--purge', '--json'], { env: s.env });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(resultOf(again.stdout).clean, true, JSON.stringify(resultOf(again.stdout).left));
      for (const name of ['houseprice-28', 'task-8d1e']) assert.equal(s.kube.get('v1', 'Namespace', undefined, name), undefined);
      assert.deepEqual(bystandersLeft(s.kube), []);
    } finally {
      await s.close();
    }
  });

  const sig = major === 3 ? 'SIGINT' : 'SIGTERM';
  test(`helm ${major}: an uninstall holds the install lock: an install and a status meanwhile are told; ${sig} while the hook runs stops cleanly and says what was removed; running again continues`, async () => {
    const s = await installed(major);
    try {
      seedWallarooLeftovers(s.kube);
      seedBystanders(s.kube);
      s.kube.delays.jobDelayMs = 60_000;   // the uninstall hook now takes a minute
      let seen = '';
      let hookRunning!: (child: ReturnType<typeof spawn>) => void;
      const running = new Promise<ReturnType<typeof spawn>>((r) => { hookRunning = r; });
      const run = runCli(['uninstall', '--yes', '--json'], {
        env: s.env,
        onStdout: (chunk, child) => {
          seen += chunk;
          if (/"event":"waiting"[^\n]*uninstall hook running/.test(seen)) hookRunning(child);
        },
      });
      const child = await running;
      // Meanwhile: the lock is the uninstall's, and an install of the release is refused with who runs what.
      const lease = s.kube.get('coordination.k8s.io/v1', 'Lease', NS, 'wallaroo-install-wallaroo');
      assert.equal(lease?.metadata.annotations['wallaroo-install/operation'], 'uninstall', JSON.stringify(lease?.metadata));
      const install = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
      assert.equal(install.code, 1, install.stdout + install.stderr);
      assert.equal(failed(install.stdout).code, 'E_UNINSTALL_RUNNING');
      assert.match(failed(install.stdout).cause, /an uninstall of release wallaroo in namespace wallaroo is running: started by .*; its log: \S+-uninstall\.log/);
      assert.match(failed(install.stdout).fix, /wait for it to end/);
      const status = await runCli(['status', '--json'], { env: s.env });
      assert.ok(ev(status.stdout, 'warning').some((w: any) => w.code === 'W_UNINSTALL_RUNNING'), status.stdout);
      child.kill(sig);
      const r = await run;
      assert.equal(r.code, 130, r.stdout + r.stderr);
      assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', NS, 'wallaroo-install-wallaroo'), undefined, 'a cancelled uninstall gives the lock back');
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_CANCELLED');
      // helm had started (the hook ran): said, with the state it leaves.
      assert.match(f.cause, new RegExp(`cancelled \\(cancelled by ${sig}\\): helm uninstall had started and was stopped, so release wallaroo may be left "uninstalling"`));
      assert.match(f.fix, /run the same uninstall command again to finish it/);
      assert.equal(resultOf(r.stdout).cancelled, true);
      assert.equal(resultOf(r.stdout).helm, 'stopped');
      assert.ok(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), 'helm was stopped before it deleted anything');
      s.kube.delays.jobDelayMs = 0;
      await sleep(200);
      const again = await runCli(['uninstall', '--yes', '--json'], { env: s.env });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(resultOf(again.stdout).clean, true);
      assert.equal(s.kube.get('apps/v1', 'Deployment', NS, 'engine'), undefined);
      assert.ok(s.kube.get('v1', 'PersistentVolumeClaim', NS, 'plateau-managed-disk'), 'the data is still kept');
      assert.deepEqual(bystandersLeft(s.kube), []);
      // `attach` replays the last run of the release from this machine, and says it was an uninstall.
      const att = await runCli(['attach', '--json'], { env: s.env });
      assert.equal(att.code, 0, att.stdout + att.stderr);
      assert.match(ev(att.stdout, 'info')[0].message, /no install of release wallaroo is running; the last run from this machine \(an uninstall, started /);
      assert.ok(resultOf(att.stdout)?.clean, 'its result is replayed');
    } finally {
      await s.close();
    }
  });
}
