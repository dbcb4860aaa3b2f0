// Our own Kubernetes client (kube/kubeconfig.ts, transport.ts, rest.ts, typed.ts): the kubeconfig
// read as kubectl reads it, every kind of credential on the wire, failures explained exactly as
// client-node's were, a credential plugin run once and again after a 401, and a watch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import { closedPort } from '../support/net.ts';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectKube } from '../../src/kube/connect.ts';
import { kubeApis } from '../../src/kube/apis.ts';
import { readKubeconfigs } from '../../src/kube/kubeconfig.ts';
import { kubeFailure } from '../../src/kube/errors.ts';
import { microTime } from '../../src/kube/typed.ts';
import { ExecCredentials } from '../../src/kube/exec-credential.ts';
import { FlowError } from '../../src/util/flow-error.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function listen(handler: Handler): Promise<{ url: string; server: Server; seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> }> {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { seen.push({ method: req.method!, url: req.url!, headers: req.headers, body }); handler(req, res, body); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, seen };
}

const json = (res: ServerResponse, code: number, body: unknown) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
const dir = () => mkdtempSync(join(tmpdir(), 'wi-kube-rest-'));

function kubeconfig(d: string, server: string, user: string, extra = ''): string {
  const f = join(d, 'config');
  writeFileSync(f, `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context: {cluster: c, user: u, namespace: wallaroo}
- name: other
  context: {cluster: c, user: u}
current-context: prod
users:
- name: u
  user:
${user.split('\n').map((l) => `    ${l}`).join('\n')}
${extra}`);
  return f;
}

test('KUBECONFIG files merge as kubectl merges them: the first to name a context, cluster, user or current context wins', () => {
  const d = dir();
  const a = join(d, 'a');
  const b = join(d, 'b');
  writeFileSync(a, 'clusters:\n- name: c\n  cluster: {server: "https://a.example:6443", certificate-authority: ca.crt}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n');
  writeFileSync(b, 'current-context: y\nclusters:\n- name: c\n  cluster: {server: "https://b.example:6443"}\n- name: d\n  cluster: {server: "https://d.example"}\ncontexts:\n- name: x\n  context: {cluster: d, user: u}\n- name: y\n  context: {cluster: d, user: v}\nusers:\n- name: u\n  user: {token: t, client-certificate: certs/u.crt}\n');
  const k = readKubeconfigs([a, b]);
  assert.equal(k.clusters.get('c')!.server, 'https://a.example:6443');
  assert.equal(k.clusters.get('c')!.caFile, join(d, 'ca.crt'), 'a relative path is relative to the file that names it');
  assert.equal(k.users.get('u')!.certFile, join(d, 'certs/u.crt'));
  assert.deepEqual(k.contexts.map((c) => [c.name, c.cluster]), [['x', 'c'], ['y', 'd']]);
  assert.equal(k.currentContext, 'y');
  writeFileSync(a, 'clusters:\n- name: bare\n  cluster: {server: "10.0.0.1:6443"}\n');
  assert.equal(readKubeconfigs([a]).clusters.get('bare')!.server, 'https://10.0.0.1:6443', 'no scheme is https, as client-go reads it');
});

test('a broken kubeconfig is E_BAD_KUBECONFIG naming the file; a context naming a missing cluster is E_NO_CONTEXT', async () => {
  const d = dir();
  const bad = join(d, 'bad');
  writeFileSync(bad, 'clusters: [\n');
  await assert.rejects(connectKube({ kubeconfig: bad }), (e: FlowError) => e.code === 'E_BAD_KUBECONFIG' && e.cause_.includes(bad) && e.exitCode === 2);
  const lost = join(d, 'lost');
  writeFileSync(lost, 'current-context: p\ncontexts:\n- name: p\n  context: {cluster: gone, user: u}\n');
  await assert.rejects(connectKube({ kubeconfig: lost }), (e: FlowError) => e.code === 'E_NO_CONTEXT' && /names cluster "gone"/.test(e.cause_));
  const noServer = join(d, 'noserver');
  writeFileSync(noServer, 'current-context: p\nclusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: p\n  context: {cluster: c, user: u}\n');
  await assert.rejects(connectKube({ kubeconfig: noServer }), (e: FlowError) => e.code === 'E_BAD_KUBECONFIG' && /no server address/.test(e.cause_));
});

