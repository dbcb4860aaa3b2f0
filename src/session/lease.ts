// The install lock in the cluster: Lease `wallaroo-install-<release>` (coordination.k8s.io/v1)
// in the release namespace. The holder renews it every LEASE_RENEW_MS; a holder not heard of
// for longer than its leaseDurationSeconds — or, on this machine, whose process is gone — is
// stale and may be taken over. Deciding that is a pure function (judgeLease); the I/O is a
// small adapter over the API client so the decision is unit-tested without a cluster.
import type { V1Lease } from '@kubernetes/client-node';
import type { KubeApis } from '../kube/apis.ts';
import { microTime } from '../kube/typed.ts';
import { MANAGED_BY } from '../kube/secrets.ts';
import { parseHolder } from './run-record.ts';

export const LEASE_DURATION_SECONDS = 60;
export const LEASE_RENEW_MS = 15_000;

export const leaseName = (release: string) => `wallaroo-install-${release}`;

/** Annotations that tell a second run where to look (paths on the holder's machine). */
export const ANN = {
  logFile: 'wallaroo-install/log-file',
  eventsFile: 'wallaroo-install/events-file',
  preset: 'wallaroo-install/preset',
  version: 'wallaroo-install/version',
  /** install (the default when absent: older runs) or uninstall. */
  operation: 'wallaroo-install/operation',
} as const;

export interface LeaseView {
  holder?: string;
  acquireTime?: Date;
  renewTime?: Date;
  durationSeconds?: number;
  resourceVersion?: string;
  annotations: Record<string, string>;
}

export type LeaseVerdict =
  | { state: 'free' }
  | { state: 'ours' }
  | { state: 'held'; holder: string; renewedAgoMs: number }
  | { state: 'stale'; holder: string; renewedAgoMs?: number; why: string };

export interface JudgeContext {
  now: Date;
  me: string;
  thisHost: string;
  isAlive: (pid: number) => boolean;
}

export function judgeLease(l: LeaseView | undefined, ctx: JudgeContext): LeaseVerdict {
  if (!l?.holder) return { state: 'free' };
  if (l.holder === ctx.me) return { state: 'ours' };
  const h = parseHolder(l.holder);
  const renewed = l.renewTime ?? l.acquireTime;
  const ago = renewed ? ctx.now.getTime() - renewed.getTime() : undefined;
  if (h.host === ctx.thisHost && h.pid !== undefined && !ctx.isAlive(h.pid)) {
    return { state: 'stale', holder: l.holder, renewedAgoMs: ago, why: `its process (pid ${h.pid} on this machine) is gone` };
  }
  const limitMs = (l.durationSeconds ?? LEASE_DURATION_SECONDS) * 1000;
  if (ago === undefined) return { state: 'stale', holder: l.holder, why: 'it was never renewed' };
  if (ago > limitMs) return { state: 'stale', holder: l.holder, renewedAgoMs: ago, why: `it was last renewed ${Math.round(ago / 1000)}s ago, past its ${limitMs / 1000}s lease` };
  return { state: 'held', holder: l.holder, renewedAgoMs: Math.max(0, ago) };
}

const asDate = (v: unknown): Date | undefined => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string' && v) { const d = new Date(v); return Number.isNaN(d.getTime()) ? undefined : d; }
  return undefined;
};

export function leaseView(l: V1Lease): LeaseView {
  return {
    holder: l.spec?.holderIdentity || undefined,
    acquireTime: asDate(l.spec?.acquireTime),
    renewTime: asDate(l.spec?.renewTime),
    durationSeconds: l.spec?.leaseDurationSeconds,
    resourceVersion: l.metadata?.resourceVersion,
    annotations: l.metadata?.annotations ?? {},
  };
}

/** HTTP status of a client-node error, if it has one. */
export const statusOf = (e: unknown): number | undefined => {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'number' ? c : undefined;
};

export interface LeaseSpecInput { holder: string; acquireTime: Date; renewTime: Date; transitions: number; annotations: Record<string, string> }

/** What the lock does with its Lease (a fake in unit tests). */
export interface LeaseIO {
  readonly name: string;
  read(): Promise<V1Lease | undefined>;
  create(s: LeaseSpecInput): Promise<V1Lease>;
  replace(s: LeaseSpecInput, resourceVersion: string): Promise<V1Lease>;
  delete(resourceVersion?: string): Promise<void>;
}

/** Reads and writes the one Lease; every write carries the resourceVersion it read (409 = lost a race). */
export class LeaseClient implements LeaseIO {
  private constructor(private readonly api: KubeApis['coordination'], readonly name: string, readonly namespace: string, private readonly release: string) {}

  static async open(api: KubeApis, namespace: string, release: string): Promise<LeaseClient> {
    return new LeaseClient(api.coordination, leaseName(release), namespace, release);
  }

  async read(): Promise<V1Lease | undefined> {
    try { return await this.api.readNamespacedLease({ name: this.name, namespace: this.namespace }); } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  private body(s: LeaseSpecInput, resourceVersion?: string): V1Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {
        name: this.name, namespace: this.namespace, ...(resourceVersion ? { resourceVersion } : {}),
        labels: { ...MANAGED_BY, 'wallaroo-install/release': this.release },
        annotations: s.annotations,
      },
      spec: {
        holderIdentity: s.holder, leaseDurationSeconds: LEASE_DURATION_SECONDS,
        // MicroTime: the API server wants microseconds ("…T10:00:00.000000Z").
        acquireTime: microTime(s.acquireTime) as unknown as Date, renewTime: microTime(s.renewTime) as unknown as Date, leaseTransitions: s.transitions,
      },
    };
  }

  create(s: LeaseSpecInput): Promise<V1Lease> {
    return this.api.createNamespacedLease({ namespace: this.namespace, body: this.body(s) });
  }

  replace(s: LeaseSpecInput, resourceVersion: string): Promise<V1Lease> {
    return this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body: this.body(s, resourceVersion) });
  }

  async delete(resourceVersion?: string): Promise<void> {
    try {
      await this.api.deleteNamespacedLease({ name: this.name, namespace: this.namespace, ...(resourceVersion ? { body: { preconditions: { resourceVersion } } } : {}) });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }
}
