// The kubeconfig, read the way kubectl reads it, without client-node: client-node's module alone
// costs ~100 ms of CPU to load (its generated clients), and on the way to helm every such
// millisecond is on the critical path (bench/install-timeline.ts). Here: which files, how they
// merge (KUBECONFIG: the first file to set a name or the current context wins), relative paths
// resolved against the file that names them, and the context's cluster and user.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

export interface ClusterEntry {
  server: string;
  caFile?: string;
  caData?: string;
  insecure?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** Why kubectl would refuse this entry; reported only if the chosen context uses it. */
  problem?: string;
}

export interface ExecConfig {
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
  /** The folder of the kubeconfig that names it: a relative command path is resolved there. */
  dir: string;
}

export interface UserEntry {
  token?: string;
  tokenFile?: string;
  certFile?: string;
  certData?: string;
  keyFile?: string;
  keyData?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  /** A legacy auth-provider (gcp, azure, oidc): only client-node knows those. */
  authProvider?: string;
  /** The auth-provider as written (name and config), for client-node. */
  authProviderRaw?: Record<string, unknown>;
  impersonate?: { user?: string; uid?: string; groups?: string[] };
  /** Why kubectl would refuse this entry; reported only if the chosen context uses it. */
  problem?: string;
}

export interface ContextEntry { name: string; cluster: string; user: string; namespace?: string }

export interface Kubeconfig {
  contexts: ContextEntry[];
  clusters: Map<string, ClusterEntry>;
  users: Map<string, UserEntry>;
  currentContext?: string;
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? v as Raw : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const abs = (dir: string, p: string | undefined) => (p === undefined || isAbsolute(p) ? p : join(dir, p));

function named(list: unknown, what: string, file: string): Array<[string, Raw]> {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new Error(`${what} in ${file} is not a list`);
  return list.map((e, i) => {
    const name = str(obj(e).name);
    if (!name) throw new Error(`${what}[${i}] in ${file} has no name`);
    return [name, obj(e)];
  });
}

function clusterOf(name: string, c: Raw, dir: string, file: string): ClusterEntry {
  // kubectl: "specifying a root certificates file with the insecure flag is not allowed".
  const problem = c['insecure-skip-tls-verify'] === true && (str(c['certificate-authority']) || str(c['certificate-authority-data']))
    ? `cluster "${name}" in ${file} has both insecure-skip-tls-verify and a certificate authority (kubectl refuses that too): keep one` : undefined;
  return {
    problem,
    // client-go reads a server without a scheme ("10.0.0.1:6443") as https.
    server: ((v) => (v && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? `https://${v}` : v ?? ''))(str(c.server)),
    caFile: abs(dir, str(c['certificate-authority'])),
    caData: str(c['certificate-authority-data']),
    insecure: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
  };
}

const EXEC_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

function userOf(name: string, u: Raw, dir: string, file: string): UserEntry {
  const e = obj(u.exec);
  // kubectl refuses a plugin without a command or a known apiVersion: so do we, rather than guess.
  const problem = u.exec !== undefined && u.exec !== null && !str(e.command) ? `user "${name}" in ${file}: exec has no command`
    : str(e.command) && !EXEC_VERSIONS.includes(str(e.apiVersion) ?? '')
      ? `user "${name}" in ${file}: exec.apiVersion is ${str(e.apiVersion) ? `"${str(e.apiVersion)}"` : 'missing'}; it must be one of ${EXEC_VERSIONS.join(', ')}` : undefined;
  const exec: ExecConfig | undefined = str(e.command) ? {
    command: str(e.command)!,
    args: Array.isArray(e.args) ? e.args.map(String) : [],
    env: Array.isArray(e.env) ? e.env.map(obj).filter((x) => str(x.name)).map((x) => ({ name: String(x.name), value: String(x.value ?? '') })) : [],
    apiVersion: str(e.apiVersion) ?? '',
    installHint: str(e.installHint),
    provideClusterInfo: e.provideClusterInfo === true,
    interactiveMode: str(e.interactiveMode),
    dir,
  } : undefined;
  const groups = Array.isArray(u['as-groups']) ? u['as-groups'].map(String) : undefined;
  const impersonate = str(u.as) || str(u['as-uid']) || groups?.length ? { user: str(u.as), uid: str(u['as-uid']), groups } : undefined;
  return {
    problem,
    token: str(u.token),
    tokenFile: abs(dir, str(u.tokenFile)),
    certFile: abs(dir, str(u['client-certificate'])),
    certData: str(u['client-certificate-data']),
    keyFile: abs(dir, str(u['client-key'])),
    keyData: str(u['client-key-data']),
    username: str(u.username),
    password: str(u.password),
    exec,
    authProvider: str(obj(u['auth-provider']).name),
    authProviderRaw: str(obj(u['auth-provider']).name) ? obj(u['auth-provider']) : undefined,
    impersonate,
  };
}

/** Reads and merges kubeconfig files in order; throws a plain Error naming the file on bad content. */
export function readKubeconfigs(files: string[]): Kubeconfig {
  const out: Kubeconfig = { contexts: [], clusters: new Map(), users: new Map() };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let doc: unknown;
    try { doc = parse(text); } catch (e) { throw new Error(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`); }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file} is not a kubeconfig (no mapping at its top level)`);
    const d = doc as Raw;
    const dir = dirname(file);
    for (const [name, c] of named(d.clusters, 'clusters', file)) if (!out.clusters.has(name)) out.clusters.set(name, clusterOf(name, obj(c.cluster), dir, file));
    for (const [name, u] of named(d.users, 'users', file)) if (!out.users.has(name)) out.users.set(name, userOf(name, obj(u.user), dir, file));
    for (const [name, c] of named(d.contexts, 'contexts', file)) {
      if (out.contexts.some((x) => x.name === name)) continue;
      const ctx = obj(c.context);
      out.contexts.push({ name, cluster: str(ctx.cluster) ?? '', user: str(ctx.user) ?? '', namespace: str(ctx.namespace) });
    }
    out.currentContext ??= str(d['current-context']);
  }
  return out;
}

/** The service account's own credentials inside a pod (KUBERNETES_SERVICE_HOST and the mounted token). */
export const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export function inClusterConfig(env: NodeJS.ProcessEnv): Kubeconfig {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    contexts: [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser' }],
    clusters: new Map([['inCluster', { server, caFile: join(IN_CLUSTER_DIR, 'ca.crt') }]]),
    users: new Map([['inClusterUser', { tokenFile: join(IN_CLUSTER_DIR, 'token') }]]),
    currentContext: 'inClusterContext',
  };
}
