// Preflight: what the cluster is, checked against what the install needs. Every finding has a
// stable code, pass/warn/fail and a fix. Failures stop the install unless --ignore-preflight
// names them; problems that make checking itself impossible (no API) end the run at once.
import type { V1Node, V1StorageClass } from '@kubernetes/client-node';
import type { InstallPlan } from './plan.ts';
import type { KubeTarget } from '../kube/connect.ts';
import type { KubeApis } from '../kube/apis.ts';
import { isNotFound } from '../kube/connect.ts';
import { kubeFailure } from '../kube/errors.ts';
import { UNIGNORABLE_CODES } from './preflight-codes.ts';
import type { EventBus } from './events.ts';
import type { Helm, HelmVersion } from '../helm/helm.ts';
import { releaseState, isPending, isUninstalling, pendingWayOut, type ReleaseState } from '../helm/release.ts';
import { parseCpu, parseQuantityBytes, formatGi } from '../util/quantity.ts';
import { suggestSize } from '../wallaroo/sizing.ts';
import { nodePools } from '../wallaroo/values.ts';
import { POOL_NAMES } from '../wallaroo/nodepools.ts';

export interface Finding { code: string; level: 'pass' | 'warn' | 'fail'; message: string; fix?: string }

export interface PreflightResult {
  findings: Finding[];
  blocking: Finding[];
  release: ReleaseState;
  namespaceExists: boolean;
  /** The namespace exists but is being deleted. */
  namespaceTerminating?: boolean;
  helm: HelmVersion;
}

const MIN_MINOR = 29;
const PREFERRED_MINOR = 31;

const pass = (code: string, message: string): Finding => ({ code, level: 'pass', message });
const warn = (code: string, message: string, fix: string): Finding => ({ code, level: 'warn', message, fix });
const fail = (code: string, message: string, fix: string): Finding => ({ code, level: 'fail', message, fix });

export function checkNodes(nodes: V1Node[], plan: InstallPlan): Finding[] {
  const out: Finding[] = [];
  const size = plan.answers.size;
  const cores = nodes.reduce((n, x) => n + (parseCpu(x.status?.allocatable?.cpu ?? '0') ?? 0), 0);
  out.push(nodes.length >= 4
    ? pass('PF_NODE_COUNT', `${nodes.length} nodes`)
    : warn('PF_NODE_COUNT', `${nodes.length} node${nodes.length === 1 ? '' : 's'}; Wallaroo asks for at least 4 (general, persistent and pipelines pools)`, 'add nodes so that each nodepool has at least one'));
  const suggestion = suggestSize(Math.floor(cores));
  const c = Math.round(cores * 10) / 10;
  if (cores < size) {
    out.push(fail('PF_CORES', `the cluster has ${c} allocatable cores, fewer than the ${size} of size ${size}`,
      suggestion ? `set size: ${suggestion} in the preset, or add nodes` : 'Wallaroo needs at least 8 cores: add nodes'));
  } else if (suggestion && suggestion > size) {
    out.push(pass('PF_CORES', `${c} allocatable cores for size ${size} (the cluster could run size ${suggestion}, with more services)`));
  } else out.push(pass('PF_CORES', `${c} allocatable cores for size ${size}`));

  const small = nodes.filter((n) => (parseQuantityBytes(n.status?.capacity?.memory ?? '0') ?? 0) < 15.5 * 1024 ** 3);
  out.push(small.length
    ? warn('PF_NODE_MEMORY', `${small.length} node${small.length === 1 ? ' has' : 's have'} less than 16 GB of memory: ${small.map((n) => `${n.metadata?.name} (${formatGi(parseQuantityBytes(n.status?.capacity?.memory ?? '0') ?? 0)})`).join(', ')}`, 'use nodes with at least 16 GB each')
    : pass('PF_NODE_MEMORY', `every node has at least 16 GB of memory`));

  const pools = nodePools(plan.answers);
  for (const name of POOL_NAMES) {
    const pool = pools[name];
    const members = nodes.filter((n) => n.metadata?.labels?.[pool.label.key] === pool.label.value);
    const code = `PF_NODEPOOL_${name.toUpperCase()}`;
    if (!members.length) {
      out.push(warn(code, `no node carries the ${name} pool label ${pool.label.key}=${pool.label.value}`,
        `label the ${name} nodes: kubectl label node NODE ${pool.label.key}=${pool.label.value}${pool.taint ? ` && kubectl taint node NODE ${pool.taint.key}=${pool.taint.value}:${pool.taint.effect}` : ''} (or set advanced.nodePools.${name} to your own label and taint)`));
      continue;
    }
    const t = pool.taint;
    const untainted = t ? members.filter((n) => !(n.spec?.taints ?? []).some((x) => x.key === t.key && x.effect === t.effect)) : [];
    out.push(untainted.length
      ? warn(code, `${untainted.length} of ${members.length} ${name} node${members.length === 1 ? '' : 's'} lack the taint ${t!.key}=${t!.value}:${t!.effect}`, `kubectl taint node ${untainted.map((n) => n.metadata?.name).join(' ')} ${t!.key}=${t!.value}:${t!.effect}`)
      : pass(code, `${members.length} ${name} node${members.length === 1 ? '' : 's'} (${pool.label.key}=${pool.label.value})`));
  }
  const gpu = nodes.filter((n) => Number(n.status?.allocatable?.['nvidia.com/gpu'] ?? 0) > 0);
  out.push(pass('PF_GPU', gpu.length ? `${gpu.length} GPU node${gpu.length === 1 ? '' : 's'} with the NVIDIA device plugin (nvidia.com/gpu allocatable)` : 'no GPU nodes (nvidia.com/gpu): fine unless you deploy GPU pipelines'));
  return out;
}

