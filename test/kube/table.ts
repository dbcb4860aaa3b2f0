// Server-side printing (meta.k8s.io/v1 Table), asked for by kubectl get and helm 4 status with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. A few kinds get the columns people
// look at (pod STATUS, service EXTERNAL-IP); the rest show NAME and AGE.
export const TABLE_CT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

type Col = [name: string, cell: (o: any) => string | number];

function age(ts?: string): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function podStatus(p: any): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  for (const c of p.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
    if (c.state?.terminated?.reason && p.status.phase !== 'Running') return c.state.terminated.reason;
  }
  return p.status?.phase ?? 'Unknown';
}

const extra: Record<string, Col[]> = {
  Pod: [
    ['Ready', (p) => { const cs = p.status?.containerStatuses ?? []; return `${cs.filter((c: any) => c.ready).length}/${p.spec?.containers?.length ?? 0}`; }],
    ['Status', podStatus],
    ['Restarts', (p) => (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0)],
  ],
  Deployment: [
    ['Ready', (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`],
    ['Up-to-date', (d) => d.status?.updatedReplicas ?? 0],
    ['Available', (d) => d.status?.availableReplicas ?? 0],
  ],
  ReplicaSet: [['Desired', (r) => r.spec?.replicas ?? 0], ['Current', (r) => r.status?.replicas ?? 0], ['Ready', (r) => r.status?.readyReplicas ?? 0]],
  Service: [
    ['Type', (s) => s.spec?.type ?? ''],
    ['Cluster-IP', (s) => s.spec?.clusterIP ?? '<none>'],
    ['External-IP', (s) => (s.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname).join(',') || (s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>')],
    ['Port(s)', (s) => (s.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',')],
  ],
  Secret: [['Type', (s) => s.type ?? 'Opaque'], ['Data', (s) => Object.keys(s.data ?? {}).length]],
  ConfigMap: [['Data', (c) => Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length]],
  Job: [
    ['Status', (j) => (j.status?.conditions ?? []).find((c: any) => ['Complete', 'Failed'].includes(c.type) && c.status === 'True')?.type ?? 'Running'],
    ['Completions', (j) => `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`],
  ],
  Namespace: [['Status', (n) => n.status?.phase ?? '']],
  Node: [
    ['Status', (n) => ((n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady')],
    ['Roles', () => '<none>'],
  ],
  PersistentVolumeClaim: [['Status', (c) => c.status?.phase ?? ''], ['Volume', (c) => c.spec?.volumeName ?? ''], ['StorageClass', (c) => c.spec?.storageClassName ?? '']],
  StorageClass: [['Provisioner', (s) => s.provisioner ?? ''], ['VolumeBindingMode', (s) => s.volumeBindingMode ?? '']],
  Event: [['Type', (e) => e.type ?? ''], ['Reason', (e) => e.reason ?? ''], ['Object', (e) => `${e.involvedObject?.kind?.toLowerCase()}/${e.involvedObject?.name}`], ['Message', (e) => e.message ?? '']],
};

export function toTable(kind: string, items: any[], includeObject: string | undefined, resourceVersion: string) {
  const cols: Col[] = [['Name', (o) => o.metadata.name], ...(extra[kind] ?? []), ['Age', (o) => age(o.metadata.creationTimestamp)]];
  const inc = includeObject ?? 'Metadata';
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion },
    columnDefinitions: cols.map(([name], i) => ({
      name, type: name === 'Restarts' || name === 'Data' ? 'integer' : 'string', format: i === 0 ? 'name' : '',
      description: name === 'Name' ? 'Name must be unique within a namespace.' : '', priority: 0,
    })),
    rows: items.map((o) => ({
      cells: cols.map(([, cell]) => cell(o)),
      ...(inc === 'None' ? {} : {
        object: inc === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
      }),
    })),
  };
}
