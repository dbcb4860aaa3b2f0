// The built CLI against API faults and Ctrl-C, on the fake Kubernetes API with the real helm 3:
// a proxy in front of the API refuses, forbids or slows chosen requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { writeFileSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { stage, PRESET } from '../support/e2e.ts';
import { repoRoot, scratchDir } from '../support/tools.ts';
import { closedPort } from '../support/net.ts';

type Rule = (req: IncomingMessage) => { status: number; body?: unknown } | { delayMs: number } | undefined;

/** An HTTP proxy to `target` that answers or delays requests matching `rule`. */
async function apiProxy(target: string, rule: Rule): Promise<{ url: string; seen: string[]; close: () => void }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    const r = rule(req);
    if (r && 'status' in r) {
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(r.body === undefined ? '' : JSON.stringify(r.body));
      return;
    }
    const forward = () => {
      const up = request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (u) => { res.writeHead(u.statusCode!, u.headers); u.pipe(res); });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (r && 'delayMs' in r) setTimeout(forward, r.delayMs); else forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, close: () => { server.closeAllConnections(); server.close(); } };
}

function kubeconfig(dir: string, server: string, name = 'proxied'): string {
  const path = join(dir, `kubeconfig-${name}.yaml`);
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "${server}", insecure-skip-tls-verify: true }
contexts:
- name: ${name}
  context: { cluster: c, user: u }
current-context: ${name}
users:
- name: u
  user: { token: t }
