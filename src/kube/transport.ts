// How requests reach one cluster as one user: TLS settings, credentials and keep-alive agents.
// Our own for everything kubectl users have today (client certificates, tokens and token files,
// basic auth, credential plugins, impersonation); client-node's for the two things it knows and
// we do not (a legacy auth-provider, a proxy-url), loaded only then.
import type { Agent as HttpAgent } from 'node:http';
import { readFileSync } from 'node:fs';
import type { ClusterEntry, UserEntry } from './kubeconfig.ts';
import { ExecCredentials } from './exec-credential.ts';
import { agentFactory, fileOrData, type Credentials, type Transport } from './rest.ts';

/** Why client-node must make the connection, or undefined when ours can. */
export function needsClientNode(cluster: ClusterEntry, user: UserEntry): string | undefined {
  if (cluster.proxyUrl) return 'proxy-url';
  if (user.authProvider) return `auth-provider ${user.authProvider}`;
  return undefined;
}

function impersonation(u: UserEntry): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  if (u.impersonate?.user) h['Impersonate-User'] = u.impersonate.user;
  if (u.impersonate?.uid) h['Impersonate-Uid'] = u.impersonate.uid;
  if (u.impersonate?.groups?.length) h['Impersonate-Group'] = u.impersonate.groups;
  return h;
}

export async function nativeTransport(cluster: ClusterEntry, user: UserEntry): Promise<Transport> {
  const mod = cluster.server.startsWith('http:') ? (await import('node:http')).default : (await import('node:https')).default as unknown as typeof import('node:http');
  const agent = agentFactory(mod, { ca: fileOrData(cluster.caFile, cluster.caData), insecure: cluster.insecure, servername: cluster.tlsServerName });
  const staticCert = fileOrData(user.certFile, user.certData);
  const staticKey = fileOrData(user.keyFile, user.keyData);
  const exec = user.exec ? new ExecCredentials(user.exec, cluster) : undefined;
  const base = impersonation(user);
  return {
    server: cluster.server,
    refreshable: Boolean(exec || user.tokenFile),
    agent: (c, watch) => agent(c, watch),
    async credentials(refresh) {
      const headers: Record<string, string | string[]> = { ...base };
      let cert: Buffer | string | undefined = staticCert;
      let key: Buffer | string | undefined = staticKey;
      if (exec) {
        if (refresh) exec.invalidate();
        const r = await exec.get();
        if (r.token) headers.Authorization = `Bearer ${r.token}`;
        if (r.cert && r.key) { cert = r.cert; key = r.key; }
      }
      // A token file is read on each request: it is rotated under us (projected service-account tokens).
      const token = user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : user.token;
      if (token && !headers.Authorization) headers.Authorization = `Bearer ${token}`;
      if (user.username && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
      return { headers, ...(cert && key ? { cert, key } : {}) } satisfies Credentials;
    },
  };
}

/** client-node's KubeConfig makes the agent (proxy) and the headers (auth-provider). */
export function clientNodeTransport(kc: import('@kubernetes/client-node').KubeConfig, server: string): Transport {
  let agent: HttpAgent | undefined;
  return {
    server,
    refreshable: false,
    agent: () => agent!,
    async credentials() {
      const opts: { headers?: Record<string, string>; agent?: HttpAgent; auth?: string } = {};
      await kc.applyToHTTPSOptions(opts as never);
      agent ??= opts.agent;
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.auth && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return { headers };
    },
  };
}