test('the context, its server and every context are reported; --context picks another', async () => {
  const { url, server } = await listen((_q, res) => json(res, 200, {}));
  try {
    const f = kubeconfig(dir(), url, 'token: t');
    const t = await connectKube({ kubeconfig: f, context: 'other' });
    assert.equal(t.context, 'other');
    assert.equal(t.currentContext, 'prod');
    assert.equal(t.server, url);
    assert.deepEqual(t.contexts.map((c) => c.name), ['prod', 'other']);
    await assert.rejects(connectKube({ kubeconfig: f, context: 'nope' }), (e: FlowError) => e.code === 'E_NO_CONTEXT' && /use one of: prod, other/.test(e.fix));
  } finally { server.close(); }
});

test('credentials on the wire: a token, a token file read on each request, basic auth, impersonation', async () => {
  const { url, server, seen } = await listen((_q, res) => json(res, 200, { gitVersion: 'v1.31.0' }));
  try {
    const d = dir();
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(d, url, 'token: static-token\nas: alice\nas-groups: [admins, ops]') }));
    await api.version.getCode();
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer static-token');
    assert.equal(seen.at(-1)!.headers['impersonate-user'], 'alice');
    assert.equal(seen.at(-1)!.headers['impersonate-group'], 'admins, ops');
    assert.match(String(seen.at(-1)!.headers['user-agent']), /^wallaroo-install\//);

    const tokenFile = join(d, 'token');
    writeFileSync(tokenFile, 'first\n');
    const api2 = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), url, `tokenFile: ${tokenFile}`) }));
    await api2.version.getCode();
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer first');
    writeFileSync(tokenFile, 'rotated\n');
    await api2.version.getCode();
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer rotated', 'a rotated token file is read again');

    const api3 = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), url, 'username: admin\npassword: "s3cret"') }));
    await api3.version.getCode();
    assert.equal(seen.at(-1)!.headers.authorization, `Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  } finally { server.close(); }
});

test('a credential plugin runs once, its token is reused, and a 401 asks it again', async () => {
  let accepted = 'token-1';
  const { url, server, seen } = await listen((req, res) => {
    if (req.headers.authorization !== `Bearer ${accepted}`) return json(res, 401, { kind: 'Status', message: 'Unauthorized', code: 401 });
    json(res, 200, { gitVersion: 'v1.31.0' });
  });
  try {
    const d = dir();
    const counter = join(d, 'count');
    writeFileSync(counter, '0');
    const plugin = join(d, 'plugin.mjs');
    writeFileSync(plugin, `#!${process.execPath}
import { readFileSync, writeFileSync } from 'node:fs';
const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
writeFileSync(${JSON.stringify(counter)}, String(n));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
if (info.kind !== 'ExecCredential' || process.env.FROM_KUBECONFIG !== 'yes') process.exit(3);
process.stdout.write(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status: { token: 'token-' + n } }));
`);
    chmodSync(plugin, 0o755);
    const f = kubeconfig(d, url, `exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: ./plugin.mjs\n  env: [{name: FROM_KUBECONFIG, value: "yes"}]\n  interactiveMode: Never`);
    const api = kubeApis(await connectKube({ kubeconfig: f }));
    await api.version.getCode();
    await api.version.getCode();
    assert.equal(readFileSync(counter, 'utf8'), '1', 'the plugin ran once for two requests');
    accepted = 'token-2';
    await api.version.getCode();
    assert.equal(readFileSync(counter, 'utf8'), '2', 'a 401 made the plugin run again');
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer token-2');
  } finally { server.close(); }
});

test('a missing credential plugin is E_KUBE_AUTH with its install hint', async () => {
  const { url, server } = await listen((_q, res) => json(res, 200, {}));
  try {
    const f = kubeconfig(dir(), url, 'exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: no-such-plugin-wi\n  installHint: "install the cloud CLI"');
    const api = kubeApis(await connectKube({ kubeconfig: f }));
    await assert.rejects(api.version.getCode(), (e: FlowError) => e.code === 'E_KUBE_AUTH' && /no-such-plugin-wi` was not found/.test(e.cause_) && e.fix === 'install the cloud CLI');
  } finally { server.close(); }
});