`, { mode: 0o600 });
  return path;
}

const status = (code: number, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: code === 403 ? 'Forbidden' : 'NotFound', code });
const failedEvent = (stdout: string) => jsonEvents(stdout).find((e) => e.event === 'failed');

test('status and credentials: an unreachable API, an outage, 403 and 401 are explained, never "not installed" or internal', async () => {
  const s = await stage(3);
  try {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const down = await runCli(['status', '--json'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, closed, 'down') } });
    assert.equal(down.code, 1, down.stdout + down.stderr);
    const f = failedEvent(down.stdout);
    assert.equal(f.code, 'E_RELEASE_STATE');
    assert.match(f.cause, /cannot read the state of release wallaroo in namespace wallaroo: Kubernetes cluster unreachable: .*connection refused/);
    assert.match(f.fix, /kubectl cluster-info/);
    assert.ok(!jsonEvents(down.stdout).some((e) => e.event === 'status'), 'no "not installed" status');

    s.kube.switches.unavailable = true;
    const outage = await runCli(['status'], { env: s.env });
    s.kube.switches.unavailable = false;
    assert.equal(outage.code, 1);
    assert.match(outage.stderr, /cannot read the state of release wallaroo .*unable to handle the request \[E_RELEASE_STATE\]/);
    assert.match(outage.stderr, /next: the API server is up but cannot serve requests/);
    assert.doesNotMatch(outage.stdout + outage.stderr, /not installed|internal error|please report/);

    const forbidden = await apiProxy(s.kube.url, (req) => req.url!.includes('/secrets/keycloak-admin-secret')
      ? { status: 403, body: status(403, 'secrets "keycloak-admin-secret" is forbidden: User "viewer" cannot get resource "secrets" in API group "" in the namespace "wallaroo"') } : undefined);
    try {
      const creds = await runCli(['credentials', '--json'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, forbidden.url) } });
      assert.equal(creds.code, 1, creds.stdout + creds.stderr);
      const c = failedEvent(creds.stdout);
      assert.equal(c.code, 'E_KUBE_FORBIDDEN');
      assert.match(c.cause, new RegExp(`the Kubernetes user viewer may not get secrets in namespace wallaroo \\(403 Forbidden from the Kubernetes API at ${forbidden.url} \\(context "proxied"\\)\\)`));
      assert.match(c.fix, /kubectl auth can-i get secrets --namespace wallaroo/);
    } finally { forbidden.close(); }

    const unauthorized = await apiProxy(s.kube.url, () => ({ status: 401, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } }));
    try {
      const creds = await runCli(['credentials'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, unauthorized.url) } });
      assert.equal(creds.code, 1);
      assert.match(creds.stderr, /rejected the credentials \(401 Unauthorized\) \(get secrets keycloak-admin-secret in namespace wallaroo\) \[E_KUBE_AUTH\]/);
      assert.doesNotMatch(creds.stderr, /undefined/);
    } finally { unauthorized.close(); }
  } finally { await s.close(); }
});

test('preflight: a missing SelfSubjectAccessReview API is a warning; no right to list nodes is a failed check', async () => {
  const s = await stage(3);
  try {
    const preset = s.writePreset(PRESET);
    const noReview = await apiProxy(s.kube.url, (req) => req.url!.includes('selfsubjectaccessreviews') ? { status: 404, body: status(404, 'the server could not find the requested resource') } : undefined);
    try {
      const r = await runCli(['preflight', '--preset', preset, '--json'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, noReview.url) } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const rbac = jsonEvents(r.stdout).find((e) => e.event === 'finding' && e.code === 'PF_RBAC');
      assert.equal(rbac.level, 'warn');
      assert.match(rbac.message, /cannot check your rights: .*does not serve the selfsubjectaccessreviews API/);
    } finally { noReview.close(); }

    const noNodes = await apiProxy(s.kube.url, (req) => req.url!.startsWith('/api/v1/nodes')
      ? { status: 403, body: status(403, 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope') } : undefined);
    try {
      const r = await runCli(['preflight', '--preset', preset, '--json'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, noNodes.url) } });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const nodes = jsonEvents(r.stdout).find((e) => e.event === 'finding' && e.code === 'PF_NODES');
      assert.equal(nodes.level, 'fail');
      assert.match(nodes.message, /cannot read the nodes: the Kubernetes user dev may not list nodes \(cluster-wide\)/);
      assert.ok(jsonEvents(r.stdout).some((e) => e.event === 'finding' && e.code === 'PF_STORAGECLASS'), 'the other checks still ran');
      assert.match(failedEvent(r.stdout).fix, /--ignore-preflight PF_NODES/);
    } finally { noNodes.close(); }
  } finally { await s.close(); }
});

test('Ctrl-C during preflight stops before any cluster write, says nothing was changed, exits 130', async () => {
  const s = await stage(3);
  const slow = await apiProxy(s.kube.url, (req) => req.url!.startsWith('/api/v1/nodes') ? { delayMs: 3000 } : undefined);
  try {
    const preset = s.writePreset(PRESET);
    let sent = false;
    const r = await runCli(['--preset', preset, '--json'], {
      env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, slow.url) },
      onStdout: (chunk, child) => { if (!sent && chunk.includes('"step":"preflight"')) { sent = true; child.kill('SIGINT'); } },
    });
    assert.equal(r.code, 130, r.stdout + r.stderr);
    const f = failedEvent(r.stdout);
    assert.equal(f.code, 'E_CANCELLED');
    assert.match(f.cause, /cancelled by SIGINT before any change to the cluster; nothing was changed in the cluster/);
    assert.equal(s.kube.get('v1', 'Namespace', undefined, 'wallaroo'), undefined, 'the namespace was not created');
    assert.ok(!slow.seen.some((l) => /^(POST|PUT|PATCH|DELETE) /.test(l) && !l.includes('selfsubjectaccessreviews')), `no write: ${slow.seen.join(', ')}`);
  } finally { slow.close(); await s.close(); }
});

test('SIGTERM while the Secrets are created stops before the next one and lists what was done', async () => {
  const s = await stage(3);
  // The first Secret write is held back long enough for the signal to arrive while it is in flight.
  let held = false;
  const slow = await apiProxy(s.kube.url, (req) => {
    if (req.method === 'POST' && /\/namespaces\/wallaroo\/secrets$/.test(req.url!) && !held) { held = true; return { delayMs: 1500 }; }
    return undefined;
  });
  try {
    copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(s.dir, 'tls.crt'));
    copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(s.dir, 'tls.key'));
    const preset = s.writePreset(PRESET.replace('suffix: example.com', 'suffix: wallaroo.example.com\n  prefix: ""').replace('  prefix: wallaroo\n', '')
      + 'tls: { certFile: ./tls.crt, keyFile: ./tls.key }\nregistries:\n  models: { registry: models.example.com:5000, username: m, password: env:MODEL_PW }\n');
    let sent = false;
    const r = await runCli(['--preset', preset, '--json'], {
      env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, slow.url), MODEL_PW: 'model-registry-pw-4711' },
      onStdout: (chunk, child) => { if (!sent && chunk.includes('"step":"secrets"')) { sent = true; setTimeout(() => child.kill('SIGTERM'), 300); } },
    });
    assert.equal(r.code, 130, r.stdout + r.stderr);
    const f = failedEvent(r.stdout);
    assert.match(f.cause, /cancelled by SIGTERM before creating secret wallaroo-model-registry; already done in the cluster: namespace wallaroo created, secret wallaroo-tls created in wallaroo/);
    assert.ok(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-tls'));
    assert.equal(s.kube.get('v1', 'Secret', 'wallaroo', 'wallaroo-model-registry'), undefined, 'stopped before the next write');
    assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', 'wallaroo', 'wallaroo-install-wallaroo'), undefined, 'the install lock was given back after the cancel');
    assert.ok(!slow.seen.some((l) => l.includes('sh.helm.release')), 'helm never ran');
  } finally { slow.close(); await s.close(); }
});

test('Ctrl-C while a large preset loads: exit 130 and nothing written', async () => {
  const dir = scratchDir('cancel-load');
  // Nearly 1 MiB (the limit) of valid preset: many identity providers; loading takes a while.
  const providers = Array.from({ length: 8000 }, (_, i) => `    - { id: idp-${i}, clientId: client-${i}, clientSecret: env:IDP_SECRET, displayName: "Identity provider number ${i}" }`).join('\n');
  writeFileSync(join(dir, 'big.yaml'), `apiVersion: wallaroo-install/v1
