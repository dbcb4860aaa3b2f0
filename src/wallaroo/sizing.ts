// The Wallaroo sizing table (cluster cores → services), reproduced exactly from the chart
// contract. Below 16 cores services must be disabled; every toggle stays overridable.

export const CLUSTER_SIZES = [8, 16, 32] as const;
export type ClusterSize = (typeof CLUSTER_SIZES)[number];

export interface SizedService {
  id: SizingServiceId;
  label: string;
  on: Record<ClusterSize, boolean>;
}

export type SizingServiceId =
  | 'engine' | 'dashboard' | 'jupyter' | 'multipleLabs' | 'prometheus' | 'alerting'
  | 'modelValidation' | 'dashboardGraphs' | 'plateau' | 'modelInsights' | 'modelConversion';

const all = { 8: true, 16: true, 32: true } as const;
const from16 = { 8: false, 16: true, 32: true } as const;

export const SIZING_TABLE: readonly SizedService[] = [
  { id: 'engine', label: 'Inference engine', on: all },
  { id: 'dashboard', label: 'Dashboard', on: all },
  { id: 'jupyter', label: 'JupyterHub: single lab', on: all },
  { id: 'multipleLabs', label: 'JupyterHub: multiple labs', on: from16 },
  { id: 'prometheus', label: 'Prometheus', on: all },
  { id: 'alerting', label: 'Alerting', on: from16 },
  { id: 'modelValidation', label: 'Model validation', on: from16 },
  { id: 'dashboardGraphs', label: 'Dashboard graphs', on: all },
  { id: 'plateau', label: 'Plateau (inference-log store)', on: from16 },
  { id: 'modelInsights', label: 'Model insights', on: from16 },
  { id: 'modelConversion', label: 'Model conversion', on: all },
];

export function sizingDefaults(size: ClusterSize): Record<SizingServiceId, boolean> {
  return Object.fromEntries(SIZING_TABLE.map((s) => [s.id, s.on[size]])) as Record<SizingServiceId, boolean>;
}

/** The smallest size whose table row turns the service on (for "needs 16 cores" hints). */
export function minimumSizeFor(id: SizingServiceId): ClusterSize {
  const row = SIZING_TABLE.find((s) => s.id === id)!;
  return CLUSTER_SIZES.find((c) => row.on[c])!;
}

/** Suggest a size from the cluster's total allocatable cores. */
export function suggestSize(totalCores: number): ClusterSize | undefined {
  if (totalCores >= 32) return 32;
  if (totalCores >= 16) return 16;
  if (totalCores >= 8) return 8;
  return undefined;
}

/** Helm timeout per size: a bigger profile runs more services (and hook Jobs) to wait for. */
export function helmTimeoutFor(size: ClusterSize): string {
  return size === 8 ? '10m' : '15m';
}