test('HTTP failures are explained as before: 403 names the user and verb, 404 is a plain not-found with its code', async () => {
  const { url, server } = await listen((req, res) => {
    if (req.url!.startsWith('/api/v1/namespaces/wallaroo/secrets')) {
      return json(res, 403, { kind: 'Status', message: 'secrets "wallaroo-tls" is forbidden: User "ci-bot" cannot create resource "secrets" in API group "" in the namespace "wallaroo"', code: 403 });
    }
    json(res, 404, { kind: 'Status', message: 'namespaces "wallaroo" not found', reason: 'NotFound', code: 404 });
  });
  try {
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), url, 'token: t') }));
    let err: unknown;
    try { await api.core.createNamespacedSecret({ namespace: 'wallaroo', body: { metadata: { name: 'wallaroo-tls' } } }); } catch (e) { err = e; }
    const f = kubeFailure(err)!;
    assert.equal(f.code, 'E_KUBE_FORBIDDEN');
    assert.match(f.cause_, /the Kubernetes user ci-bot may not create secrets in namespace wallaroo/);
    assert.match(f.cause_, new RegExp(`the Kubernetes API at ${url.replace(/[.]/g, '\\.')} \\(context "prod"\\)`));
    await assert.rejects(api.core.readNamespace({ name: 'wallaroo' }), (e: { code?: number }) => e.code === 404);
  } finally { server.close(); }
});

test('nothing listening is E_API_UNREACHABLE with ECONNREFUSED and the request', async () => {
  const port = await closedPort();
  const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), `http://127.0.0.1:${port}`, 'token: t') }));
  let err: unknown;
  try { await api.core.listNode(); } catch (e) { err = e; }
  const f = kubeFailure(err)!;
  assert.equal(f.code, 'E_API_UNREACHABLE');
  assert.match(f.cause_, /connection refused\) \[ECONNREFUSED\] \(list nodes\)/);
});

test('requests share keep-alive connections; bodies, queries and a server path prefix are sent as given', async () => {
  const { url, server, seen } = await listen((req, res) => json(res, req.method === 'POST' ? 201 : 200, { items: [], metadata: {} }));
  const sockets = new Set<unknown>();
  server.on('connection', (s) => sockets.add(s));
  try {
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), `${url}/k8s/clusters/c-1`, 'token: t') }));
    for (let i = 0; i < 3; i++) await api.core.listNamespacedPod({ namespace: 'wallaroo', labelSelector: 'job-name=a b' });
    await api.coordination.createNamespacedLease({ namespace: 'wallaroo', body: { metadata: { name: 'l' }, spec: { renewTime: microTime(new Date('2026-11-22T10:00:00.123Z')) as unknown as Date } } });
    assert.equal(seen[0]!.url, '/k8s/clusters/c-1/api/v1/namespaces/wallaroo/pods?labelSelector=job-name%3Da+b');
    assert.equal(JSON.parse(seen.at(-1)!.body).spec.renewTime, '2026-11-22T10:00:00.123000Z');
    assert.equal(sockets.size, 1, 'four requests in turn, one connection');
  } finally { server.close(); }
});

test('a watch delivers each event as it comes and says when the stream ends', async () => {
  const { url, server } = await listen((req, res) => {
    assert.match(req.url!, /watch=true/);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'api-lb-ext' } } })}\n{"type":"MODI`);
    setTimeout(() => { res.write(`FIED","object":{"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.1"}]}}}}\n`); res.end(); }, 20);
  });
  try {
    const t = await connectKube({ kubeconfig: kubeconfig(dir(), url, 'token: t') });
    const events: string[] = [];
    const done = new Promise<void>((resolve) => {
      void t.rest.watch('/api/v1/namespaces/wallaroo/services', { fieldSelector: 'metadata.name=api-lb-ext' }, (type) => events.push(type), () => resolve());
    });
    await done;
    assert.deepEqual(events, ['ADDED', 'MODIFIED'], 'a line split across two chunks is one event');
  } finally { server.close(); }
});

