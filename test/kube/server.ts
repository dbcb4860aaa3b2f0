// An in-memory Kubernetes API server for tests: real helm 3.17 / 4.1, kubectl and
// @kubernetes/client-node run against it. Listens on 127.0.0.1, port 0, plain http.
// Spec: /work/shared/kube-test-harness.md and the request tables in /work/shared/kube-endpoints/.
//
// Defaults worth knowing: the 4 nodes carry the contract's nodepool labels AND taints, so pods
// without tolerations only fit on the two general nodes (8 cpu / 32Gi each, requests count);
// the default StorageClass "standard" is WaitForFirstConsumer (a claim binds once a scheduled pod
// uses it); deletes honour finalizers like a real apiserver: a namespace goes Terminating while
// its controller empties it (switches.stuckNamespaces keeps one there), a claim waits for the
// pods using it (kubernetes.io/pvc-protection), a CRD takes its custom resources with it, and
// any object with a finalizer nobody removes stays with a deletionTimestamp. Pods go at once (no
// grace period). A pod's log can be set with the annotation `fake-kube.test/log` on its template.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from './resources.ts';
import { ApiError, Store } from './store.ts';
import { makeAdmit } from './defaults.ts';
import { Ctl, type ControllerConfig, type Switches } from './controllers.ts';
import { Watches } from './watch.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { handleResource, parseResourcePath, sendError, sendJson } from './rest.ts';
import {
  AGGREGATED_CT, aggregated, legacyApi, legacyApis, legacyGroupDoc, legacyResourceList, openapiGroupVersion, openapiRoot, versionInfo,
} from './discovery.ts';

export type { Switches } from './controllers.ts';
export { LOG_ANNOTATION } from './pods.ts';

export interface FakeNode {
  name: string; cpu: string; memory: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  allocatable?: Record<string, string>;
  /** spec.providerID, as the cloud's node controller sets it (aws:///…, azure:///…). */
  providerID?: string;
}

export interface FakeKubeOptions {
  dir: string;
  lbDelayMs?: number;
  lbAddress?: { ip: string } | { hostname: string };
  readyDelayMs?: number;
  jobDelayMs?: number;
  nodes?: FakeNode[];
  defaultStorageClass?: boolean;
  version?: { major: string; minor: string; gitVersion: string };
  /**
   * A cluster this far away (round-trip time): every answer comes this much later, and the first
   * on a connection two round trips more (TCP and TLS handshakes, as a real API server costs).
   */
  rttMs?: number;
}

export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  accept?: string;
  userAgent?: string;
  /** The client's port: requests with the same one came over the same connection. */
  remotePort?: number;
  status?: number;
  /** The request body as UTF-8 text (protobuf bodies too: their strings stay readable). */
  body: string;
}

export interface FakeKube {
  url: string;
  kubeconfigPath: string;
  requests: RequestLogEntry[];
  switches: Switches;
  /** The controllers' delays, changeable mid-test (e.g. a hook Job that takes a while). */
  delays: ControllerConfig;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): any | undefined;
  list(apiVersion: string, kind: string, namespace?: string): any[];
  put(obj: any): void;
  /** Watch connections still open (a client that hung up is gone from here). */
  activeWatches(): number;
  /** Called with every object as it is stored (benchmarks: the moment something happens, without polling). */
  onStored(fn: (obj: any) => void): () => void;
  close(): Promise<void>;
}

/** The contract's nodepools: two general nodes, one persistent, one pipelines (tainted). */
export const defaultNodes: FakeNode[] = [
  { name: 'general-1', cpu: '8', memory: '32Gi', labels: { 'wallaroo.ai/node-purpose': 'general' } },
  { name: 'general-2', cpu: '8', memory: '32Gi', labels: { 'wallaroo.ai/node-purpose': 'general' } },
  { name: 'persistent-1', cpu: '8', memory: '32Gi', labels: { 'wallaroo.ai/node-purpose': 'persistent' }, taints: [{ key: 'wallaroo.ai/persistent', value: 'true', effect: 'NoSchedule' }] },
  { name: 'pipelines-1', cpu: '8', memory: '32Gi', labels: { 'wallaroo.ai/node-purpose': 'pipelines' }, taints: [{ key: 'wallaroo.ai/pipelines', value: 'true', effect: 'NoSchedule' }] },
];

