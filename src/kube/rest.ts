// The Kubernetes REST API over node:http(s): JSON in and out, one keep-alive connection pool per
// cluster, the user's credentials on every request, a watch as a stream of JSON lines. Failures
// look like client-node's, so that kube/errors.ts explains both the same way: an HTTP status is
// a KubeApiError (code, body, headers), a request that got no answer a KubeRequestFailed whose
// cause carries the network code (ECONNREFUSED, ETIMEDOUT, a TLS code).
import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.ts';

export class KubeApiError extends Error {
  constructor(readonly code: number, readonly body: string, readonly headers: Record<string, string | string[] | undefined>, method: string, path: string) {
    super(`HTTP-Code: ${code} Message: ${method} ${path} failed${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'KubeApiError';
  }
}

/** A request that got no HTTP answer; `cause` is the Node.js error (its `code` names why). */
export class KubeRequestFailed extends Error {
  constructor(method: string, path: string, cause: unknown, readonly reusedSocket = false) {
    super(`${method} ${path}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'KubeRequestFailed';
  }
}

export interface Credentials {
  headers: Record<string, string | string[]>;
  /** TLS client certificate and key (PEM), when the user authenticates with one. */
  cert?: Buffer | string;
  key?: Buffer | string;
  /** Where they came from (a plugin's answer): after a 401, the transport renews only that one. */
  source?: unknown;
}

export interface Transport {
  server: string;
  /** The credentials for the next request; `refused` (after a 401): the ones the server refused, to be renewed. */
  credentials(refused?: Credentials): Promise<Credentials>;
  /** A keep-alive agent for these credentials (one per distinct client certificate); `watch`: one for long streams. */
  agent(creds: Credentials, watch?: boolean): HttpAgent;
  /** True when a 401 may be cured by new credentials (a credential plugin). */
  refreshable: boolean;
}

export interface RequestOpts {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Return the body as text (pod logs), not parsed JSON. */
  text?: boolean;
  /** Another Accept header (metadata only: `application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`). */
  accept?: string;
  signal?: AbortSignal;
}

// No answer, or no more of it, within this long is a failure. 60 s: a request's answer never
// takes longer on a healthy API (admission webhooks are capped at 30 s by Kubernetes itself). An API that accepts connections and never answers (a stalled
// proxy, an SSH tunnel whose far end died) then fails within a minute, not after five.
const HEADERS_TIMEOUT_MS = 60_000;
const BODY_IDLE_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * An idle pooled connection is closed after this long (undici's keep-alive timeout): during a
 * 15-minute helm run a load balancer or NAT in the path drops idle connections (AWS NLB after
 * 350 s, an SSH tunnel when it restarts), and a request sent on one would fail or hang.
 */
const IDLE_SOCKET_MS = 4_000;

export type HttpModule = typeof import('node:http');

/** node:http or node:https for a server URL (their request APIs are the same). */
export function httpModule(server: string): HttpModule {
  // Loaded when first needed (node:https brings TLS), without a dynamic import(): in the bundle
  // each import() target becomes a chunk of its own (src/core.ts says why that costs).
  return process.getBuiltinModule(server.startsWith('http:') ? 'node:http' : 'node:https') as HttpModule;
}

/** The TLS settings shared by every connection to one cluster. */
export interface TlsSettings { ca?: Buffer; insecure?: boolean; servername?: string }

/** Builds the per-credentials keep-alive agents of one cluster. */
export function agentFactory(mod: HttpModule, tls: TlsSettings): (c: Credentials, watch?: boolean) => HttpAgent {
  const agents = new Map<string, HttpAgent>();
  return (c, watch = false) => {
    const key = `${watch ? 'watch' : 'pool'}\0${c.cert ? `${String(c.cert)}\0${String(c.key)}` : ''}`;
    let a = agents.get(key);
    if (!a) {
      a = new (mod.Agent as unknown as new (o: Record<string, unknown>) => HttpAgent)({
        // A watch holds its connection for as long as it runs: no pool, no idle limit.
        ...(watch ? { keepAlive: false } : { keepAlive: true, keepAliveMsecs: 30_000, timeout: IDLE_SOCKET_MS }),
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.insecure ? { rejectUnauthorized: false } : {}),
        ...(tls.servername ? { servername: tls.servername } : {}),
        ...(c.cert ? { cert: c.cert, key: c.key } : {}),
      });
      agents.set(key, a);
    }
    return a;
  };
}

export class KubeRest {
  private readonly base: URL;

  constructor(private readonly t: Transport) {
    this.base = new URL(t.server);
  }


  private url(path: string, query?: RequestOpts['query']): URL {
    // The server may carry a path prefix (Rancher, a proxy): keep it.
    const u = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** One request and its whole answer; a 401 with renewable credentials (a plugin, a token file) is tried once more with new ones. */
  async request<T = unknown>(method: string, path: string, o: RequestOpts = {}): Promise<T> {
    const first = await this.once<T>(method, path, o);
    if (!(first.error instanceof KubeApiError && first.error.code === 401 && this.t.refreshable)) return unwrap(first);
    return unwrap(await this.once<T>(method, path, o, first.creds));
  }

  private async once<T>(method: string, path: string, o: RequestOpts, refused?: Credentials): Promise<{ value?: T; error?: unknown; creds?: Credentials }> {
    let sent: { res: IncomingMessage; creds: Credentials };
    try {
      sent = await this.send(method, path, o, refused);
    } catch (e) {
      // A pooled connection the server (or a proxy) closed just as we reused it. A read is sent
      // once more, on a new connection (the other idle ones are likely dead too); a write is not,
      // since the server may have acted on it before the connection went (Go's net/http rule).
      const reset = e instanceof KubeRequestFailed && e.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((e.cause as { code?: string })?.code ?? '');
      if (!reset || (method !== 'GET' && method !== 'HEAD')) return { error: e };
      try { sent = await this.send(method, path, { ...o, freshConnection: true }, refused); } catch (again) { return { error: again }; }
    }
    const { res, creds } = sent;
    let text: string;
    try { text = await readBody(res, method, path); } catch (e) { return { error: e, creds }; }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) return { error: new KubeApiError(status, text, res.headers, method, path), creds };
    if (o.text) return { value: text as T, creds };
    if (!text) return { value: undefined as T, creds };
    try { return { value: JSON.parse(text) as T, creds }; } catch (e) {
      return { error: new KubeRequestFailed(method, path, new Error(`the answer is not JSON (${(e as Error).message}): ${text.slice(0, 200)}`)), creds };
    }
  }