/** What the install creates: create rights on each, via SelfSubjectAccessReview. */
export const RBAC_NEEDS: { verb: string; group: string; resource: string; namespaced: boolean }[] = [
  { verb: 'create', group: '', resource: 'namespaces', namespaced: false },
  { verb: 'create', group: '', resource: 'secrets', namespaced: true },
  { verb: 'update', group: '', resource: 'secrets', namespaced: true },
  { verb: 'create', group: '', resource: 'services', namespaced: true },
  { verb: 'create', group: '', resource: 'persistentvolumeclaims', namespaced: true },
  { verb: 'create', group: 'apps', resource: 'deployments', namespaced: true },
  { verb: 'create', group: 'batch', resource: 'jobs', namespaced: true },
  { verb: 'create', group: 'storage.k8s.io', resource: 'storageclasses', namespaced: false },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', namespaced: false },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', namespaced: false },
  { verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', namespaced: false },
];

async function checkRbac(api: KubeApis, namespace: string): Promise<Finding> {
  const denied: string[] = [];
  try {
    await Promise.all(RBAC_NEEDS.map(async (n) => {
      const r = await api.authz.createSelfSubjectAccessReview({ body: {
        apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: n.verb, group: n.group, resource: n.resource, ...(n.namespaced ? { namespace } : {}) } },
      } });
      if (!r.status?.allowed) denied.push(`${n.verb} ${n.group ? n.group + '/' : ''}${n.resource}${n.namespaced ? ` in ${namespace}` : ''}`);
    }));
  } catch (e) {
    // The review API is optional (some managed or locked-down clusters do not serve or allow
    // it): the install itself will find out; say so instead of stopping here.
    const f = kubeFailure(e);
    if (f && (f.code === 'E_KUBE_API_MISSING' || f.code === 'E_KUBE_FORBIDDEN')) {
      return warn('PF_RBAC', `cannot check your rights: ${f.cause_}`, 'make sure your user may create cluster-wide objects (StorageClass, ClusterRoles, CRDs) and everything in the namespace, e.g. a cluster admin');
    }
    throw e;
  }
  return denied.length
    ? fail('PF_RBAC', `your Kubernetes user may not: ${denied.sort().join('; ')}`, 'run as a cluster admin (Wallaroo creates cluster-wide objects: StorageClass, ClusterRoles, CRDs), or have these rights granted')
    : pass('PF_RBAC', `your user may create everything the install needs (${RBAC_NEEDS.length} checks)`);
}

