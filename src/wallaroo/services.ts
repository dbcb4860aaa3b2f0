// Which services an install turns on: the sizing table for the chosen size, the defaults for the
// services outside the table, then the admin's overrides.
import { sizingDefaults, type ClusterSize } from './sizing.ts';
import type { ServiceId } from '../config/schema.ts';

interface Inputs {
  size: ClusterSize;
  ingress: 'internal' | 'external' | 'none';
  services?: Partial<Record<ServiceId, boolean | undefined>>;
  registries?: { edge?: unknown };
}

export function serviceDefaults(a: Inputs): Record<ServiceId, boolean> {
  const hasEdge = Boolean(a.registries?.edge);
  return {
    ...sizingDefaults(a.size),
    nats: true,
    arbEx: true,
    orchestration: true,
    wsProxy: true,
    pipelines: hasEdge,
    edgeObservability: hasEdge,
    externalInferenceEndpoints: a.ingress !== 'none',
  };
}

export function effectiveServices(a: Inputs): Record<ServiceId, boolean> {
  const out = serviceDefaults(a);
  for (const [k, v] of Object.entries(a.services ?? {})) if (typeof v === 'boolean') out[k as ServiceId] = v;
  return out;
}