  /** Sends the request; resolves with the response once its headers arrived, and the credentials it carried. */
  private async send(method: string, path: string, o: RequestOpts & { watch?: boolean; freshConnection?: boolean }, refused?: Credentials): Promise<{ res: IncomingMessage; creds: Credentials }> {
    const mod = httpModule(this.t.server);
    const creds = await this.t.credentials(refused);
    const u = this.url(path, o.query);
    const body = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const agent = this.t.agent(creds, o.watch);
    if (o.freshConnection) dropIdle(agent);
    const opts: RequestOptions = {
      method, agent, signal: o.signal,
      headers: {
        accept: o.accept ?? (o.text ? '*/*' : 'application/json'),
        'user-agent': `wallaroo-install/${VERSION}`,
        ...creds.headers,
        ...(body ? { 'content-type': o.contentType ?? 'application/json', 'content-length': String(body.length) } : {}),
      },
    };
    return new Promise((resolve, reject) => {
      let req: ReturnType<HttpModule['request']>;
      let timer: NodeJS.Timeout | undefined;
      try {
        req = mod.request(u, opts, (res) => {
          clearTimeout(timer);
          resolve({ res, creds });
        });
      } catch (e) {
        // Refused before anything is sent (a header Node will not put on the wire, say).
        reject(new KubeRequestFailed(method, path, e));
        return;
      }
      // No answer at all (a black-holed address) or no headers for minutes: fail, never hang.
      timer = setTimeout(() => req.destroy(Object.assign(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
      req.once('socket', (s) => {
        const connected = () => { clearTimeout(timer); if (!o.watch) timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${HEADERS_TIMEOUT_MS / 1000}s`), { code: 'UND_ERR_HEADERS_TIMEOUT' })), HEADERS_TIMEOUT_MS); };
        if ((s as { connecting?: boolean }).connecting) s.once(this.base.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
        else connected();
      });
      req.on('error', (e) => { clearTimeout(timer); reject(o.signal?.aborted ? o.signal.reason : new KubeRequestFailed(method, path, e, req.reusedSocket)); });
      req.end(body);
    });
  }

  /**
   * A watch: `onEvent` for each event, `onDone` once the stream ends or fails (the caller
   * decides whether to watch again). Resolves once the server accepted it.
   */
  async watch(path: string, query: RequestOpts['query'], onEvent: (type: string, obj: unknown) => void, onDone: (err?: unknown) => void): Promise<{ abort(): void }> {
    const ac = new AbortController();
    const { res } = await this.send('GET', path, { query: { ...query, watch: true }, signal: ac.signal, watch: true });
    if ((res.statusCode ?? 0) >= 300) {
      const text = await readBody(res, 'GET', path);
      throw new KubeApiError(res.statusCode ?? 0, text, res.headers, 'GET', path);
    }
    let buf = '';
    let ended = false;
    const end = (err?: unknown) => { if (!ended) { ended = true; onDone(err); } };
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (!line) continue;
        let ev: { type?: string; object?: unknown };
        try { ev = JSON.parse(line) as typeof ev; } catch { continue; /* a torn line: the stream is broken; end tells the caller */ }
        if (ev.type) onEvent(ev.type, ev.object);
      }
    });
    res.on('end', () => end());
    res.on('error', (e) => end(ac.signal.aborted ? undefined : e));
    res.on('close', () => end());
    return { abort: () => { ac.abort(); res.destroy(); } };
  }
}

function readBody(res: IncomingMessage, method: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let idle: NodeJS.Timeout | undefined;
    let timedOut: Error | undefined;
    const fail = (e: Error) => { clearTimeout(idle); reject(new KubeRequestFailed(method, path, e)); };
    // An answer that stops halfway and never ends (a dead link) fails instead of hanging.
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = Object.assign(new Error(`the answer stopped for ${BODY_IDLE_MS / 1000}s`), { code: 'UND_ERR_BODY_TIMEOUT' });
        res.destroy(timedOut);
      }, BODY_IDLE_MS);
    };
    arm();
    res.on('data', (d: Buffer) => { chunks.push(d); arm(); });
    res.on('end', () => { clearTimeout(idle); resolve(Buffer.concat(chunks).toString('utf8')); });
    res.on('error', (e) => fail(timedOut ?? e));
    res.on('aborted', () => fail(timedOut ?? Object.assign(new Error('the answer stopped halfway'), { code: 'ECONNRESET' })));
  });
}

/** Closes the agent's idle connections (not those in use): the next request opens a new one. */
function dropIdle(agent: HttpAgent): void {
  const free = (agent as unknown as { freeSockets?: Record<string, Array<{ destroy(): void }>> }).freeSockets ?? {};
  for (const list of Object.values(free)) for (const sock of [...list]) sock.destroy();
}

function unwrap<T>(r: { value?: T; error?: unknown }): T {
  if ('error' in r && r.error !== undefined) throw r.error;
  return r.value as T;
}

/** A file or base64 data field, as a Buffer. */
export function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