export async function runPreflight(
  bus: EventBus, plan: InstallPlan, target: KubeTarget, api: KubeApis, helm: Helm, ignore: string[] = [],
  /** helm's answers, when the caller already asked (before the API client existed). */
  asked: { helmVersion?: Promise<HelmVersion>; release?: Promise<ReleaseState> } = {},
): Promise<PreflightResult> {
  const findings: Finding[] = [];
  // A pending release cannot be ignored: helm itself would refuse ("another operation is in progress").
  const ignored = (f: Finding) => f.level === 'fail' && !UNIGNORABLE_CODES.includes(f.code) && (ignore.includes('all') || ignore.includes(f.code));
  const report = (f: Finding) => { findings.push(f); bus.emit({ type: 'finding', step: 'preflight', ...f, ...(ignored(f) ? { ignored: true } : {}) }); };
  const ns = plan.namespace;

  report(pass('PF_KUBECONFIG', `kubeconfig ${target.source}, context "${target.context}" (cluster "${target.cluster}", ${target.server})`));
  // Every question goes out at once (helm's own two and the API's); the answers are reported in
  // a fixed order. A promise nobody awaits yet must not become an unhandled rejection.
  const early = <T>(p: Promise<T>): Promise<T> => { p.catch(() => undefined); return p; };
  const helmVersionP = early(asked.helmVersion ?? helm.version());
  const releasePromise = early(asked.release ?? releaseState(helm, plan.release, ns));
  const versionP = early(api.version.getCode());
  const nodesP = early(api.core.listNode());
  const classesP = early(api.storage.listStorageClass());
  const rbacP = early(checkRbac(api, ns));
  const namespaceP = early(api.core.readNamespace({ name: ns }));
  const secretsP = plan.existingSecrets.map((s) => early(api.core.readNamespacedSecret({ name: s.name, namespace: ns })));

  const helmVersion = await helmVersionP; // throws E_HELM_MISSING / E_HELM_TOO_OLD
  report(pass('PF_HELM', `helm ${helmVersion.text} (${helm.bin})`));

  let version;
  try {
    version = await versionP;
  } catch (e) {
    throw kubeFailure(e, { server: target.server, context: target.context, source: target.source }) ?? e;
  }
  const minor = Number.parseInt(version.minor, 10);
  report(minor < MIN_MINOR
    ? fail('PF_K8S_VERSION', `Kubernetes ${version.gitVersion} is older than 1.${MIN_MINOR}, the oldest Wallaroo supports`, `upgrade the cluster to 1.${PREFERRED_MINOR} or newer`)
    : minor < PREFERRED_MINOR
      ? warn('PF_K8S_VERSION', `Kubernetes ${version.gitVersion} is supported; 1.${PREFERRED_MINOR} is preferred`, `plan an upgrade to 1.${PREFERRED_MINOR}`)
      : pass('PF_K8S_VERSION', `Kubernetes ${version.gitVersion}`));

  // A user without the right to list nodes or storage classes gets a failed check naming the
  // missing right (ignorable), not a stop: everything else is still checked and listed.
  const [nodes, classes] = await Promise.all([
    readOrFinding('PF_NODES', 'the nodes', () => nodesP),
    readOrFinding('PF_STORAGECLASS', 'the storage classes', () => classesP),
  ]);
  if ('finding' in nodes) report(nodes.finding);
  else for (const f of checkNodes(nodes.value.items, plan)) report(f);

  report('finding' in classes ? classes.finding : storageFinding(classes.value.items));
  report(await rbacP);

  let namespaceExists = false;
  let namespaceTerminating = false;
  try {
    const n = await namespaceP;
    namespaceExists = true;
    namespaceTerminating = n.status?.phase === 'Terminating';
    report(n.status?.phase === 'Terminating'
      ? fail('PF_NAMESPACE', `namespace ${ns} is being deleted`, `wait until \`kubectl get namespace ${ns}\` says NotFound, then run again`)
      : pass('PF_NAMESPACE', `namespace ${ns} exists`));
  } catch (e) {
    if (!isNotFound(e)) throw e;
    report(pass('PF_NAMESPACE', `namespace ${ns} will be created`));
  }

  for (const [i, s] of plan.existingSecrets.entries()) {
    let found = false;
    if (namespaceExists) {
      const r = await readOrFinding('PF_SECRET_EXISTS', `Secret ${s.name}`, async () => {
        try { await secretsP[i]; return true; } catch (e) { if (isNotFound(e)) return false; throw e; }
      });
      if ('finding' in r) { report(r.finding); continue; }
      found = r.value;
    }
    report(found
      ? pass('PF_SECRET_EXISTS', `Secret ${s.name} exists (${s.purpose})`)
      : fail('PF_SECRET_EXISTS', `Secret ${s.name} (${s.purpose}) does not exist in namespace ${ns}`, `create it first (kubectl create secret ... -n ${ns} ${s.name}), or let the installer create it: give the certificate files or registry credentials in the preset`));
  }

  const release = await releasePromise;
  if (!release.exists) report(pass('PF_RELEASE', `release ${plan.release} does not exist yet: this is an install`));
  else if (isUninstalling(release)) {
    report(fail('PF_RELEASE', `release ${plan.release} is uninstalling (revision ${release.current!.revision}): an earlier uninstall stopped before the end, so helm can neither upgrade nor install it`,
      pendingWayOut(release, plan.release, ns)));
  } else if (isPending(release)) {
    report(fail('PF_RELEASE', `release ${plan.release} is stuck in ${release.current!.status} (revision ${release.current!.revision}): an earlier helm run was interrupted`,
      pendingWayOut(release, plan.release, ns)));
  } else {
    const cur = release.current!;
    report(cur.status === 'failed'
      ? warn('PF_RELEASE', `release ${plan.release} revision ${cur.revision} (${cur.chart}) failed: ${cur.description ?? ''}`.trim(), 'the upgrade retries it with these values; look at the cause above if it fails again')
      : pass('PF_RELEASE', `release ${plan.release} is ${cur.status} at revision ${cur.revision} (${cur.chart}): this is an upgrade`));
  }
  return { findings, blocking: findings.filter((f) => f.level === 'fail'), release, namespaceExists, namespaceTerminating, helm: helmVersion };
}

