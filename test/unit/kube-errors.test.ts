// Kubernetes API failures are explained the same way everywhere: refused/reset/TLS name the
// server and what to check, 401 is the credentials, 403 names verb, resource, namespace and
// a fix, a missing API is named; everything else a command throws becomes a FlowError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { closedPort } from '../support/net.ts';
import { KubeConfig, CoreV1Api, AuthorizationV1Api } from '@kubernetes/client-node';
import { annotateKubeErrors, kubeFailure, toFlowError, describeKubeCall, isApiMissing } from '../../src/kube/errors.ts';
import { FlowError } from '../../src/util/flow-error.ts';
import { InputFileError } from '../../src/util/read-input.ts';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

function clients(url: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'prod', cluster: 'c', user: 'u' }], currentContext: 'prod' });
  const info = { server: url, context: 'prod', source: '/home/admin/.kube/config' };
  return { core: annotateKubeErrors(kc.makeApiClient(CoreV1Api), info), authz: annotateKubeErrors(kc.makeApiClient(AuthorizationV1Api), info) };
}

async function failure(p: Promise<unknown>): Promise<FlowError> {
  try { await p; } catch (e) {
    const f = kubeFailure(e);
    assert.ok(f, `not recognised as an API failure: ${e}`);
    return f;
  }
  assert.fail('expected a failure');
}