test('TLS as the kubeconfig says: its CA (file or data), tls-server-name, a client certificate; an unknown CA is E_API_TLS', async () => {
  const { createServer: createHttps } = await import('node:https');
  const fx = (f: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tls', f));
  const peers: Array<string | undefined> = [];
  const server = createHttps({ cert: fx('wallaroo.crt'), key: fx('wallaroo.key'), requestCert: true, rejectUnauthorized: false, ca: fx('other.crt') }, (req, res) => {
    const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
    peers.push((req.socket as import('node:tls').TLSSocket).authorized ? String(peer.subject?.CN) : undefined);
    json(res, 200, { gitVersion: 'v1.31.0' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const d = dir();
    writeFileSync(join(d, 'client.crt'), fx('other.crt'));
    const cfg = (cluster: string) => {
      const f = join(d, `config-${Math.random()}`);
      writeFileSync(f, `clusters:\n- name: c\n  cluster:\n    server: ${url}\n${cluster}\ncontexts:\n- name: p\n  context: {cluster: c, user: u}\ncurrent-context: p\nusers:\n- name: u\n  user:\n    client-certificate: client.crt\n    client-key-data: ${fx('other.key').toString('base64')}\n`);
      return f;
    };
    const fromFile = kubeApis(await connectKube({ kubeconfig: cfg(`    certificate-authority: ${join(import.meta.dirname, '..', 'fixtures', 'tls', 'wallaroo.crt')}\n    tls-server-name: wallaroo.example.com`) }));
    assert.equal((await fromFile.version.getCode()).gitVersion, 'v1.31.0');
    assert.equal(peers.at(-1), 'other.example.org', 'the client certificate was presented and accepted');
    const fromData = kubeApis(await connectKube({ kubeconfig: cfg(`    certificate-authority-data: ${fx('wallaroo.crt').toString('base64')}\n    tls-server-name: wallaroo.example.com`) }));
    await fromData.version.getCode();
    const unknown = kubeApis(await connectKube({ kubeconfig: cfg('    tls-server-name: wallaroo.example.com') }));
    let err: unknown;
    try { await unknown.version.getCode(); } catch (e) { err = e; }
    assert.equal(kubeFailure(err)?.code, 'E_API_TLS');
  } finally { server.close(); }
});

test('a pooled connection dropped as it is reused: a read goes again on a new one, a write is never sent twice', async () => {
  const perSocket = new Map<unknown, number>();
  let posts = 0;
  const { url, server } = await listen((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (req.method === 'POST') posts++;
    // Every connection's second request is cut off without an answer, as an idle-timeout proxy does.
    if (n === 2) { req.socket.destroy(); return; }
    json(res, req.method === 'POST' ? 201 : 200, { metadata: { name: 'x' } });
  });
  try {
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), url, 'token: t') }));
    await api.core.readNamespace({ name: 'wallaroo' });
    await api.core.readNamespace({ name: 'wallaroo' });
    assert.equal(perSocket.size, 2, 'the read was sent again, on a new connection');
    let err: unknown;
    try { await api.core.createNamespacedConfigMap({ namespace: 'wallaroo', body: { metadata: { name: 'x' } } }); } catch (e) { err = e; }
    assert.equal(posts, 1, 'the write reached the server once, and was not sent again');
    assert.equal(kubeFailure(err)?.code, 'E_API_UNREACHABLE');
  } finally { server.close(); }
});

test('a plugin credential about to expire is asked for again, once for every caller waiting', async () => {
  let runs = 0;
  const soon = () => Date.now() + 10_000; // inside the 30 s margin: treated as expired
  const creds = new ExecCredentials({ command: 'x', args: [], env: [], apiVersion: 'client.authentication.k8s.io/v1', dir: '/' }, { server: 'https://k' },
    async () => { runs++; return { token: `t${runs}`, expiresAt: runs < 2 ? soon() : Date.now() + 3_600_000 }; });
  assert.equal((await creds.get()).token, 't1');
  const [a, b] = await Promise.all([creds.get(), creds.get()]);
  assert.deepEqual([a.token, b.token, runs], ['t2', 't2', 2]);
  assert.equal((await creds.get()).token, 't2', 'a valid credential is reused');
  assert.equal(runs, 2);
});