function storageFinding(items: V1StorageClass[]): Finding {
  const def = items.find((c) => ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class']
    .some((k) => c.metadata?.annotations?.[k] === 'true'));
  return def
    ? pass('PF_STORAGECLASS', `default StorageClass "${def.metadata?.name}" (${def.provisioner}); Wallaroo creates wallaroo-standard on its provisioner`)
    : fail('PF_STORAGECLASS', `no default StorageClass${items.length ? ` (there are: ${items.map((c) => c.metadata?.name).join(', ')})` : ''}`,
      items.length
        ? `mark one as default: kubectl patch storageclass ${items[0].metadata?.name} -p '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}'`
        : 'install a storage provisioner (the cloud CSI driver, or OpenEBS on kurl) with a default StorageClass');
}

/** A read for a check: its value, or (when the API forbids it or lacks it) a finding that says so. */
async function readOrFinding<T>(code: string, what: string, read: () => Promise<T>): Promise<{ value: T } | { finding: Finding }> {
  try { return { value: await read() }; } catch (e) {
    const f = kubeFailure(e);
    if (f?.code === 'E_KUBE_FORBIDDEN') return { finding: fail(code, `cannot read ${what}: ${f.cause_}`, f.fix) };
    if (f?.code === 'E_KUBE_API_MISSING') return { finding: warn(code, `cannot read ${what}: ${f.cause_}`, f.fix) };
    throw f ?? e;
  }
}
