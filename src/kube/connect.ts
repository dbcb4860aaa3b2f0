// Finding the cluster: which kubeconfig, which context, which server, and the REST client that
// talks to it. client-node's loadFromDefault() silently targets http://localhost:8080 when there
// is no kubeconfig at all, so we look for one ourselves first and say plainly when there is none.
// client-node itself is loaded only for what still needs it (uninstall's generic object API, a
// legacy auth-provider or a proxy-url): see kubeconfig.ts for why.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { FlowError } from '../util/flow-error.ts';
import { checkInputFile, InputFileError, INPUT_LIMITS } from '../util/read-input.ts';
import { escapeControl, showPath } from '../util/escape.ts';
import { readKubeconfigs, inClusterConfig, IN_CLUSTER_DIR, type Kubeconfig, type UserEntry } from './kubeconfig.ts';
import { execCommand } from './exec-credential.ts';
import { KubeRest } from './rest.ts';
import { needsClientNode, nativeTransport, clientNodeTransport } from './transport.ts';
import { reuseConnections } from './reuse-connections.ts';

/** A kubeconfig must be a regular file of sane size: a parser would read /dev/zero forever. */
function checkKubeconfigFile(path: string, what: string): void {
  try { checkInputFile(path, { field: what, limit: INPUT_LIMITS.kubeconfig }); } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new FlowError('E_BAD_KUBECONFIG', `${what} ${showPath(path)} cannot be used: ${e.reason}`,
      e.errno === 'ENOENT' ? 'pass the path of your kubeconfig file' : e.fix, 2);
  }
}

export interface KubeContextInfo { name: string; cluster: string; server: string }

export interface KubeTarget {
  /** kubeconfig file(s) used, or "in-cluster". */
  source: string;
  /** For child processes (helm): KUBECONFIG to set, if any. */
  kubeconfigEnv?: string;
  context: string;
  cluster: string;
  server: string;
  /** Every context the kubeconfig has, with its cluster's server. */
  contexts: KubeContextInfo[];
  /** The kubeconfig's current context (before --context). */
  currentContext?: string;
  rest: KubeRest;
  /** client-node's KubeConfig for the same files and context, loaded on first use. */
  kubeConfig(): Promise<KubeConfig>;
}

type Where = { files: string[]; source: string; kubeconfigEnv?: string } | { inCluster: true; source: 'in-cluster' };

function findKubeconfig(opts: { kubeconfig?: string }, env: NodeJS.ProcessEnv): Where {
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) {
      throw new FlowError('E_NO_KUBECONFIG', `--kubeconfig ${showPath(opts.kubeconfig)} does not exist`, 'pass the path of your kubeconfig file', 2);
    }
    checkKubeconfigFile(opts.kubeconfig, '--kubeconfig');
    return { files: [opts.kubeconfig], source: opts.kubeconfig, kubeconfigEnv: opts.kubeconfig };
  }
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(delimiter).filter(Boolean);
    const present = files.filter((f) => existsSync(f));
    if (!present.length) {
      throw new FlowError('E_NO_KUBECONFIG', `KUBECONFIG names ${files.map(showPath).join(', ')}, and none of these files exists`, 'point KUBECONFIG (or --kubeconfig) at your kubeconfig file', 2);
    }
    for (const f of present) checkKubeconfigFile(f, 'the kubeconfig (from KUBECONFIG)');
    return { files: present, source: env.KUBECONFIG, kubeconfigEnv: env.KUBECONFIG };
  }
  const home = join(homedir(), '.kube', 'config');
  if (existsSync(home)) {
    checkKubeconfigFile(home, 'the kubeconfig');
    return { files: [home], source: home, kubeconfigEnv: home };
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync(join(IN_CLUSTER_DIR, 'token'))) return { inCluster: true, source: 'in-cluster' };
  throw new FlowError('E_NO_KUBECONFIG', 'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist',
    'get credentials for the cluster first (aws eks update-kubeconfig, az aks get-credentials, gcloud container clusters get-credentials, oci ce cluster create-kubeconfig, or kurl\'s admin.conf), or pass --kubeconfig FILE', 2);
}

/**
 * client-node's KubeConfig for the same context, made from the kubeconfig as we read it (not
 * read again by client-node, which merges KUBECONFIG files its own way and refuses duplicates).
 */