/** A credential plugin script (node) in `d`: `body` runs with n = how many times it ran. */
function plugin(d: string, body: string): { path: string; runs: () => number } {
  const counter = join(d, `count-${Math.random()}`);
  writeFileSync(counter, '0');
  const path = join(d, `plugin-${Math.random()}.mjs`);
  writeFileSync(path, `#!${process.execPath}
import { readFileSync, writeFileSync } from 'node:fs';
const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
writeFileSync(${JSON.stringify(counter)}, String(n));
${body}
`);
  chmodSync(path, 0o755);
  return { path, runs: () => Number(readFileSync(counter, 'utf8')) };
}
const execUser = (path: string, extra = '') => `exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: ${path}\n  args: [get-token, --oidc-client-secret=SUPER-SECRET-4711]${extra}`;

test('a plugin that reads its stdin gets end-of-file at once; a failing one is named without its arguments', async () => {
  const { url, server } = await listen((_q, res) => json(res, 200, { gitVersion: 'v1.31.0' }));
  try {
    const d = dir();
    const reader = plugin(d, `let input = ''; for await (const c of process.stdin) input += c;
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-stdin-plugin' } }));`);
    const t0 = Date.now();
    await kubeApis(await connectKube({ kubeconfig: kubeconfig(d, url, execUser(reader.path)) })).version.getCode();
    assert.ok(Date.now() - t0 < 5000, 'not left waiting for input');

    const failing = plugin(d, 'process.exit(3);');
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(d, url, execUser(failing.path)) }));
    await assert.rejects(api.version.getCode(), (e: FlowError) => {
      assert.equal(e.code, 'E_KUBE_AUTH');
      assert.match(e.cause_, /failed \(exit code 3\)/);
      assert.doesNotMatch(e.cause_ + e.fix, /SUPER-SECRET/);
      return true;
    });
    const interactive = kubeApis(await connectKube({ kubeconfig: kubeconfig(d, url, execUser(reader.path, '\n  interactiveMode: Always')) }));
    await assert.rejects(interactive.version.getCode(), (e: FlowError) => e.code === 'E_KUBE_AUTH' && /needs a terminal/.test(e.cause_));
  } finally { server.close(); }
});

test('a dozen requests refused together (401) start the plugin once more, not a dozen times', async () => {
  let accepted = 'token-1';
  const { url, server } = await listen((req, res) => {
    if (req.headers.authorization !== `Bearer ${accepted}`) return json(res, 401, { kind: 'Status', message: 'Unauthorized', code: 401 });
    json(res, 200, {});
  });
  try {
    const d = dir();
    const p = plugin(d, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'token-' + n } }));`);
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(d, url, execUser(p.path)) }));
    await api.version.getCode();
    accepted = 'token-2';
    await Promise.all(Array.from({ length: 12 }, () => api.core.listNode()));
    assert.equal(p.runs(), 2);
  } finally { server.close(); }
});

test('what kubectl refuses is E_BAD_KUBECONFIG for the context in use, and only for it', async () => {
  const { url, server } = await listen((_q, res) => json(res, 200, {}));
  try {
    const d = dir();
    const f = join(d, 'config');
    writeFileSync(f, `clusters:
- name: good
  cluster: { server: "${url}" }
- name: both
  cluster: { server: "${url}", insecure-skip-tls-verify: true, certificate-authority-data: ${Buffer.from('x').toString('base64')} }
