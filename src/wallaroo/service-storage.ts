// Which PersistentVolumeClaims belong to which Wallaroo service, so that an upgrade that turns a
// service off can name the volumes it leaves behind. Claims are attributed by the labels the
// chart (and JupyterHub, for user claims it makes at run time) puts on them, else by name.
// Pure: the claims come in as plain data.
import type { ServiceId } from '../config/schema.ts';

interface StorageMatch { names: readonly RegExp[]; labels: readonly [string, readonly string[]][] }

const NAME = 'app.kubernetes.io/name';
const COMPONENT = 'app.kubernetes.io/component';

export const SERVICE_STORAGE: Partial<Record<ServiceId, StorageMatch>> = {
  // Hub database and one claim per user (JupyterHub's own names: hub-db-dir, claim-<user>).
  jupyter: {
    names: [/^hub-db-dir$/, /^claim-/, /^jupyter/],
    labels: [[NAME, ['jupyter-hub', 'jupyterhub', 'jupyter']], [COMPONENT, ['jupyter-hub', 'singleuser-storage', 'hub']], ['app', ['jupyterhub']]],
  },
  plateau: { names: [/^plateau/], labels: [[NAME, ['plateau']], [COMPONENT, ['plateau']]] },
  prometheus: { names: [/^prometheus/], labels: [[NAME, ['prometheus']], [COMPONENT, ['prometheus']]] },
  dashboardGraphs: { names: [/^grafana/], labels: [[NAME, ['grafana']], [COMPONENT, ['grafana']]] },
  alerting: { names: [/^alertmanager/, /^alerting/], labels: [[NAME, ['alertmanager', 'alerting']], [COMPONENT, ['alertmanager', 'alerting']]] },
  nats: { names: [/^nats-js/, /^nats/], labels: [[NAME, ['nats']], [COMPONENT, ['nats']]] },
  modelInsights: { names: [/^assays?/], labels: [[NAME, ['assays']], [COMPONENT, ['assays']]] },
};

export interface ClaimInfo {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  size?: string;
}

export function claimsOf(service: ServiceId, claims: readonly ClaimInfo[]): ClaimInfo[] {
  const m = SERVICE_STORAGE[service];
  if (!m) return [];
  return claims.filter((c) => m.names.some((re) => re.test(c.name)) || m.labels.some(([k, vs]) => vs.includes(c.labels[k] ?? '')));
}

/**
 * Will `helm upgrade` delete this claim when its service goes? Only when the claim is part of
 * this release and not marked `helm.sh/resource-policy: keep`; claims made by StatefulSets or at
 * run time (JupyterHub users) stay.
 */
export function helmDeletesClaim(c: ClaimInfo, release: string, namespace: string): boolean {
  return c.labels['app.kubernetes.io/managed-by'] === 'Helm'
    && c.annotations['meta.helm.sh/release-name'] === release
    && (c.annotations['meta.helm.sh/release-namespace'] ?? namespace) === namespace
    && c.annotations['helm.sh/resource-policy'] !== 'keep';
}
