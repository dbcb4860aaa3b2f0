// Kubernetes API failures → a FlowError that names the server, the request and what to do.
// One mapping for every command (install, preflight, status, credentials, uninstall): nothing
// a cluster can answer ends as "internal error".
//
// client-node's errors carry no URL or request: `annotateKubeErrors` wraps the API clients so
// that every rejection carries which server was asked what (`kubeOpOf`). `toFlowError` is what
// the CLI calls on anything a command threw.
import { FlowError } from '../util/flow-error.ts';
import { InputFileError, fsAdvice } from '../util/read-input.ts';
import { escapeControl, showPath } from '../util/escape.ts';

export interface KubeTargetInfo { server: string; context: string; source?: string }

/** The request that failed, as far as it is known. */
export interface KubeOp extends Partial<KubeTargetInfo> {
  method?: string;
  /** Kubernetes verb: get, list, create, update, patch, delete. */
  verb?: string;
  /** Plural resource, e.g. secrets, selfsubjectaccessreviews, pods/log. */
  resource?: string;
  namespace?: string;
  name?: string;
}

const OP = Symbol.for('wallaroo-install.kube-op');

const VERBS: [RegExp, string][] = [
  [/^read/, 'get'], [/^list/, 'list'], [/^create/, 'create'], [/^replace/, 'update'],
  [/^patch/, 'patch'], [/^deleteCollection/, 'deletecollection'], [/^delete/, 'delete'], [/^connect/, 'create'],
];

function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('s')) return `${k}es`;
  if (k.endsWith('y')) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** `readNamespacedSecret({name, namespace})` → {verb: get, resource: secrets, …}. */
export function describeKubeCall(method: string, args: unknown): Omit<KubeOp, keyof KubeTargetInfo> {
  const a = (args && typeof args === 'object' ? args : {}) as { name?: unknown; namespace?: unknown; body?: { metadata?: { name?: unknown } } };
  const name = typeof a.name === 'string' ? a.name : typeof a.body?.metadata?.name === 'string' ? a.body.metadata.name : undefined;
  const namespace = typeof a.namespace === 'string' ? a.namespace : undefined;
  if (method === 'getCode') return { method, verb: 'get', resource: '/version' };
  const v = VERBS.find(([re]) => re.test(method));
  if (!v) return { method, name, namespace };
  let kind = method.replace(/^(read|list|create|replace|patch|deleteCollection|delete|connect[A-Z][a-z]+)/, '')
    .replace(/ForAllNamespaces$/, '').replace(/^Namespaced/, '');
  let sub = '';
  for (const s of ['Status', 'Log', 'Scale', 'Ephemeralcontainers', 'Proxy', 'Exec', 'Portforward']) {
    if (kind.endsWith(s) && kind !== s && kind !== 'Namespace') { sub = `/${s.toLowerCase()}`; kind = kind.slice(0, -s.length); break; }
  }
  return { method, verb: v[1], resource: kind ? plural(kind) + sub : undefined, namespace, name };
}

/** The request a client-node error came from (see annotateKubeErrors), if known. */
export function kubeOpOf(e: unknown): KubeOp | undefined {
  return e && typeof e === 'object' ? (e as { [OP]?: KubeOp })[OP] : undefined;
}

/**
 * Wraps client-node API clients (CoreV1Api, …) so that every failed call carries its server,
 * context and request. The error itself is unchanged (callers still test `code === 404`).
 */
export function annotateKubeErrors<T extends object>(client: T, target: KubeTargetInfo): T {
  return new Proxy(client, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const tag = (e: unknown) => {
          if (e && typeof e === 'object' && !(OP in e)) {
            try { Object.defineProperty(e, OP, { value: { ...target, ...describeKubeCall(prop, args[0]) }, enumerable: false }); } catch { /* frozen */ }
          }
          throw e;
        };
        try {
          const r = value.apply(obj, args);
          return r && typeof (r as Promise<unknown>).then === 'function' ? (r as Promise<unknown>).then(undefined, tag) : r;
        } catch (e) { return tag(e); }
      };
    },
  });
}

export function httpStatus(e: unknown): number | undefined {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'number' && c >= 100 && c < 600 ? c : undefined;
}

/** The API server's Status message, if the body is one. */
export function statusMessage(e: unknown): string | undefined {
  const body = (e as { body?: unknown })?.body;
  try {
    const s = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown } | undefined;
    return typeof s?.message === 'string' && s.message ? s.message : undefined;
  } catch { return undefined; }
}

/** 404 for an API (group/version/resource) the server does not serve, not for a missing object. */
export function isApiMissing(e: unknown): boolean {
  if (httpStatus(e) !== 404) return false;
  const m = statusMessage(e);
  return !m || /could not find the requested resource|page not found/i.test(m);
}