chart: { channel: 2025-1, version: 2025.1.0-6290 }
distribution: eks
domain: { suffix: example.com }
advanced:
  keycloakProviders:
${providers}
`);
  let sent = false;
  const r = await runCli(['render', '--preset', 'big.yaml', '--output', 'out'], {
    cwd: dir, env: { IDP_SECRET: 'idp-secret-0123456789' },
    // The banner comes as the run starts; the signal handlers are in place a moment later.
    onStdout: (chunk, child) => { if (!sent && chunk.includes('wallaroo-install')) { sent = true; setTimeout(() => child.kill('SIGINT'), 50); } },
  });
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.match(r.stderr, /cancelled by SIGINT \[E_CANCELLED\]/);
  assert.doesNotMatch(r.stderr, /problem/, 'the preset itself is fine: only the cancel ended it');
  assert.ok(!existsSync(join(dir, 'out')) || readdirSync(join(dir, 'out')).length === 0, 'no file written');
});

test('uninstall: an install that starts after the plan was made stops the uninstall before anything changes', async () => {
  const s = await stage(4);
  let leaseReads = 0, taken = false;
  // The uninstall takes the install lock before its first change, as an install does. Right
  // before it tries (it reads the release namespace that holds the Lease, after the inventory
  // looked at the lock twice), an install on another machine takes the lock.
  const proxy = await apiProxy(s.kube.url, (req) => {
    if (req.method === 'GET' && /\/leases\/wallaroo-install-wallaroo$/.test(req.url!)) leaseReads++;
    if (req.method === 'GET' && /\/api\/v1\/namespaces\/wallaroo$/.test(req.url!) && leaseReads >= 2 && !taken) {
      taken = true;
      s.kube.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'wallaroo-install-wallaroo', namespace: 'wallaroo' },
        spec: { holderIdentity: 'ci@runner-7 pid 77', leaseDurationSeconds: 300, renewTime: new Date().toISOString(), acquireTime: new Date().toISOString() } });
    }
    return undefined;
  });
  try {
    await s.helm(['install', 'wallaroo', s.chartArchive, '-n', 'wallaroo', '--create-namespace', '--set', 'kubernetes_distribution=eks']);
    const r = await runCli(['uninstall', '--yes', '--json'], { env: { ...s.env, KUBECONFIG: kubeconfig(s.dir, proxy.url) } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const f = failedEvent(r.stdout);
    assert.equal(f.code, 'E_INSTALL_RUNNING');
    assert.match(f.cause, /already running: started by ci on runner-7 \(pid 77\).*started after the plan was made\); nothing was changed/);
    assert.ok(taken);
    assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /STATUS: deployed/);
    // Its one attempted write was the lock itself, refused because the install holds it.
    assert.equal(s.kube.get('coordination.k8s.io/v1', 'Lease', 'wallaroo', 'wallaroo-install-wallaroo').spec.holderIdentity, 'ci@runner-7 pid 77');
    const writes = proxy.seen.filter((l) => /^(DELETE|PATCH|PUT|POST) /.test(l) && !/selfsubjectaccessreviews/.test(l));
    assert.deepEqual(writes, ['POST /apis/coordination.k8s.io/v1/namespaces/wallaroo/leases'], writes.join('\n'));
  } finally { proxy.close(); await s.close(); }
});

test('after helm has deployed, a failure says the release is deployed and where to get the rest; an API that stops answering during helm is said, and its return', async () => {
  const s = await stage(3);
  try {
    const ours = (q: { userAgent?: string }) => (q.userAgent ?? '').startsWith('wallaroo-install/');
    // Only our reads of the admin secret fail (helm's own lookup of it still works).
    s.kube.switches.unavailableFor = (q) => ours(q) && q.method === 'GET' && q.path.endsWith('/secrets/keycloak-admin-secret');
    const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
    s.kube.switches.unavailableFor = undefined;
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const f = failedEvent(r.stdout);
    assert.match(f.cause, /^release wallaroo is deployed \(revision 1\), but the admin login could not be read: /);
    assert.match(f.fix, /`wallaroo-install status` shows the address and the DNS records, and `wallaroo-install credentials` the admin login/);
    const result = jsonEvents(r.stdout).find((e) => e.event === 'result');
    assert.equal(result?.result.revision, 1, 'what is known is shown');

    // Our looks during helm fail for a while (helm's own requests go through): said once, and again when back.
    s.kube.delays.readyDelayMs = 4000;
    let down = false;
    s.kube.switches.unavailableFor = (q) => down && ours(q) && q.method === 'GET' && q.query.watch === undefined;
    const again = await runCli(['--preset', s.writePreset(PRESET, 'again.yaml'), '--json'], {
      env: s.env,
      onStdout: (chunk) => {
        if (!down && /"event":"step-started","time":"[^"]+","step":"helm"/.test(chunk)) { down = true; setTimeout(() => { down = false; }, 1500); }
      },
    });
    s.kube.switches.unavailableFor = undefined;
    const events = jsonEvents(again.stdout);
    const warn = events.find((e) => e.event === 'warning' && e.code === 'W_API_NOT_ANSWERING');
    assert.ok(warn, again.stdout);
    assert.match(warn.message, /the cluster's API has not answered since \d\d:\d\d:\d\d UTC .*helm goes on waiting/);
    assert.ok(events.some((e) => e.event === 'info' && /the cluster's API answers again/.test(e.message)), 'and its return');
    assert.equal(again.code, 0, again.stdout + again.stderr);
  } finally { await s.close(); }
});

test('an API slow to give its first answers: the wait is said after 5 s, before any step shows', async () => {
  const s = await stage(4);
  try {
    s.kube.switches.delayFor = (q) => ((q.userAgent ?? '').startsWith('wallaroo-install/') && q.path.includes('/leases/') && q.method === 'GET' ? 7000 : 0);
    const r = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
    s.kube.switches.delayFor = undefined;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const events = jsonEvents(r.stdout);
    const waiting = events.findIndex((e) => e.event === 'info' && /waiting for the cluster's API \(http:\/\/127\.0\.0\.1:\d+\) to answer: nothing yet after 5 s/.test(e.message));
    assert.ok(waiting >= 0, r.stdout);
    assert.ok(waiting < events.findIndex((e) => e.event === 'step-started' && e.step === 'preflight'), 'said before preflight shows');
  } finally { await s.close(); }
});