contexts:
- { name: ok, context: { cluster: good, user: plain } }
- { name: insecure-and-ca, context: { cluster: both, user: plain } }
- { name: no-version, context: { cluster: good, user: noversion } }
- { name: ghost, context: { cluster: good, user: nobody } }
- { name: multiline, context: { cluster: good, user: multiline } }
- { name: tokenfile, context: { cluster: good, user: tokenfile } }
current-context: ok
users:
- { name: plain, user: { token: "abc\\n" } }
- { name: noversion, user: { exec: { command: aws } } }
- { name: multiline, user: { token: "abc\\ndef" } }
- { name: tokenfile, user: { tokenFile: ./no-such-token } }
`);
    const ok = await connectKube({ kubeconfig: f });
    await kubeApis(ok).version.getCode();
    const bad = async (context: string, re: RegExp) => assert.rejects(connectKube({ kubeconfig: f, context }), (e: FlowError) => {
      assert.equal(e.code, 'E_BAD_KUBECONFIG', `${context}: ${e.code} ${e.cause_}`);
      assert.match(e.cause_, re);
      return true;
    });
    await bad('insecure-and-ca', /both insecure-skip-tls-verify and a certificate authority/);
    await bad('no-version', /exec\.apiVersion is missing/);
    await bad('ghost', /names user "nobody", which is not defined/);
    await bad('multiline', /holds a character an HTTP header cannot carry/);
    await bad('tokenfile', /token file .*no-such-token cannot be read/);
  } finally { server.close(); }
});

test('client-node, where it is still used, gets the same merged kubeconfig: duplicate names and a missing KUBECONFIG file are fine', async () => {
  const { url, server } = await listen((_q, res) => json(res, 200, {}));
  try {
    const d = dir();
    const a = join(d, 'a');
    const b = join(d, 'b');
    const kc = (ctx: string) => `clusters:\n- name: kubernetes\n  cluster: { server: "${url}" }\ncontexts:\n- name: ${ctx}\n  context: { cluster: kubernetes, user: kubernetes-admin }\ncurrent-context: ${ctx}\nusers:\n- name: kubernetes-admin\n  user: { token: t }\n`;
    writeFileSync(a, kc('first'));
    writeFileSync(b, kc('second'));
    const t = await connectKube({}, { ...process.env, KUBECONFIG: [a, join(d, 'missing'), b].join(':') });
    assert.equal(t.context, 'first');
    const cn = await t.kubeConfig();
    assert.equal(cn.getCurrentContext(), 'first');
    assert.equal(cn.getCurrentCluster()?.server, url);
    assert.deepEqual(cn.getContexts().map((c) => c.name), ['first', 'second']);
  } finally { server.close(); }
});

test('a legacy auth-provider gets its token from client-node over our kept-alive connections; a proxy-url goes through the proxy', async () => {
  const { url, server, seen } = await listen((_q, res) => json(res, 200, { gitVersion: 'v1.31.0' }));
  const sockets = new Set<unknown>();
  server.on('connection', (s) => sockets.add(s));
  try {
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    const api = kubeApis(await connectKube({ kubeconfig: kubeconfig(dir(), url, `auth-provider:\n  name: gcp\n  config: { access-token: gcp-token-1, expiry: "${expiry}" }`) }));
    for (let i = 0; i < 3; i++) await api.version.getCode();
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer gcp-token-1');
    assert.equal(sockets.size, 1, 'three requests, one connection');
  } finally { server.close(); }

  // The proxy: hpagent (client-node's) opens a CONNECT tunnel; the API answers inside it.
  const api2 = await listen((_q, res) => json(res, 200, { gitVersion: 'via-proxy' }));
  const tunnels: string[] = [];
  const proxy = await listen((_q, res) => json(res, 500, {}));
  proxy.server.on('connect', (req, socket) => {
    tunnels.push(req.url!);
    const { port } = new URL(api2.url);
    const up = createConnection({ host: '127.0.0.1', port: Number(port) }, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.pipe(socket);
      socket.pipe(up);
    });
  });
  try {
    const f = kubeconfig(dir(), 'http://kube.invalid:6443', 'token: t');
    writeFileSync(f, readFileSync(f, 'utf8').replace('insecure-skip-tls-verify: true', `insecure-skip-tls-verify: true\n    proxy-url: ${proxy.url}`));
    const api = kubeApis(await connectKube({ kubeconfig: f }));
    assert.equal((await api.version.getCode()).gitVersion, 'via-proxy');
    assert.deepEqual(tunnels, ['kube.invalid:6443'], 'the proxy was asked for the API server');
    assert.equal(api2.seen.at(-1)!.headers.authorization, 'Bearer t');
  } finally { proxy.server.close(); api2.server.close(); }
});
