// What the nodes say about the cluster: which supported distribution it is (and why we think
// so), and which Wallaroo size its allocatable CPU fits. Pure: the wizard offers these as
// defaults with the reason, the admin can always override them.
import type { Distribution } from './distributions.ts';
import { suggestSize, type ClusterSize } from './sizing.ts';
import { parseCpu } from '../util/quantity.ts';

/** The little of a Node these rules read (client-node's V1Node fits after mapping). */
export interface NodeInfo {
  name: string;
  providerID?: string;
  labels?: Record<string, string>;
  allocatableCpu?: string;
}

export interface Detection {
  /** Undefined when nothing points at a supported distribution. */
  distribution?: Distribution;
  /** One line for the admin: the evidence, e.g. `node ip-10-0-1-5: providerID aws:///eu-west-1a/i-0abc`. */
  reason: string;
}

type Evidence = { distribution?: Distribution; platform: string; what: string };

// Node labels that only the managed services (or kURL) put on their nodes.
const LABELS: { key: string; value?: string; distribution?: Distribution; platform: string }[] = [
  { key: 'kurl.sh/cluster', value: 'true', distribution: 'kurl', platform: 'kURL' },
  { key: 'eks.amazonaws.com/nodegroup', distribution: 'eks', platform: 'EKS' },
  { key: 'eks.amazonaws.com/compute-type', distribution: 'eks', platform: 'EKS' },
  { key: 'alpha.eksctl.io/cluster-name', distribution: 'eks', platform: 'EKS' },
  { key: 'kubernetes.azure.com/cluster', distribution: 'aks', platform: 'AKS' },
  { key: 'kubernetes.azure.com/role', distribution: 'aks', platform: 'AKS' },
  { key: 'cloud.google.com/gke-nodepool', distribution: 'gke', platform: 'GKE' },
  { key: 'oke.oraclecloud.com/node.info.private_subnet', distribution: 'oke', platform: 'OKE' },
  { key: 'oci.oraclecloud.com/fault-domain', distribution: 'oke', platform: 'OKE' },
  { key: 'microk8s.io/cluster', value: 'true', platform: 'MicroK8s' },
  { key: 'minikube.k8s.io/version', platform: 'minikube' },
  { key: 'node.k0sproject.io/role', platform: 'k0s' },
];

// providerID prefixes set by each cloud's node controller.
const PROVIDERS: { test: (id: string) => boolean; distribution?: Distribution; platform: string }[] = [
  { test: (id) => id.startsWith('aws://'), distribution: 'eks', platform: 'AWS' },
  { test: (id) => id.startsWith('azure://'), distribution: 'aks', platform: 'Azure' },
  { test: (id) => id.startsWith('gce://'), distribution: 'gke', platform: 'Google Cloud' },
  { test: (id) => id.startsWith('oci://') || id.startsWith('ocid1.'), distribution: 'oke', platform: 'Oracle Cloud' },
  { test: (id) => id.startsWith('kind://'), platform: 'kind' },
  { test: (id) => id.startsWith('k3s://'), platform: 'k3s' },
  { test: (id) => id.startsWith('digitalocean://'), platform: 'DigitalOcean' },
];

function evidenceFor(n: NodeInfo): Evidence | undefined {
  // kURL runs on any cloud's VMs: its label outranks the VM's providerID.
  const labels = n.labels ?? {};
  const kurl = labels['kurl.sh/cluster'] === 'true';
  if (kurl) return { distribution: 'kurl', platform: 'kURL', what: `node ${n.name}: label kurl.sh/cluster=true` };
  const id = n.providerID ?? '';
  const p = id ? PROVIDERS.find((x) => x.test(id)) : undefined;
  if (p) return { distribution: p.distribution, platform: p.platform, what: `node ${n.name}: providerID ${id}` };
  for (const l of LABELS) {
    const v = labels[l.key];
    if (v !== undefined && (l.value === undefined || v === l.value)) {
      return { distribution: l.distribution, platform: l.platform, what: `node ${n.name}: label ${l.key}${v ? `=${v}` : ''}` };
    }
  }
  return undefined;
}

/** The server version string names some managed services (v1.31.2-eks-7f9249a, v1.30.5-gke.1014001). */
function fromServerVersion(gitVersion: string | undefined): Evidence | undefined {
  if (!gitVersion) return undefined;
  if (/-eks-/.test(gitVersion)) return { distribution: 'eks', platform: 'EKS', what: `server version ${gitVersion}` };
  if (/-gke\./.test(gitVersion)) return { distribution: 'gke', platform: 'GKE', what: `server version ${gitVersion}` };
  if (/\+k3s/.test(gitVersion)) return { platform: 'k3s', what: `server version ${gitVersion}` };
  if (/\+rke2/.test(gitVersion)) return { platform: 'RKE2', what: `server version ${gitVersion}` };
  return undefined;
}

export function detectDistribution(nodes: NodeInfo[], serverVersion?: string): Detection {
  const found = nodes.map(evidenceFor).filter((e): e is Evidence => Boolean(e));
  if (!found.length) {
    const v = fromServerVersion(serverVersion);
    if (v?.distribution) return { distribution: v.distribution, reason: v.what };
    if (v) return { reason: `${v.what} looks like ${v.platform}, which Wallaroo does not support: pick the closest match` };
    return { reason: nodes.length ? `no node has a cloud providerID or a kURL label (${nodes.length} node${nodes.length === 1 ? '' : 's'} checked)` : 'the cluster has no nodes to look at' };
  }
  // Majority vote: a cluster may mix nodes, but the managed service owns most of them.
  const votes = new Map<string, Evidence[]>();
  for (const e of found) votes.set(e.platform, [...(votes.get(e.platform) ?? []), e]);
  const [platform, list] = [...votes.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const of = list.length === nodes.length ? '' : ` (${list.length} of ${nodes.length} nodes)`;
  const first = list[0];
  if (!first.distribution) return { reason: `${first.what}${of}: this looks like ${platform}, which Wallaroo does not support: pick the closest match` };
  return { distribution: first.distribution, reason: `${first.what}${of}` };
}

/** Total allocatable CPU of the nodes, in cores. */
export function allocatableCores(nodes: NodeInfo[]): number {
  return nodes.reduce((n, x) => n + (parseCpu(x.allocatableCpu ?? '0') ?? 0), 0);
}

export interface SizeSuggestion { size?: ClusterSize; cores: number; reason: string }

/** The largest Wallaroo size the cluster's allocatable CPU covers. */
export function suggestSizeFromNodes(nodes: NodeInfo[]): SizeSuggestion {
  const cores = allocatableCores(nodes);
  const c = Math.round(cores * 10) / 10;
  const size = suggestSize(Math.floor(cores));
  return {
    size, cores,
    reason: size
      ? `${nodes.length} node${nodes.length === 1 ? '' : 's'} with ${c} allocatable cores in total`
      : `${nodes.length} node${nodes.length === 1 ? '' : 's'} with only ${c} allocatable cores: Wallaroo needs at least 8`,
  };
}