const status = (code: number, message: string, reason: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

test('403 names the user, verb, resource and namespace, and how to check and fix it', async () => {
  const { url, server } = await listen((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(status(403, 'secrets "wallaroo-tls" is forbidden: User "ci-bot" cannot create resource "secrets" in API group "" in the namespace "wallaroo"', 'Forbidden'));
  });
  try {
    const f = await failure(clients(url).core.createNamespacedSecret({ namespace: 'wallaroo', body: { metadata: { name: 'wallaroo-tls' } } }));
    assert.equal(f.code, 'E_KUBE_FORBIDDEN');
    assert.equal(f.cause_, `the Kubernetes user ci-bot may not create secrets in namespace wallaroo (403 Forbidden from the Kubernetes API at ${url} (context "prod"))`);
    assert.match(f.fix, /kubectl auth can-i create secrets --namespace wallaroo/);
  } finally { server.close(); }
});

test('403 without a Status body still names the request, from the call itself', async () => {
  const { url, server } = await listen((_req, res) => { res.writeHead(403); res.end(); });
  try {
    const f = await failure(clients(url).core.listNode());
    assert.match(f.cause_, /may not list nodes \(cluster-wide\)/);
    assert.match(f.fix, /kubectl auth can-i list nodes`/);
  } finally { server.close(); }
});

test('401 is about the credentials in the kubeconfig', async () => {
  const { url, server } = await listen((_req, res) => { res.writeHead(401, { 'content-type': 'application/json' }); res.end(status(401, 'Unauthorized', 'Unauthorized')); });
  try {
    const f = await failure(clients(url).core.readNamespacedSecret({ name: 'keycloak-admin-secret', namespace: 'wallaroo' }));
    assert.equal(f.code, 'E_KUBE_AUTH');
    assert.match(f.cause_, new RegExp(`the Kubernetes API at ${url} \\(context "prod"\\) rejected the credentials \\(401 Unauthorized\\) \\(get secrets keycloak-admin-secret in namespace wallaroo\\)`));
    assert.match(f.fix, /\/home\/admin\/\.kube\/config may have expired/);
    assert.doesNotMatch(`${f.cause_} ${f.fix}`, /undefined/);
  } finally { server.close(); }
});

test('a missing API (404 for the resource type) is told apart from a missing object', async () => {
  const { url, server } = await listen((req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(req.url!.includes('selfsubjectaccessreviews') ? status(404, 'the server could not find the requested resource', 'NotFound') : status(404, 'secrets "x" not found', 'NotFound'));
  });
  try {
    const c = clients(url);
    let e: unknown;
    try { await c.authz.createSelfSubjectAccessReview({ body: { spec: {} } }); } catch (x) { e = x; }
    assert.ok(isApiMissing(e));
    assert.equal(kubeFailure(e)!.code, 'E_KUBE_API_MISSING');
    assert.match(kubeFailure(e)!.cause_, /does not serve the selfsubjectaccessreviews API/);
    try { await c.core.readNamespacedSecret({ name: 'x', namespace: 'w' }); } catch (x) { e = x; }
    assert.equal(isApiMissing(e), false);
    assert.equal((e as { code: number }).code, 404, 'the error itself is unchanged: callers still see 404');
  } finally { server.close(); }
});

test('an overloaded or unavailable control plane (429, 5xx) says to wait and check readyz', async () => {
  const { url, server } = await listen((_req, res) => { res.writeHead(503, { 'content-type': 'application/json' }); res.end(status(503, 'the server is currently unable to handle the request', 'ServiceUnavailable')); });
  try {
    const f = await failure(clients(url).core.listNode());
    assert.equal(f.code, 'E_API_UNAVAILABLE');
    assert.match(f.cause_, /answered 503: the server is currently unable to handle the request/);
    assert.match(f.fix, /readyz/);
  } finally { server.close(); }
});

test('refused, reset and TLS failures name the server and what to check', async () => {
  const port = await closedPort();
  const refused = await failure(clients(`https://127.0.0.1:${port}`).core.listNode());
  assert.equal(refused.code, 'E_API_UNREACHABLE');
  assert.match(refused.cause_, new RegExp(`cannot reach the Kubernetes API at https://127\\.0\\.0\\.1:${port} \\(context "prod"\\): nothing is listening there \\(connection refused\\) \\[ECONNREFUSED\\] \\(list nodes\\)`));
  assert.match(refused.fix, /kubectl cluster-info --context prod/);

  const reset = createTcpServer((s) => s.destroy());
  await new Promise<void>((r) => reset.listen(0, '127.0.0.1', r));
  try {
    const f = await failure(clients(`http://127.0.0.1:${(reset.address() as { port: number }).port}`).core.listNode());
    assert.equal(f.code, 'E_API_UNREACHABLE');
    assert.match(f.cause_, /closed|reset/);
  } finally { reset.close(); }

  const { url, server } = await listen((_req, res) => res.end('plain http'));
  try {
    const f = await failure(clients(url.replace('http:', 'https:')).core.listNode());
    assert.equal(f.code, 'E_API_TLS');
    assert.match(f.fix, /certificate-authority-data/);
  } finally { server.close(); }
});

test('describeKubeCall turns client-node method names into verb and resource', () => {
  assert.deepEqual(describeKubeCall('readNamespacedSecret', { name: 's', namespace: 'n' }), { method: 'readNamespacedSecret', verb: 'get', resource: 'secrets', namespace: 'n', name: 's' });
  assert.equal(describeKubeCall('createNamespace', { body: { metadata: { name: 'w' } } }).resource, 'namespaces');
  assert.equal(describeKubeCall('createNamespace', { body: { metadata: { name: 'w' } } }).name, 'w');
  assert.equal(describeKubeCall('listStorageClass', {}).resource, 'storageclasses');
  assert.equal(describeKubeCall('readNamespacedPodLog', {}).resource, 'pods/log');
  assert.equal(describeKubeCall('replaceNamespacedSecret', {}).verb, 'update');
  assert.equal(describeKubeCall('listNamespacedPersistentVolumeClaim', {}).resource, 'persistentvolumeclaims');
});

test('toFlowError: known classes get their cause; only a real bug is internal, and the log is named only if written', () => {
  const fe = new FlowError('E_X', 'x', 'y', 2);
  assert.equal(toFlowError(fe), fe);
  const disk = toFlowError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/var/tmp/values.yaml' }));
  assert.equal(disk.code, 'E_FILESYSTEM');
  assert.match(disk.cause_, /cannot write \/var\/tmp\/values\.yaml: no space left on the device \[ENOSPC\]/);
  const loop = toFlowError(Object.assign(new Error('ELOOP'), { code: 'ELOOP', syscall: 'open', path: '/a' }));
  assert.match(loop.cause_, /symbolic links loop/);
  const input = toFlowError(new InputFileError('/dev/zero', 'tls.keyFile', 'it is a character device', 'give a regular file', 'ENOTREG'));
  assert.equal(input.exitCode, 2);
  const bug = toFlowError(new TypeError('x is not a function'));
  assert.equal(bug.code, 'E_INTERNAL');
  assert.doesNotMatch(bug.fix, /log/);
  assert.match(toFlowError(new TypeError('boom'), { logFile: '/tmp/run.log' }).fix, /with the log \(\/tmp\/run\.log\)/);
  assert.match(toFlowError('a \u001b[31m string').cause_, /\\e\[31m/);
});

test('a request the HTTP client refuses without a network code (a blocked port) is still "cannot reach"', async () => {
  const f = await failure(clients('http://127.0.0.1:9').core.listNode());
  assert.equal(f.code, 'E_API_UNREACHABLE');
  assert.match(f.cause_, /cannot reach the Kubernetes API at http:\/\/127\.0\.0\.1:9 \(context "prod"\): bad port \(list nodes\)/);
});

test('a kubeconfig that is not a regular file is refused at once (client-node would read /dev/zero forever)', async () => {
  const { connectKube } = await import('../../src/kube/connect.ts');
  await assert.rejects(connectKube({ kubeconfig: '/dev/zero' }, {}), (e: unknown) => {
    assert.ok(e instanceof FlowError);
    assert.equal(e.code, 'E_BAD_KUBECONFIG');
    assert.equal(e.exitCode, 2);
    assert.match(e.cause_, /--kubeconfig \/dev\/zero cannot be used: it is a character device/);
    return true;
  });
  await assert.rejects(connectKube({}, { KUBECONFIG: '/tmp' }), /the kubeconfig \(from KUBECONFIG\) \/tmp cannot be used: it is a folder/);
});