const NETWORK: Record<string, { what: string; check: string }> = {
  ECONNREFUSED: { what: 'nothing is listening there (connection refused)', check: 'that the cluster is running and the kubeconfig points at the right address' },
  ECONNRESET: { what: 'the connection was reset', check: 'proxies, load balancers and firewalls between here and the API server' },
  UND_ERR_SOCKET: { what: 'the connection was closed by the other side', check: 'proxies, load balancers and firewalls between here and the API server' },
  UND_ERR_CLOSED: { what: 'the connection was closed', check: 'proxies, load balancers and firewalls between here and the API server' },
  EPIPE: { what: 'the connection was closed while sending', check: 'proxies and firewalls between here and the API server' },
  ETIMEDOUT: { what: 'no answer in time (timed out)', check: 'the network path: VPN, bastion, firewall rules, a private API endpoint' },
  UND_ERR_CONNECT_TIMEOUT: { what: 'no answer to the connection attempt in time (timed out)', check: 'the network path: VPN, bastion, firewall rules, a private API endpoint' },
  UND_ERR_HEADERS_TIMEOUT: { what: 'it accepted the connection but did not answer in time', check: 'the API server\'s health (`kubectl get --raw /readyz`) and the network path' },
  UND_ERR_BODY_TIMEOUT: { what: 'its answer stopped halfway (timed out)', check: 'the API server\'s health and the network path' },
  EHOSTUNREACH: { what: 'the host cannot be reached (no route)', check: 'the network path: VPN, bastion, routes' },
  ENETUNREACH: { what: 'the network cannot be reached', check: 'the network connection and VPN' },
  ENOTFOUND: { what: 'the server name does not resolve (DNS)', check: 'the server name in the kubeconfig, DNS and VPN' },
  EAI_AGAIN: { what: 'the server name cannot be resolved right now (DNS)', check: 'DNS and the network connection' },
};

const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

function networkCode(e: unknown): string | undefined {
  let cur: any = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = typeof cur.code === 'string' ? cur.code : undefined;
    if (c && (NETWORK[c] || TLS.test(c))) return c;
    if (Array.isArray(cur.errors) && cur.errors[0]) { cur = cur.errors[0]; continue; }
    cur = cur.cause;
  }
  return undefined;
}

/** The request never got an answer: undici's "fetch failed" (client-node) or our REST client's KubeRequestFailed. */
function fetchFailed(e: unknown): boolean {
  return (e instanceof TypeError && /fetch failed/i.test(e.message)) || (e instanceof Error && e.name === 'KubeRequestFailed');
}

function deepestMessage(e: unknown): string {
  let cur: any = e;
  let msg = String(cur?.message ?? e);
  for (let i = 0; i < 5 && cur?.cause; i++) { cur = cur.cause; if (cur?.message) msg = String(cur.message); }
  return msg;
}

function where(op: KubeOp | undefined): string {
  return op?.server ? `the Kubernetes API at ${op.server}${op.context ? ` (context "${op.context}")` : ''}` : 'the Kubernetes API server';
}

function request(op: KubeOp | undefined): string {
  if (!op?.verb) return '';
  return `${op.verb} ${op.resource ?? ''}${op.name ? ` ${op.name}` : ''}${op.namespace ? ` in namespace ${op.namespace}` : ''}`.replace(/\s+/g, ' ').trim();
}

function canI(verb: string, resource: string, group: string | undefined, namespace: string | undefined): string {
  const res = group ? `${resource}.${group}` : resource;
  return `kubectl auth can-i ${verb} ${res}${namespace ? ` --namespace ${namespace}` : ''}`;
}

/**
 * A FlowError for a failure of the Kubernetes API (network, TLS, HTTP status), or undefined if
 * `e` is not one. `op` adds what the error does not carry (the proxy's annotation wins).
 */