function nodeObject(n: FakeNode, i: number, kubeletVersion: string) {
  const capacity = { cpu: n.cpu, memory: n.memory, pods: '110', 'ephemeral-storage': '100Gi' };
  const ts = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: n.name,
      labels: { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', ...n.labels },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, ...(n.providerID ? { providerID: n.providerID } : {}), ...(n.taints?.length ? { taints: n.taints } : {}) },
    status: {
      capacity, allocatable: n.allocatable ?? capacity,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts, lastTransitionTime: ts },
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.0.${i + 10}` }, { type: 'Hostname', address: n.name }],
      nodeInfo: {
        kubeletVersion, kubeProxyVersion: kubeletVersion, containerRuntimeVersion: 'containerd://1.7.20', osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '6.5.0', operatingSystem: 'linux', architecture: 'amd64', machineID: '', systemUUID: '', bootID: '',
      },
    },
  };
}

export async function startFakeKube(opts: FakeKubeOptions): Promise<FakeKube> {
  const version = opts.version ?? { major: '1', minor: '31', gitVersion: 'v1.31.0' };
  const registry = new Registry();
  // eslint-disable-next-line prefer-const
  let store: Store;
  store = new Store(registry, makeAdmit(() => store));
  const switches: Switches = {
    neverReady: new Set(), imagePullError: new Set(), failJobs: new Set(), denyVerbs: new Set(),
    lbNeverAddress: false, unboundClaims: false, unavailable: false, stuckNamespaces: new Set(),
  };
  const ctl = new Ctl(store, {
    readyDelayMs: opts.readyDelayMs ?? 0, jobDelayMs: opts.jobDelayMs ?? 0, lbDelayMs: opts.lbDelayMs ?? 0,
    lbAddress: opts.lbAddress ?? { ip: '10.20.30.40' },
  }, switches);
  const watches = new Watches();
  const requests: RequestLogEntry[] = [];
  const ctx = { store, watches, switches };

  const put = (obj: any) => {
    const ri = registry.byKind(obj.apiVersion, obj.kind);
    if (!ri) throw new Error(`the fake API does not serve ${obj.apiVersion} ${obj.kind}`);
    if (ri.namespaced) (obj.metadata ??= {}).namespace ??= 'default';
    const ns = obj.metadata?.namespace;
    const nsRi = registry.byKind('v1', 'Namespace')!;
    if (ri.namespaced && ns && !store.get(nsRi, undefined, ns)) store.create(nsRi, { metadata: { name: ns } });
    if (store.get(ri, ns, obj.metadata.name)) store.update(ri, obj, { controller: true });
    else store.create(ri, obj, { keepMeta: true });
  };
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  (opts.nodes ?? defaultNodes).forEach((n, i) => put(nodeObject(n, i, version.gitVersion)));
  if (opts.defaultStorageClass !== false) {
    put({
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'fake.csi.k8s.io', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
    });
  }

  const seenSockets = new WeakSet<object>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry: RequestLogEntry = {
      time: Date.now(), method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'], accept: req.headers.accept, userAgent: req.headers['user-agent'], remotePort: req.socket.remotePort, body: '',
    };
    requests.push(entry);
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((code: number, ...rest: unknown[]) => { entry.status = code; return writeHead(code, ...rest); }) as typeof res.writeHead;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const rtt = opts.rttMs ?? 0;
    const wait = rtt && (seenSockets.has(req.socket) ? rtt : 3 * rtt);
    seenSockets.add(req.socket);
    req.on('end', () => setTimeout(() => setTimeout(() => {
      const body = Buffer.concat(chunks);
      entry.body = body.toString('utf8');
      try {
        if (switches.unavailable || switches.unavailableFor?.(entry)) throw new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
        route(req, res, url, body);
      } catch (e) {
        if (res.headersSent) { res.destroy(); return; }
        sendError(res, e instanceof ApiError ? e : new ApiError(500, 'InternalError', `fake API bug: ${(e as Error).stack}`));
      }
    }, switches.delayFor?.(entry) ?? 0), wait));
  });

  function route(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const accept = req.headers.accept ?? '';
    const wantsAggregated = /v=v2;as=APIGroupDiscoveryList/.test(accept);
    const parts = path.split('/').filter(Boolean);
    if (req.method === 'GET') {
      if (path === '/version') return sendJson(res, 200, versionInfo(version));
      if (['/healthz', '/livez', '/readyz'].includes(path)) { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ok'); return; }
      if (path === '/api') return wantsAggregated ? sendJson(res, 200, aggregated(registry, true), AGGREGATED_CT) : sendJson(res, 200, legacyApi());
      if (path === '/apis') return wantsAggregated ? sendJson(res, 200, aggregated(registry, false), AGGREGATED_CT) : sendJson(res, 200, legacyApis(registry));
      if (path === '/openapi/v3') return sendJson(res, 200, openapiRoot(registry));
      if (path.startsWith('/openapi/v3/')) {
        const doc = openapiGroupVersion(registry, path.slice('/openapi/v3/'.length));
        if (doc) return sendJson(res, 200, doc);
      }
      const doc = parts[0] === 'api' && parts.length === 2 ? legacyResourceList(registry, '', parts[1])
        : parts[0] === 'apis' && parts.length === 2 ? legacyGroupDoc(registry, parts[1])
          : parts[0] === 'apis' && parts.length === 3 ? legacyResourceList(registry, parts[1], parts[2]) : undefined;
      if (doc) return sendJson(res, 200, doc);
    }
    const r = parseResourcePath(registry, path);
    if (!r) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    handleResource(ctx, req, res, r, url.searchParams, body);
  }

  // Tests flip `unavailable` mid-run: open watches drop like they would in an outage.
  const outage = setInterval(() => { if (switches.unavailable && watches.count) watches.closeAll(); }, 100);
  outage.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const kubeconfigPath = writeKubeconfig(opts.dir, url, port);

  return {
    url, kubeconfigPath, requests, switches, delays: ctl.cfg,
    get(apiVersion, kind, namespace, name) {
      const ri = registry.byKind(apiVersion, kind);
      return ri ? store.get(ri, namespace, name) : undefined;
    },
    list(apiVersion, kind, namespace) {
      const ri = registry.byKind(apiVersion, kind);
      return ri ? store.list(ri, namespace) : [];
    },
    put,
    activeWatches: () => watches.count,
    onStored: (fn) => store.subscribe((e) => { if (e.type !== 'DELETED') fn(e.obj); }),
    async close() {
      clearInterval(outage);
      ctl.stop();
      watches.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
