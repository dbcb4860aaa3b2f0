// Cancel at any step: after Ctrl-C or SIGTERM the install stops before its next write to the
// cluster, says what it had already done there, and exits 130.
// - `guard.cluster(c)` wraps the API clients: every write (create/replace/patch/delete) first
//   checks for a cancel, and is recorded once it succeeded;
// - `guard.race(p)` stops waiting for a step (preflight reads, the chart check) at once;
// - `guard.check(next)` sits between steps.
import type { Cluster } from './install.ts';
import { FlowError } from './events.ts';
import { describeKubeCall } from '../kube/errors.ts';

const WRITE = /^(create|replace|patch|delete)/;
/** "create" calls that only ask a question and change nothing. */
const QUESTION = /(AccessReview|TokenReview|Eviction)$/;

const PAST: Record<string, string> = { create: 'created', update: 'updated', patch: 'patched', delete: 'deleted', deletecollection: 'deleted' };

const guards = new WeakMap<Cluster, CancelGuard>();

export class CancelGuard {
  /** What this run changed in the cluster, in order ("namespace wallaroo created"). */
  readonly done: string[] = [];

  constructor(private readonly signal: AbortSignal) {}

  /** The guard of a cluster made by `guard.cluster(c)` (a new one for an unguarded cluster). */
  static of(c: Cluster, signal: AbortSignal): CancelGuard {
    return guards.get(c) ?? new CancelGuard(signal);
  }

  /** The cancel, as a FlowError that names what was done and what was not started. */
  error(next?: string): FlowError {
    const reason = this.signal.reason instanceof FlowError ? this.signal.reason : undefined;
    const by = reason?.cause_ ?? 'cancelled';
    const did = this.done.length ? `already done in the cluster: ${this.done.join(', ')}` : 'nothing was changed in the cluster';
    return new FlowError('E_CANCELLED', `${by}${next ? ` before ${next}` : ''}; ${did}`,
      reason?.fix ?? 'run the same command again to resume; `wallaroo-install status` shows the release', 130);
  }

  /** Throws the cancel if one came in. */
  check(next?: string): void {
    if (this.signal.aborted) throw this.error(next);
  }

  /** `p`, or the cancel as soon as it comes in (`p` goes on in the background: reads only). */
  race<T>(p: Promise<T>, next?: string): Promise<T> {
    if (this.signal.aborted) { p.catch(() => undefined); return Promise.reject(this.error(next)); }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => { p.catch(() => undefined); reject(this.error(next)); };
      this.signal.addEventListener('abort', onAbort, { once: true });
      p.then((v) => { this.signal.removeEventListener('abort', onAbort); resolve(v); },
        (e) => { this.signal.removeEventListener('abort', onAbort); reject(this.signal.aborted ? this.error(next) : e); });
    });
  }

  /** The cluster with every API write guarded and recorded (helm is cancelled by the signal). */
  cluster(c: Cluster): Cluster {
    // The install lock's Lease (coordination) is left unguarded: it must be given back after a
    // cancel too, and it is not a change the run leaves behind.
    const api = Object.fromEntries(Object.entries(c.api).map(([k, client]) => [k, k === 'coordination' ? client : this.guardWrites(client as object)])) as Cluster['api'];
    const guarded = { ...c, api };
    guards.set(guarded, this);
    return guarded;
  }

  private guardWrites<T extends object>(client: T): T {
    return new Proxy(client, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string' || !WRITE.test(prop) || QUESTION.test(prop)) return value;
        return async (...args: unknown[]) => {
          const op = describeKubeCall(prop, args[0]);
          const what = `${op.resource?.replace(/s$/, '') ?? 'object'}${op.name ? ` ${op.name}` : ''}`;
          this.check(`${op.verb === 'update' ? 'updating' : op.verb === 'delete' ? 'deleting' : 'creating'} ${what}`);
          const r = await value.apply(obj, args);
          this.done.push(`${what} ${PAST[op.verb ?? ''] ?? op.verb}${op.namespace && op.resource !== 'namespaces' ? ` in ${op.namespace}` : ''}`);
          return r;
        };
      },
    });
  }
}
