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

/** What each service is, for people (the sizing table's own labels for the services in it). */
export const SERVICE_LABELS: Record<ServiceId, string> = {
  engine: 'Inference engine',
  dashboard: 'Dashboard',
  jupyter: 'JupyterHub: single lab',
  multipleLabs: 'JupyterHub: multiple labs',
  prometheus: 'Prometheus',
  alerting: 'Alerting',
  modelValidation: 'Model validation',
  dashboardGraphs: 'Dashboard graphs',
  plateau: 'Plateau (inference-log store)',
  modelInsights: 'Model insights',
  modelConversion: 'Model conversion',
  nats: 'NATS message bus',
  arbEx: 'Arbitrary execution (arbEx)',
  orchestration: 'Orchestration (runs uploaded code)',
  wsProxy: 'Dashboard notifications (wsProxy)',
  pipelines: 'Pipelines published to the edge',
  edgeObservability: 'Edge observability',
  externalInferenceEndpoints: 'External inference endpoints',
};

/**
 * The chart contract's service dependencies, as data: a service needs these services on, or the
 * edge registry. src/config/rules.ts reports a violation as an error; the wizard uses this table
 * to switch the needed services along with a toggle. test/unit/service-needs.test.ts keeps the
 * two in agreement.
 */
export const SERVICE_NEEDS: Partial<Record<ServiceId, { services?: ServiceId[]; edgeRegistry?: boolean }>> = {
  orchestration: { services: ['nats', 'arbEx'] },
  wsProxy: { services: ['nats'] },
  multipleLabs: { services: ['jupyter'] },
  pipelines: { edgeRegistry: true },
};
