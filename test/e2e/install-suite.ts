// The full install path on the fake Kubernetes API with a real helm: install → status →
// credentials → upgrade to another size → upgrade with no change, and every failure path.
// install-helm3.test.ts and install-helm4.test.ts run it for each helm major.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { runCli, jsonEvents, binPath } from '../support/cli.ts';
import { stage, PRESET } from '../support/e2e.ts';
import { helmPath, repoRoot, type HelmMajor } from '../support/tools.ts';

const ev = (stdout: string, name: string) => jsonEvents(stdout).filter((e) => e.event === name);
const failed = (stdout: string) => ev(stdout, 'failed')[0];

export function installSuite(major: HelmMajor): void {
  test(`helm ${major}: install, status, credentials, upgrade to another size, upgrade with no change`, async () => {
    const s = await stage(major, { lbDelayMs: 1200, lbAddress: { hostname: 'internal-wallaroo-1234.elb.us-east-1.amazonaws.com' } });
    try {
      const preset = s.writePreset(PRESET);
      const install = await runCli(['--preset', preset, '--json'], { env: s.env });
      assert.equal(install.code, 0, install.stdout + install.stderr);
      const steps = ev(install.stdout, 'step-finished').map((e) => `${e.step}:${e.status}`);
      // Preflight and the chart check run side by side; both end before anything is written. Then
      // the namespace is created to hold the install lock (so the secrets step has nothing to do).
      assert.deepEqual(steps, ['preflight:ok', 'chart:ok', 'secrets:skip', 'helm:ok', 'address:ok']);
      assert.ok(ev(install.stdout, 'info').some((e) => e.message === 'namespace wallaroo created (it holds the install lock)'));
      // The address is shown from our own watch while helm still runs (helm 3 only looks every 2 s).
      const events = jsonEvents(install.stdout);
      const addressAt = events.findIndex((e) => e.event === 'address');
      const helmDoneAt = events.findIndex((e) => e.event === 'step-finished' && e.step === 'helm');
      assert.deepEqual(events[addressAt].address, { hostname: 'internal-wallaroo-1234.elb.us-east-1.amazonaws.com' });
      if (major === 3) assert.ok(addressAt < helmDoneAt, 'helm 3 waits for the address itself: we show it before helm ends');
      // The lock goes back after the run's last write (the answers); helm-gate.test.ts shows it
      // goes back while a slow address is still awaited.
      const answersWrite = s.kube.requests.find((q) => q.method !== 'GET' && q.path.includes('/configmaps'));
      const leaseDelete = s.kube.requests.find((q) => q.method === 'DELETE' && q.path.includes('/leases/'));
      assert.ok(answersWrite && leaseDelete && leaseDelete.time >= answersWrite.time, 'the Lease is deleted after the answers are written');
      const result = ev(install.stdout, 'result')[0].result;
      assert.equal(result.action, 'install');
      assert.equal(result.revision, 1);
      assert.equal(result.adminUser, 'admin');
      assert.equal(result.adminPassword, '********');
      assert.deepEqual(result.address, { hostname: 'internal-wallaroo-1234.elb.us-east-1.amazonaws.com' });
      assert.deepEqual(result.dnsRecords, [{ name: 'wallaroo.example.com', type: 'CNAME', value: 'internal-wallaroo-1234.elb.us-east-1.amazonaws.com' }]);
      const svc = s.kube.get('v1', 'Service', 'wallaroo', 'api-lb-ext');
      assert.equal(svc.spec.type, 'LoadBalancer');
      assert.equal(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-internal'], 'true');
      assert.ok(s.kube.get('apps/v1', 'Deployment', 'wallaroo', 'plateau'), 'size 16 runs plateau');
      // Our API calls share keep-alive connections (client-node alone opens one per call): over
      // a real cluster each new connection is a TLS handshake, an SSH-tunnelled round trip more.
      const ours = s.kube.requests.filter((q) => !/helm|kubectl/i.test(q.userAgent ?? ''));
      const connections = new Set(ours.map((q) => q.remotePort)).size;
      assert.ok(ours.length >= 15 && connections <= ours.length * 0.75, `${ours.length} requests over ${connections} connections`);
      assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);

      const status = await runCli(['status', '--json'], { env: s.env });
      assert.equal(status.code, 0, status.stdout + status.stderr);
      const st = ev(status.stdout, 'status')[0].status;
      assert.equal(st.state, 'deployed');
      assert.equal(st.deployments.ready, st.deployments.total);
      assert.deepEqual(st.address, result.address);
      const plainStatus = await runCli(['status', '--preset', preset], { env: s.env });
      assert.match(plainStatus.stdout, /release wallaroo in namespace wallaroo: deployed, revision 1/);

      const password = Buffer.from(s.kube.get('v1', 'Secret', 'wallaroo', 'keycloak-admin-secret').data.KEYCLOAK_ADMIN_PASSWORD, 'base64').toString();
      const masked = await runCli(['credentials'], { env: s.env });
      assert.equal(masked.code, 0, masked.stderr);
      assert.match(masked.stdout, /user:\s+admin/);
      assert.ok(!masked.stdout.includes(password), 'masked without --show-secrets');
      const shown = await runCli(['credentials', '--show-secrets'], { env: s.env });
      assert.match(shown.stdout, new RegExp(`password: ${password}\\n`));

      const smaller = s.writePreset(PRESET.replace('size: 16', 'size: 8'), 'preset-8.yaml');
      const up = await runCli(['--preset', smaller, '--json'], { env: s.env });
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const upResult = ev(up.stdout, 'result')[0].result;
      assert.equal(upResult.action, 'upgrade');
      assert.equal(upResult.revision, 2);
      assert.equal(s.kube.get('apps/v1', 'Deployment', 'wallaroo', 'plateau'), undefined, 'size 8 turns plateau off');
      assert.equal(s.kube.get('apps/v1', 'Deployment', 'wallaroo', 'alerting'), undefined, 'size 8 turns alerting off');
      const pw2 = Buffer.from(s.kube.get('v1', 'Secret', 'wallaroo', 'keycloak-admin-secret').data.KEYCLOAK_ADMIN_PASSWORD, 'base64').toString();
      assert.equal(pw2, password, 'the admin password survives upgrades');

      const again = await runCli(['--preset', smaller], { env: s.env });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /Wallaroo upgraded: release wallaroo in namespace wallaroo, revision 3/);
      assert.match(again.stdout, /PF_RELEASE: release wallaroo is deployed at revision 2/);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: TLS files, registry credentials and the license appear on no argv, no output line and in no log`, async () => {
    const s = await stage(major, { lbDelayMs: 0 });
    try {
      // A helm shim that records every argv before running the real helm.
      const argvLog = join(s.dir, 'helm-argv.log');
      const shim = join(s.dir, 'helm-shim.sh');
      writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> ${argvLog}\nexec ${helmPath(major)} "$@"\n`);
      chmodSync(shim, 0o755);
      copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(s.dir, 'tls.crt'));
      copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(s.dir, 'tls.key'));
      const secrets = { MODEL_PW: 'model-registry-pw-4711', EDGE_PW: 'edge-registry-pw-0815', PULL_PW: 'image-pull-pw-1234' };
      const preset = s.writePreset(PRESET.replace('suffix: example.com', 'suffix: wallaroo.example.com\n  prefix: ""').replace('  prefix: wallaroo\n', '') + `tls:
  certFile: ./tls.crt
  keyFile: ./tls.key
registries:
  images:
    registry: registry.example.internal:5000/wallaroo
    pullSecret: { name: wallaroo-registry, username: puller, password: env:PULL_PW }
  models: { registry: models.example.com:5000, username: modeler, password: env:MODEL_PW }
  edge: { registry: edge.example.com, repository: wallaroo/edge, username: pusher, password: file:./edge-password }
`);
      writeFileSync(join(s.dir, 'edge-password'), secrets.EDGE_PW + '\n', { mode: 0o600 });
      const r = await runCli(['--preset', preset, '--show-secrets'], { env: { ...s.env, ...secrets, WALLAROO_INSTALL_HELM: shim } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const tlsKey = readFileSync(join(s.dir, 'tls.key'), 'utf8');
      const keyLine = tlsKey.split('\n')[5];
      const logFile = /^log: (.+)$/m.exec(r.stdout)![1];
      const haystacks = { argv: readFileSync(argvLog, 'utf8'), stdout: r.stdout, stderr: r.stderr, log: readFileSync(logFile, 'utf8'), helmValues: await s.helm(['get', 'values', 'wallaroo', '-n', 'wallaroo', '--all']) };
      for (const [where, text] of Object.entries(haystacks)) {
        for (const secret of [...Object.values(secrets), keyLine]) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}… must not be in ${where}`);
      }
      const admin = Buffer.from(s.kube.get('v1', 'Secret', 'wallaroo', 'keycloak-admin-secret').data.KEYCLOAK_ADMIN_PASSWORD, 'base64').toString();
      assert.ok(r.stdout.includes(admin), '--show-secrets shows the admin password on screen');
      assert.ok(!haystacks.log.includes(admin), 'but never in the log');
      const tls = s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-tls');
      assert.equal(tls.type, 'kubernetes.io/tls');
      assert.equal(Buffer.from(tls.data['tls.key'], 'base64').toString(), tlsKey);
      const pull = s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-registry');
      assert.equal(pull.type, 'kubernetes.io/dockerconfigjson');
      assert.equal(JSON.parse(Buffer.from(pull.data['.dockerconfigjson'], 'base64').toString()).auths['registry.example.internal:5000'].password, secrets.PULL_PW);
      assert.ok(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-model-registry'));
      assert.ok(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-edge-registry'));
      assert.match(haystacks.helmValues, /custTlsSecret: wallaroo-tls/);
      assert.match(haystacks.argv, /upgrade --install wallaroo/);
      const status = await runCli(['status', '--preset', preset], { env: s.env });
      assert.equal(status.code, 0, 'status needs only release and namespace, not the secrets: ' + status.stderr);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: preflight alone, and RBAC denied stops the install unless ignored`, async () => {
    const s = await stage(major);
    try {
      const preset = s.writePreset(PRESET);
      const pf = await runCli(['preflight', '--preset', preset], { env: s.env });
      assert.equal(pf.code, 0, pf.stdout + pf.stderr);
      assert.match(pf.stdout, /context "fake" \(cluster "fake-cluster"/);
      s.kube.switches.denyVerbs.add('create:clusterroles');
      const denied = await runCli(['--preset', preset, '--json'], { env: s.env });
      assert.equal(denied.code, 1);
      const f = failed(denied.stdout);
      assert.equal(f.code, 'E_PREFLIGHT');
      const rbac = ev(denied.stdout, 'finding').find((x) => x.code === 'PF_RBAC');
      assert.equal(rbac.level, 'fail');
      assert.match(rbac.message, /create rbac\.authorization\.k8s\.io\/clusterroles/);
      assert.match(f.fix, /--ignore-preflight PF_RBAC/);
      assert.equal((await s.helm(['list', '-n', 'wallaroo', '-q'])).trim(), '', 'nothing was installed');
      const ignored = await runCli(['--preset', preset, '--ignore-preflight', 'PF_RBAC', '--lb-timeout', '20s'], { env: s.env });
      assert.equal(ignored.code, 0, ignored.stdout + ignored.stderr);
      assert.match(ignored.stdout, /PF_RBAC: .*\(ignored by --ignore-preflight\)/);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a hook that fails ends with the Job, its last log lines and a next step`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.failJobs.add('jupyter-hub-setup');
      const r = await runCli(['--preset', s.writePreset(PRESET.replace('size: 16', 'size: 16\nadvanced: { helmTimeout: 60s }')), '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_HOOK_FAILED');
      assert.match(f.cause, /jupyter-hub-setup/);
      assert.match(f.cause, /last log lines/);
      assert.match(f.fix, /kubectl logs --namespace wallaroo job\/jupyter-hub-setup/);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a Deployment that never becomes ready times out naming it`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.imagePullError.add('engine');
      const r = await runCli(['--preset', s.writePreset(PRESET.replace('size: 16', 'size: 16\nadvanced: { helmTimeout: 8s }')), '--json'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      assert.equal(f.code, 'E_HELM_TIMEOUT');
      assert.match(f.cause, /deployment\/engine \(0\/1 ready: image pull error/);
      assert.match(f.fix, /check the image registry and pull secret/);
      const waiting = ev(r.stdout, 'waiting').flatMap((e) => e.items);
      assert.ok(waiting.some((i) => i.name === 'engine' && /image pull error/.test(i.reason)), 'the admin saw why while helm waited');
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: a load balancer that never gets an address`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.lbNeverAddress = true;
      const r = await runCli(['--preset', s.writePreset(PRESET.replace('size: 16', 'size: 16\nadvanced: { helmTimeout: 6s }')), '--json', '--lb-timeout', '3s'], { env: s.env });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const f = failed(r.stdout);
      // The same on both: --lb-timeout bounds the wait, counted from helm's start. helm 3's --wait
      // waits for the address too, so it is stopped once only the address is missing.
      assert.equal(f.code, 'E_LB_NO_ADDRESS');
      assert.match(f.cause, /got no address within 3s/);
      if (major === 4) assert.ok(ev(r.stdout, 'result')[0].result.adminUser, 'the credentials are still shown');
      assert.match(f.fix, /load-balancer controller/);

      // Without --lb-timeout the install's own helm timeout bounds the wait, on helm 3 and 4 alike.
      const bounded = await runCli(['--preset', s.writePreset(PRESET.replace('size: 16', 'size: 16\nadvanced: { helmTimeout: 5s }'), 'p5.yaml'), '--json'], { env: s.env });
      assert.equal(bounded.code, 1, bounded.stdout + bounded.stderr);
      assert.equal(failed(bounded.stdout).code, 'E_LB_NO_ADDRESS');
      assert.match(failed(bounded.stdout).cause, /got no address within 5s/);
    } finally {
      await s.close();
    }
  });

  // Ctrl-C (SIGINT) with helm 3, SIGTERM with helm 4: both go through the same handler.
  const sig = major === 3 ? 'SIGINT' : 'SIGTERM';
  test(`helm ${major}: ${sig} during helm stops it cleanly: release failed, not pending, exit 130; then a pending release is refused with the way out`, async () => {
    const s = await stage(major);
    try {
      s.kube.switches.neverReady.add('engine');
      const preset = s.writePreset(PRESET);
      let sent = false;
      let seen = '';
      const r = await runCli(['--preset', preset, '--json'], {
        env: s.env,
        onStdout: (chunk, child) => {
          seen += chunk;
          // SIGTERM once helm runs and the first "waiting" report arrived after it started.
          const helmAt = seen.search(/"step-started"[^\n]*"step":"helm"/);
          if (!sent && helmAt >= 0 && seen.lastIndexOf('"event":"waiting"') > helmAt) { sent = true; child.kill(sig); }
        },
      });
      assert.equal(r.code, 130, r.stdout + r.stderr);
      assert.equal(failed(r.stdout).code, 'E_CANCELLED');
      assert.match(failed(r.stdout).cause, new RegExp(`cancelled by ${sig}; release wallaroo is now failed`));
      assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: failed/);

      // Now leave it pending the way a dropped SSH session does: helm SIGKILLed mid-upgrade.
      await new Promise<void>((resolve) => {
        const h = spawn(helmPath(major), ['upgrade', 'wallaroo', s.chartArchive, '-n', 'wallaroo', '--set', 'kubernetes_distribution=eks', '--wait', '--timeout', '60s'], { env: { ...process.env, ...s.env } });
        setTimeout(() => { h.kill('SIGKILL'); }, 2500);
        h.on('close', () => resolve());
      });
      assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: pending-upgrade/);
      const pending = await runCli(['--preset', preset, '--json'], { env: s.env });
      assert.equal(pending.code, 1);
      const f = failed(pending.stdout);
      assert.equal(f.code, 'E_RELEASE_PENDING');
      assert.match(f.cause, /pending-upgrade/);
      assert.match(f.fix, /helm rollback wallaroo \d+ --namespace wallaroo|helm uninstall wallaroo --namespace wallaroo/);
    } finally {
      await s.close();
    }
  });

  test(`helm ${major}: helm missing, helm too old, no kubeconfig, unreachable API`, async () => {
    const s = await stage(major);
    try {
      const preset = s.writePreset(PRESET);
      const missing = await runCli(['--preset', preset, '--json'], { env: { ...s.env, WALLAROO_INSTALL_HELM: join(s.dir, 'no-such-helm') } });
      assert.equal(missing.code, 1);
      assert.equal(failed(missing.stdout).code, 'E_HELM_MISSING');
      assert.match(failed(missing.stdout).fix, /install helm 3\.11\.2 or newer/);

      const old = join(s.dir, 'old-helm.sh');
      writeFileSync(old, '#!/bin/sh\necho "v3.10.3+g835b733"\n');
      chmodSync(old, 0o755);
      const tooOld = await runCli(['--preset', preset, '--json'], { env: { ...s.env, WALLAROO_INSTALL_HELM: old } });
      assert.equal(tooOld.code, 1);
      assert.equal(failed(tooOld.stdout).code, 'E_HELM_TOO_OLD');
      assert.match(failed(tooOld.stdout).cause, /helm 3\.10\.3 is too old/);

      const noKube = await runCli(['--preset', preset], { env: { ...s.env, KUBECONFIG: undefined, HOME: join(s.dir, 'empty-home'), KUBERNETES_SERVICE_HOST: undefined } });
      assert.equal(noKube.code, 2);
      assert.match(noKube.stderr, /no kubeconfig found: KUBECONFIG is not set and ~\/\.kube\/config does not exist/);
      assert.doesNotMatch(noKube.stderr, /\n\s+at /);

      const dead = join(s.dir, 'dead-kubeconfig.yaml');
      writeFileSync(dead, readFileSync(s.kube.kubeconfigPath, 'utf8').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'));
      const unreachable = await runCli(['--preset', preset, '--json'], { env: { ...s.env, KUBECONFIG: dead } });
      assert.equal(unreachable.code, 1);
      assert.equal(failed(unreachable.stdout).code, 'E_API_UNREACHABLE');
      assert.match(failed(unreachable.stdout).cause, /cannot reach the Kubernetes API at http:\/\/127\.0\.0\.1:9 \(context "fake"\)/);
    } finally {
      await s.close();
    }
  });
}

export { binPath };
