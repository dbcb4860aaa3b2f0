// client-node 2 makes a new undici Agent for every request it sends to a cluster with TLS
// settings (a CA, a client certificate, or skip-verify): every API call then opens a new
// connection and, on a real cluster, does a new TLS handshake. Preflight's dozen calls, the
// lock, the Secrets and the address watch each paid that, over an SSH-tunnelled link too.
// Here one KubeConfig keeps one dispatcher per distinct set of connection settings, so calls
// share keep-alive connections (test/e2e/install-suite.ts counts them).
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';

type MakeDispatcher = (cluster: unknown, agentOptions: Record<string, unknown>) => unknown;

/** The settings a dispatcher is made from, as one key (certificates and keys hashed). */
export function dispatcherKey(cluster: unknown, agentOptions: Record<string, unknown>): string {
  const c = (cluster ?? {}) as Record<string, unknown>;
  const h = createHash('sha256');
  for (const part of [c.server, c.proxyUrl, c.skipTLSVerify, c.tlsServerName]) h.update(`${part === undefined ? '\u0001unset' : String(part)}\0`);
  for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername']) {
    const v = agentOptions[k];
    h.update(v === undefined ? `${k}:unset` : `${k}=`);
    if (v === undefined) { h.update('\0'); continue; }
    if (Buffer.isBuffer(v) || typeof v === 'string') h.update(v);
    else h.update(JSON.stringify(v));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Makes `kc` reuse its dispatchers (and so its connections); returns it. */
export function reuseConnections<T extends KubeConfig>(kc: T): T {
  // A private method of client-node's KubeConfig: if a later version drops it, requests still
  // work as before (one connection each), and the connection test says so.
  const make = (kc as unknown as { createDispatcher?: MakeDispatcher }).createDispatcher;
  if (typeof make !== 'function') return kc;
  const made = new Map<string, unknown>();
  Object.defineProperty(kc, 'createDispatcher', {
    configurable: true,
    value: (cluster: unknown, agentOptions: Record<string, unknown>) => {
      const key = dispatcherKey(cluster, agentOptions);
      if (!made.has(key)) made.set(key, make.call(kc, cluster, agentOptions));
      return made.get(key);
    },
  });
  return kc;
}
