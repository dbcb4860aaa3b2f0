// Wallaroo's nodepools (chart contract): label and taint per pool. Custom labels and taints
// must be mirrored into the components' nodeSelector/tolerations.

export const NODE_PURPOSE_LABEL = 'wallaroo.ai/node-purpose';
export const POOL_NAMES = ['general', 'persistent', 'pipelines'] as const;
export type PoolName = (typeof POOL_NAMES)[number];

export interface Taint { key: string; value: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }
export interface NodePool { label: { key: string; value: string }; taint?: Taint }

export const DEFAULT_NODE_POOLS: Record<PoolName, NodePool> = {
  general: { label: { key: NODE_PURPOSE_LABEL, value: 'general' } },
  persistent: {
    label: { key: NODE_PURPOSE_LABEL, value: 'persistent' },
    taint: { key: 'wallaroo.ai/persistent', value: 'true', effect: 'NoSchedule' },
  },
  pipelines: {
    label: { key: NODE_PURPOSE_LABEL, value: 'pipelines' },
    taint: { key: 'wallaroo.ai/pipelines', value: 'true', effect: 'NoSchedule' },
  },
};

export function placementFor(pool: NodePool) {
  return {
    nodeSelector: { [pool.label.key]: pool.label.value },
    tolerations: pool.taint
      ? [{ key: pool.taint.key, operator: 'Equal', value: pool.taint.value, effect: pool.taint.effect }]
      : [],
  };
}

export function samePool(a: NodePool, b: NodePool): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
