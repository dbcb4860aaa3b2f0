// How requests reach one cluster as one user: TLS settings, credentials and keep-alive agents.
// Our own for everything kubectl users have today (client certificates, tokens and token files,
// basic auth, credential plugins, impersonation); client-node's for the two things it knows and
// we do not (a legacy auth-provider, a proxy-url), loaded only then.
import type { Agent as HttpAgent } from 'node:http';
import { readFileSync } from 'node:fs';
import type { ClusterEntry, UserEntry } from './kubeconfig.ts';
import { ExecCredentials, type ExecResult } from './exec-credential.ts';
import { FlowError } from '../util/flow-error.ts';
import { escapeControl, showPath } from '../util/escape.ts';
import { agentFactory, fileOrData, httpModule, type Credentials, type Transport } from './rest.ts';

/** client-node must make the headers or the agent: a proxy-url, a legacy auth-provider. */
export function needsClientNode(cluster: ClusterEntry, user: UserEntry): boolean {
  return Boolean(cluster.proxyUrl || user.authProvider);
}

function impersonation(u: UserEntry): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  if (u.impersonate?.user) h['Impersonate-User'] = u.impersonate.user;
  if (u.impersonate?.uid) h['Impersonate-Uid'] = u.impersonate.uid;
  if (u.impersonate?.groups?.length) h['Impersonate-Group'] = u.impersonate.groups;
  return h;
}

/** A header value a token can be, once trimmed: a line break (a YAML block scalar) or a control character cannot go into one. */
function checkedToken(token: string, where: string): string {
  const t = token.trim();
  if (/[^\t\x20-\x7e\x80-\xff]/.test(t)) {
    throw new FlowError('E_BAD_KUBECONFIG', `the token in ${where} holds a character an HTTP header cannot carry (a line break, or a control character)`,
      'put the token on one line in the kubeconfig (check with `kubectl config view --raw`)', 2);
  }
  return t;
}

function readTokenFile(path: string): string {
  try { return readFileSync(path, 'utf8'); } catch (e) {
    throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig's token file ${showPath(path)} cannot be read: ${escapeControl((e as Error).message, { oneLine: true })}`,
      'check the tokenFile path in the kubeconfig (`kubectl config view`), and that this user may read it', 2);
  }
}

/** The kept-alive agents of one cluster, with its TLS settings. */
function clusterAgents(cluster: ClusterEntry) {
  return agentFactory(httpModule(cluster.server), { ca: fileOrData(cluster.caFile, cluster.caData), insecure: cluster.insecure, servername: cluster.tlsServerName });
}

export async function nativeTransport(cluster: ClusterEntry, user: UserEntry): Promise<Transport> {
  const agent = clusterAgents(cluster);
  const staticCert = fileOrData(user.certFile, user.certData);
  const staticKey = fileOrData(user.keyFile, user.keyData);
  const exec = user.exec ? new ExecCredentials(user.exec, cluster) : undefined;
  const base = impersonation(user);
  const staticToken = user.token === undefined ? undefined : checkedToken(user.token, 'the kubeconfig');
  // Read now, so that a missing file is named at once; then again on every request (it rotates).
  if (user.tokenFile) checkedToken(readTokenFile(user.tokenFile), showPath(user.tokenFile));
  return {
    server: cluster.server,
    refreshable: Boolean(exec || user.tokenFile),
    agent,
    async credentials(refused) {
      const headers: Record<string, string | string[]> = { ...base };
      let cert: Buffer | string | undefined = staticCert;
      let key: Buffer | string | undefined = staticKey;
      let source: ExecResult | undefined;
      if (exec) {
        source = await (refused ? exec.refused(refused.source as ExecResult | undefined) : exec.get());
        if (source.token) headers.Authorization = `Bearer ${checkedToken(source.token, `the answer of the credential plugin \`${user.exec!.command}\``)}`;
        if (source.cert && source.key) { cert = source.cert; key = source.key; }
      }
      const token = user.tokenFile ? checkedToken(readTokenFile(user.tokenFile), showPath(user.tokenFile)) : staticToken;
      if (token && !headers.Authorization) headers.Authorization = `Bearer ${token}`;
      if (user.username && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
      return { headers, ...(cert && key ? { cert, key } : {}), source } satisfies Credentials;
    },
  };
}

/**
 * client-node's KubeConfig makes the headers (a legacy auth-provider) and, for a proxy-url, the
 * agent; without a proxy the connections are ours (kept alive, the same TLS settings).
 */
export async function clientNodeTransport(kc: import('@kubernetes/client-node').KubeConfig, cluster: ClusterEntry, user: UserEntry): Promise<Transport> {
  let proxied: HttpAgent | undefined;
  const own = cluster.proxyUrl ? undefined : clusterAgents(cluster);
  const cert = fileOrData(user.certFile, user.certData);
  const key = fileOrData(user.keyFile, user.keyData);
  return {
    server: cluster.server,
    refreshable: false,
    agent: (c, watch) => (own ? own(c, watch) : proxied!),
    async credentials() {
      const opts: { headers?: Record<string, string>; agent?: HttpAgent; auth?: string } = {};
      await kc.applyToHTTPSOptions(opts as never);
      proxied ??= opts.agent;
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.auth && !headers.Authorization) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return { headers, ...(cert && key ? { cert, key } : {}) };
    },
  };
}