export function kubeFailure(e: unknown, op?: KubeOp): FlowError | undefined {
  const o: KubeOp | undefined = { ...op, ...kubeOpOf(e) };
  const net = networkCode(e);
  const req = request(o);
  const doing = req ? ` (${req})` : '';
  const ctxFlag = o?.context ? `kubectl cluster-info --context ${o.context}` : 'kubectl cluster-info';
  if (net && TLS.test(net)) {
    return new FlowError('E_API_TLS', `cannot talk to ${where(o)} over TLS: ${net}${doing}`,
      `check the server address (https:// and the port) and certificate-authority-data in the kubeconfig${o?.source ? ` (${showPath(o.source)})` : ''}; then try \`${ctxFlag}\``, 1);
  }
  if (net) {
    const n = NETWORK[net];
    return new FlowError('E_API_UNREACHABLE', `cannot reach ${where(o)}: ${n.what} [${net}]${doing}`,
      `check ${n.check}, and that this is the right context: \`${ctxFlag}\``, 1);
  }
  const status = httpStatus(e);
  if (status === undefined && fetchFailed(e)) {
    // A failure of the HTTP client without a known network code ("bad port", a proxy error…).
    return new FlowError('E_API_UNREACHABLE', `cannot reach ${where(o)}: ${escapeControl(deepestMessage(e), { oneLine: true })}${doing}`,
      `check the server address in the kubeconfig${o?.source ? ` (${showPath(o.source)})` : ''} and the network path, and that this is the right context: \`${ctxFlag}\``, 1);
  }
  if (status === undefined || !(e && typeof e === 'object' && ('body' in e || 'headers' in e))) return undefined;
  const msg = statusMessage(e);
  const said = msg ? `: ${escapeControl(msg, { oneLine: true })}` : '';
  if (status === 401) {
    return new FlowError('E_KUBE_AUTH', `${where(o)} rejected the credentials (401 Unauthorized)${doing}`,
      `refresh them: the token or client certificate in the kubeconfig${o?.source ? ` ${showPath(o.source)}` : ''} may have expired (aws eks update-kubeconfig, az aks get-credentials, gcloud container clusters get-credentials, oci ce cluster create-kubeconfig), then check with \`kubectl get nodes\``, 1);
  }
  if (status === 403) {
    // "secrets "x" is forbidden: User "bob" cannot create resource "secrets" in API group "" in the namespace "wallaroo""
    const m = /User "([^"]*)" cannot ([\w-]+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]+)")?/.exec(msg ?? '');
    const user = m?.[1];
    const verb = m?.[2] ?? o?.verb ?? 'access';
    const resource = m?.[3] ?? o?.resource ?? 'this resource';
    const group = m?.[4] || undefined;
    const namespace = m ? m[5] : o?.namespace;
    return new FlowError('E_KUBE_FORBIDDEN',
      `${user ? `the Kubernetes user ${user}` : 'your Kubernetes user'} may not ${verb} ${group ? `${resource}.${group}` : resource}${namespace ? ` in namespace ${namespace}` : ' (cluster-wide)'} (403 Forbidden from ${where(o)})`,
      `ask a cluster admin to grant it (check with \`${canI(verb, resource, group, namespace)}\`), or use a context with cluster-admin rights (--context); installing Wallaroo needs cluster-wide rights`, 1);
  }
  if (status === 404 && isApiMissing(e)) {
    return new FlowError('E_KUBE_API_MISSING', `${where(o)} does not serve ${o?.resource ? `the ${o.resource} API` : 'this API'}${doing} (404)`,
      'check the Kubernetes version (`kubectl version`) and that the server address is the API server itself, not a proxy or dashboard', 1);
  }
  if (status === 429 || status >= 500) {
    return new FlowError('E_API_UNAVAILABLE', `${where(o)} answered ${status}${said}${doing}`,
      `the control plane is ${status === 429 ? 'overloaded' : 'unavailable or unhealthy'}: wait a little and run again; check with \`kubectl get --raw '/readyz?verbose'\``, 1);
  }
  return new FlowError('E_KUBE_REJECTED', `${where(o)} refused${req ? ` to ${req}` : ' the request'} (${status})${said}`,
    'correct what the API server names, then run again', 1);
}

/** A short reason for a client-node failure (network error or API status), for warnings. */
export function kubeErrorReason(e: unknown): string {
  const status = httpStatus(e);
  if (status !== undefined) {
    const m = statusMessage(e);
    return `HTTP ${status}${m ? `: ${escapeControl(m, { oneLine: true })}` : ''}`;
  }
  if (e instanceof FlowError) return e.cause_;
  const code = networkCode(e);
  const msg = escapeControl(deepestMessage(e), { oneLine: true });
  return code ? `${code}${msg.includes(code) ? '' : ` (${msg})`}` : msg;
}

/**
 * Anything a command threw → the FlowError the CLI reports. Known classes (Kubernetes API,
 * input files, the filesystem) get their cause and advice; only a real bug is E_INTERNAL, and
 * then the advice mentions the log only if one was written.
 */
export function toFlowError(e: unknown, o: { logFile?: string } = {}): FlowError {
  if (e instanceof FlowError) return e;
  const kube = kubeFailure(e);
  if (kube) return kube;
  if (e instanceof InputFileError) return new FlowError('E_INPUT_FILE', escapeControl(e.message, { oneLine: true }), e.fix, 2);
  const err = e as NodeJS.ErrnoException | undefined;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    const path = typeof err.path === 'string' ? err.path : undefined;
    const a = fsAdvice(err.code, path ?? 'the file');
    const space = err.code === 'ENOSPC' || err.code === 'EDQUOT';
    return new FlowError('E_FILESYSTEM', `cannot ${err.syscall}${path ? ` ${showPath(path)}` : ''}: ${space ? 'no space left on the device' : a.reason} [${err.code}]`,
      space ? 'free some disk space and run again' : a.fix, 1);
  }
  const message = escapeControl(String(err?.message ?? e), { oneLine: true });
  return new FlowError('E_INTERNAL', `internal error: ${message}`,
    o.logFile ? `this is a bug in wallaroo-install: please report it with the log (${showPath(o.logFile)})` : 'this is a bug in wallaroo-install: please report it with the command you ran and this message', 1);
}
