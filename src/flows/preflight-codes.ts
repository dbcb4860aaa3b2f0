// Every code a preflight finding can carry: `--ignore-preflight` is checked against this list
// (a typo there would otherwise silently ignore nothing). A unit test keeps it in step with
// the codes preflight.ts emits.
export const PREFLIGHT_CODES = [
  'PF_KUBECONFIG', 'PF_HELM', 'PF_K8S_VERSION', 'PF_NODES', 'PF_NODE_COUNT', 'PF_CORES', 'PF_NODE_MEMORY',
  'PF_NODEPOOL_GENERAL', 'PF_NODEPOOL_PERSISTENT', 'PF_NODEPOOL_PIPELINES', 'PF_GPU', 'PF_RBAC',
  'PF_STORAGECLASS', 'PF_NAMESPACE', 'PF_SECRET_EXISTS', 'PF_RELEASE',
  // Objects of the chart that exist and that helm would refuse to take over (flows/ownership.ts).
  'PF_OBJECTS',
] as const;

/** Preflight failures that no flag may override: going on would break the release. */
export const UNIGNORABLE_CODES: readonly string[] = ['PF_RELEASE'];
