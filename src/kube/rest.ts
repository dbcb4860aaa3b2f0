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
}

export interface Transport {
  server: string;
  /** The credentials for the next request; `refresh` after a 401 asks for new ones (an expired plugin token). */
  credentials(refresh?: boolean): Promise<Credentials>;
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
  signal?: AbortSignal;
}

/** No answer, or no more of it, within this long is a failure (undici's defaults, which client-node used). */
const HEADERS_TIMEOUT_MS = 300_000;
const BODY_IDLE_MS = 300_000;
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * An idle pooled connection is closed after this long (undici's keep-alive timeout): during a
 * 15-minute helm run a load balancer or NAT in the path drops idle connections (AWS NLB after
 * 350 s, an SSH tunnel when it restarts), and a request sent on one would fail or hang.
 */
const IDLE_SOCKET_MS = 4_000;

type HttpModule = typeof import('node:http');

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
  private mod?: HttpModule;

  constructor(private readonly t: Transport) {
    this.base = new URL(t.server);
  }

  get server(): string { return this.t.server; }

  private async http(): Promise<HttpModule> {
    // `.default`: the bundle loads builtins through require (scripts/build.mjs), whose module has only that.
    this.mod ??= (this.base.protocol === 'http:' ? (await import('node:http')).default : (await import('node:https')).default as unknown as HttpModule);
    return this.mod;
  }

  url(path: string, query?: RequestOpts['query']): URL {
    // The server may carry a path prefix (Rancher, a proxy): keep it.
    const u = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** One request and its whole answer; a 401 with a credential plugin is retried once with a new credential. */
  async request<T = unknown>(method: string, path: string, o: RequestOpts = {}): Promise<T> {
    try {
      return await this.once<T>(method, path, o, false);
    } catch (e) {
      if (!(e instanceof KubeApiError && e.code === 401 && this.t.refreshable)) throw e;
      return this.once<T>(method, path, o, true);
    }
  }

  private async once<T>(method: string, path: string, o: RequestOpts, refresh: boolean): Promise<T> {
    let res: IncomingMessage;
    try {
      res = await this.send(method, path, o, refresh);
    } catch (e) {
      // A pooled connection the server (or a proxy) closed just as we reused it: the request never
      // reached it, so it is sent once more on a new connection (what Node's docs advise).
      if (!(e instanceof KubeRequestFailed && e.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((e.cause as { code?: string })?.code ?? ''))) throw e;
      res = await this.send(method, path, o, refresh);
    }
    const text = await readBody(res, method, path);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw new KubeApiError(status, text, res.headers, method, path);
    if (o.text) return text as T;
    if (!text) return undefined as T;
    try { return JSON.parse(text) as T; } catch (e) {
      throw new KubeRequestFailed(method, path, new Error(`the answer is not JSON (${(e as Error).message}): ${text.slice(0, 200)}`));
    }
  }

  /** Sends the request; resolves with the response once its headers arrived. */
  private async send(method: string, path: string, o: RequestOpts & { watch?: boolean }, refresh: boolean): Promise<IncomingMessage> {
    const mod = await this.http();
    const creds = await this.t.credentials(refresh);
    const u = this.url(path, o.query);
    const body = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const opts: RequestOptions = {
      method, agent: this.t.agent(creds, o.watch), signal: o.signal,
      headers: {
        accept: o.text ? '*/*' : 'application/json',
        'user-agent': `wallaroo-install/${VERSION}`,
        ...creds.headers,
        ...(body ? { 'content-type': o.contentType ?? 'application/json', 'content-length': String(body.length) } : {}),
      },
    };
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = mod.request(u, opts, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      // No answer at all (a black-holed address) or no headers for minutes: fail, never hang.
      let timer = setTimeout(() => req.destroy(Object.assign(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
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
    const res = await this.send('GET', path, { query: { ...query, watch: true }, signal: ac.signal, watch: true }, false);
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
        try {
          const ev = JSON.parse(line) as { type?: string; object?: unknown };
          if (ev.type) onEvent(ev.type, ev.object);
        } catch { /* a torn line: the stream is broken; end tells the caller */ }
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
    const fail = (e: Error) => { clearTimeout(idle); reject(new KubeRequestFailed(method, path, e)); };
    // An answer that stops halfway and never ends (a dead link) fails instead of hanging.
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => res.destroy(Object.assign(new Error(`the answer stopped for ${BODY_IDLE_MS / 1000}s`), { code: 'UND_ERR_BODY_TIMEOUT' })), BODY_IDLE_MS);
    };
    arm();
    res.on('data', (d: Buffer) => { chunks.push(d); arm(); });
    res.on('end', () => { clearTimeout(idle); resolve(Buffer.concat(chunks).toString('utf8')); });
    res.on('error', fail);
    res.on('aborted', () => fail(Object.assign(new Error('the answer stopped halfway'), { code: 'ECONNRESET' })));
  });
}

/** A file or base64 data field, as a Buffer. */
export function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