async function clientNodeConfig(where: Where, cfg: Kubeconfig, context: string): Promise<KubeConfig> {
  const { KubeConfig } = await import('./client-node.ts');
  const kc = reuseConnections(new KubeConfig());
  try {
    if ('inCluster' in where) { kc.loadFromCluster(); return kc; }
    const token = (u: UserEntry) => { try { return u.tokenFile ? readFileSync(u.tokenFile, 'utf8').trim() : u.token; } catch { return u.token; } };
    kc.loadFromOptions({
      clusters: [...cfg.clusters].map(([name, c]) => ({ name, server: c.server.replace(/\/$/, ''), caData: c.caData, caFile: c.caFile, skipTLSVerify: Boolean(c.insecure), tlsServerName: c.tlsServerName, proxyUrl: c.proxyUrl })),
      users: [...cfg.users].map(([name, u]) => ({
        name, certData: u.certData, certFile: u.certFile, keyData: u.keyData, keyFile: u.keyFile, token: token(u), username: u.username, password: u.password,
        exec: u.exec && { command: execCommand(u.exec), args: u.exec.args, env: u.exec.env, apiVersion: u.exec.apiVersion },
        authProvider: u.authProviderRaw, impersonateUser: u.impersonate?.user,
      })),
      contexts: cfg.contexts.map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace })),
      currentContext: context,
    });
  } catch (e) {
    throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig cannot be read: ${escapeControl((e as Error).message, { oneLine: true })}`, 'check the file with `kubectl config view`', 2);
  }
  return kc;
}

export async function connectKube(opts: { kubeconfig?: string; context?: string }, env = process.env): Promise<KubeTarget> {
  const where = findKubeconfig(opts, env);
  let cfg: Kubeconfig;
  try {
    cfg = 'inCluster' in where ? inClusterConfig(env) : readKubeconfigs(where.files);
  } catch (e) {
    throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig cannot be read: ${escapeControl((e as Error).message, { oneLine: true })}`, 'check the file with `kubectl config view`', 2);
  }
  const source = where.source;
  if (opts.context && !cfg.contexts.some((c) => c.name === opts.context)) {
    throw new FlowError('E_NO_CONTEXT', `context "${escapeControl(opts.context, { oneLine: true })}" is not in ${showPath(source)}`, `use one of: ${cfg.contexts.map((c) => c.name).join(', ') || '(none)'}`, 2);
  }
  const name = opts.context ?? cfg.currentContext;
  const ctx = cfg.contexts.find((c) => c.name === name);
  const cluster = ctx && cfg.clusters.get(ctx.cluster);
  if (!ctx || !cluster) {
    throw new FlowError('E_NO_CONTEXT', ctx
      ? `context "${escapeControl(ctx.name, { oneLine: true })}" in ${showPath(source)} names cluster "${escapeControl(ctx.cluster, { oneLine: true })}", which is not defined there`
      : `the kubeconfig ${showPath(source)} has no current context`, 'pick one with --context NAME or `kubectl config use-context NAME`', 2);
  }
  if (!/^https?:\/\/[^/]/.test(cluster.server)) {
    throw new FlowError('E_BAD_KUBECONFIG', `cluster "${escapeControl(ctx.cluster, { oneLine: true })}" in ${showPath(source)} has ${cluster.server ? `the server address "${escapeControl(cluster.server, { oneLine: true })}", which is not an http(s) URL` : 'no server address'}`,
      'check the file with `kubectl config view`', 2);
  }
  // A user the context names but the kubeconfig does not define would connect anonymously and
  // meet a puzzling 401 later: kubectl refuses it, so do we (an empty user is anonymous on purpose).
  if (ctx.user && !cfg.users.has(ctx.user)) {
    throw new FlowError('E_BAD_KUBECONFIG', `context "${escapeControl(ctx.name, { oneLine: true })}" in ${showPath(source)} names user "${escapeControl(ctx.user, { oneLine: true })}", which is not defined there`,
      'check the file with `kubectl config view`, or pick another context with --context NAME', 2);
  }
  const user = cfg.users.get(ctx.user) ?? {};
  const problem = cluster.problem ?? user.problem;
  if (problem) throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig cannot be used: ${escapeControl(problem, { oneLine: true })}`, 'correct it, then check with `kubectl get nodes`', 2);
  let kc: Promise<KubeConfig> | undefined;
  const kubeConfig = () => {
    kc ??= clientNodeConfig(where, cfg, ctx.name);
    return kc;
  };
  let transport;
  try {
    transport = needsClientNode(cluster, user) ? await clientNodeTransport(await kubeConfig(), cluster, user) : await nativeTransport(cluster, user);
  } catch (e) {
    if (e instanceof FlowError) throw e;
    throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig's credentials for context "${escapeControl(ctx.name, { oneLine: true })}" cannot be used: ${escapeControl((e as Error).message, { oneLine: true })}`, 'check the certificate, key and token files it names with `kubectl config view`', 2);
  }
  return {
    source, kubeconfigEnv: 'inCluster' in where ? undefined : where.kubeconfigEnv,
    context: ctx.name, cluster: ctx.cluster, server: cluster.server,
    contexts: cfg.contexts.map((c) => ({ name: c.name, cluster: c.cluster, server: cfg.clusters.get(c.cluster)?.server ?? '(no server)' })),
    currentContext: cfg.currentContext,
    rest: new KubeRest(transport),
    kubeConfig,
  };
}

/** A short reason for a client-node failure; see kube/errors.ts for the full explanation. */
export { kubeErrorReason } from './errors.ts';

export function isNotFound(e: unknown): boolean {
  return (e as { code?: number })?.code === 404;
}
