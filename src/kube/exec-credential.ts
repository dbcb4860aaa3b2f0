// A kubeconfig's credential plugin (`user.exec`: aws eks get-token, gke-gcloud-auth-plugin,
// kubelogin, oci ce cluster generate-token), run as kubectl runs it: KUBERNETES_EXEC_INFO in its
// environment, an ExecCredential on its stdout, the result kept until it expires. Run
// asynchronously (client-node runs it with spawnSync, which freezes the screen for the second
// `aws eks get-token` takes), never with a terminal: the plugin must not prompt.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { ClusterEntry, ExecConfig } from './kubeconfig.ts';
import { FlowError } from '../util/flow-error.ts';
import { escapeControl } from '../util/escape.ts';

export interface ExecResult { token?: string; cert?: string; key?: string; expiresAt?: number }

const TIMEOUT_MS = 120_000;
/** A credential is renewed this long before it expires, so that no request carries a stale one. */
const MARGIN_MS = 30_000;

export function execCommand(c: ExecConfig): string {
  // kubectl: a command with a path separator is relative to the kubeconfig that names it.
  return !isAbsolute(c.command) && (c.command.includes('/') || c.command.includes(sep)) ? join(c.dir, c.command) : c.command;
}

function execInfo(c: ExecConfig, cluster: ClusterEntry): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (c.provideClusterInfo) {
    spec.cluster = {
      server: cluster.server,
      // A CA file is handed over inline, as client-go does.
      ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : cluster.caFile ? caFileData(cluster.caFile) : {}),
      ...(cluster.insecure ? { 'insecure-skip-tls-verify': true } : {}),
      ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
      ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
    };
  }
  return JSON.stringify({ apiVersion: c.apiVersion, kind: 'ExecCredential', spec });
}

function caFileData(file: string): Record<string, string> {
  try { return { 'certificate-authority-data': readFileSync(file).toString('base64') }; } catch { return {}; }
}

const authError = (c: ExecConfig, what: string, fix: string) =>
  new FlowError('E_KUBE_AUTH', `the kubeconfig's credential plugin \`${escapeControl(c.command, { oneLine: true })}\` ${what}`, fix, 1);

/** Runs the plugin once; a FlowError (E_KUBE_AUTH) says what went wrong and how to fix it. */
export function runExecPlugin(c: ExecConfig, cluster: ClusterEntry, env: NodeJS.ProcessEnv = process.env): Promise<ExecResult> {
  if (c.interactiveMode === 'Always') {
    return Promise.reject(authError(c, 'needs a terminal to ask you something (interactiveMode: Always), and wallaroo-install never gives it one',
      'log in once in a terminal (run `kubectl get nodes` there), or set the plugin to a non-interactive mode; then run again'));
  }
  const childEnv: NodeJS.ProcessEnv = { ...env, KUBERNETES_EXEC_INFO: execInfo(c, cluster) };
  for (const e of c.env) childEnv[e.name] = e.value;
  return new Promise((resolve, reject) => {
    const child = execFile(execCommand(c), c.args, { env: childEnv, timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number };
        if (e.code === 'ENOENT') {
          reject(authError(c, 'was not found', c.installHint ? escapeControl(c.installHint, { oneLine: true }) : `install it or put it on PATH (PATH=${env.PATH ?? ''}), then check with \`kubectl get nodes\``));
          return;
        }
        // Only the plugin's own last words: its arguments (an OIDC client secret, say) never go
        // into a message or the log, and Node's error message carries them.
        const said = escapeControl(String(stderr).trim().split('\n').filter(Boolean).slice(-1)[0] ?? '', { oneLine: true });
        const how = e.killed ? `did not finish within ${TIMEOUT_MS / 1000}s`
          : `failed (${typeof e.code === 'number' ? `exit code ${e.code}` : e.signal ? `killed by ${e.signal}` : escapeControl(String(e.code ?? 'no exit code'), { oneLine: true })})${said ? `: ${said}` : ''}`;
        reject(authError(c, how, 'run the same command by hand to see why (an expired cloud login is the usual cause), then check with `kubectl get nodes`'));
        return;
      }
      let doc: { apiVersion?: unknown; status?: Record<string, unknown> } | undefined;
      try { doc = JSON.parse(stdout) as typeof doc; } catch { /* below */ }
      if (doc?.apiVersion !== undefined && doc.apiVersion !== c.apiVersion) {
        reject(authError(c, `answered with apiVersion ${escapeControl(String(doc.apiVersion), { oneLine: true })}, not the ${c.apiVersion} the kubeconfig asks for`, 'update the plugin, or the apiVersion under the user\'s exec in the kubeconfig'));
        return;
      }
      const status = doc?.status;
      const token = typeof status?.token === 'string' ? status.token : undefined;
      const cert = typeof status?.clientCertificateData === 'string' ? status.clientCertificateData : undefined;
      const key = typeof status?.clientKeyData === 'string' ? status.clientKeyData : undefined;
      if (!token && !(cert && key)) {
        reject(authError(c, 'printed no credential (an ExecCredential with status.token or a client certificate)', 'run the same command by hand and check its output, then `kubectl get nodes`'));
        return;
      }
      const exp = typeof status?.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : NaN;
      resolve({ token, cert, key, ...(Number.isFinite(exp) ? { expiresAt: exp } : {}) });
    });
    // Its stdin ends at once (as under kubectl without a terminal): a plugin that would prompt
    // fails at once instead of waiting two minutes for an answer nobody can give.
    child.stdin?.end();
  });
}

/** One plugin's credential, fetched when first needed and again once expired or refused. */
export class ExecCredentials {
  private current?: Promise<ExecResult>;
  constructor(private readonly c: ExecConfig, private readonly cluster: ClusterEntry, private readonly run = runExecPlugin) {}

  get(): Promise<ExecResult> {
    // A credential just fetched is used as it is, however short-lived; a kept one is checked.
    if (!this.current) return this.fetch();
    const cur = this.current;
    return cur.then((r) => {
      if (r.expiresAt === undefined || r.expiresAt - MARGIN_MS > Date.now()) return r;
      // Expired: the first caller to notice asks again; the others wait for that same answer.
      return this.current === cur ? this.fetch() : this.current ?? this.fetch();
    });
  }

  /**
   * After a 401 with credential `used`: the next request asks the plugin again, once however
   * many requests were refused together (a dozen preflight calls must not start a dozen plugins).
   */
  refused(used: ExecResult | undefined): Promise<ExecResult> {
    const cur = this.current;
    if (!cur) return this.fetch();
    return cur.then((r) => (r === used && this.current === cur ? this.fetch() : this.current ?? this.fetch()), () => this.fetch());
  }

  private fetch(): Promise<ExecResult> {
    const p = this.run(this.c, this.cluster);
    this.current = p;
    p.catch(() => { if (this.current === p) this.current = undefined; });
    return p;
  }
}
