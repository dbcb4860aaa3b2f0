// What wallaroo-install itself keeps in the release namespace (CONTRACTS.md): the answers
// ConfigMap and the install Lease, both named wallaroo-install-<release>. A Lease that is held
// and renewed within its duration means an install or upgrade is running right now.
import type { KubeObject } from '../../kube/objects.ts';
import type { LeaseFacts } from './types.ts';

export const installObjectName = (release: string) => `wallaroo-install-${release}`;

export function leaseFacts(lease: KubeObject, now = Date.now()): LeaseFacts {
  const spec = (lease as { spec?: { holderIdentity?: string; renewTime?: string | Date; acquireTime?: string | Date; leaseDurationSeconds?: number } }).spec ?? {};
  const renew = spec.renewTime ?? spec.acquireTime;
  const renewTime = renew ? new Date(renew).toISOString() : undefined;
  const durationSeconds = spec.leaseDurationSeconds;
  const fresh = Boolean(spec.holderIdentity && renewTime && durationSeconds && Date.parse(renewTime) + durationSeconds * 1000 > now);
  return { holder: spec.holderIdentity || undefined, renewTime, durationSeconds, fresh };
}
