// One dispatcher (and so one pool of keep-alive connections) per distinct set of connection
// settings: the same cluster and credentials share it; another certificate never does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatcherKey, reuseConnections } from '../../src/kube/reuse-connections.ts';

const cluster = { name: 'c', server: 'https://api.example.com:6443', skipTLSVerify: false };

test('the key changes with anything that changes the connection, and only then', () => {
  const base = { ca: Buffer.from('CA-1'), cert: Buffer.from('CERT-1'), key: Buffer.from('KEY-1') };
  assert.equal(dispatcherKey(cluster, base), dispatcherKey({ ...cluster }, { ...base }));
  assert.notEqual(dispatcherKey(cluster, base), dispatcherKey(cluster, { ...base, cert: Buffer.from('CERT-2') }));
  assert.notEqual(dispatcherKey(cluster, base), dispatcherKey(cluster, { ...base, key: Buffer.from('KEY-2') }));
  assert.notEqual(dispatcherKey(cluster, base), dispatcherKey({ ...cluster, server: 'https://other:6443' }, base));
  assert.notEqual(dispatcherKey(cluster, base), dispatcherKey({ ...cluster, proxyUrl: 'socks5://bastion:1080' }, base));
  assert.notEqual(dispatcherKey(cluster, { passphrase: '-' }), dispatcherKey(cluster, {}), 'unset is not the string "-"');
  assert.notEqual(dispatcherKey(cluster, { rejectUnauthorized: false }), dispatcherKey(cluster, {}));
});

test('a KubeConfig made to reuse: one dispatcher per distinct settings, whatever the number of requests', () => {
  let made = 0;
  const kc: any = { createDispatcher(_c: unknown, _o: unknown) { made++; return { id: made }; } };
  reuseConnections(kc);
  const a = kc.createDispatcher(cluster, { cert: Buffer.from('CERT-1') });
  for (let i = 0; i < 10; i++) assert.equal(kc.createDispatcher(cluster, { cert: Buffer.from('CERT-1') }), a);
  const b = kc.createDispatcher(cluster, { cert: Buffer.from('CERT-2') }); // a rotated client certificate
  assert.notEqual(b, a);
  assert.equal(made, 2);
});

test('a client-node without the private method is left as it is (one connection per request, still working)', () => {
  const kc: any = { makeApiClient() {} };
  assert.equal(reuseConnections(kc), kc);
  assert.equal(kc.createDispatcher, undefined);
});
