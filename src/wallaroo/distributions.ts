// What differs between the supported Kubernetes distributions: the annotation that makes the
// API load balancer internal, and what the load balancer's address looks like.

export const DISTRIBUTIONS = ['aks', 'eks', 'gke', 'oke', 'kurl'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export const INGRESS_MODES = ['internal', 'external', 'none'] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];

interface DistroFacts {
  label: string;
  /** Annotations on api-lb-ext for an internal (private network) load balancer. */
  internalAnnotations: Record<string, string>;
  /** Annotations for an Internet-facing load balancer (none needed: the cloud default). */
  externalAnnotations: Record<string, string>;
  /** EKS hands out a DNS name, the others an IP: decides A vs CNAME records. */
  lbAddress: 'ip' | 'hostname';
  /** kurl has no cloud load-balancer controller (needs MetalLB or similar). */
  hasCloudLoadBalancer: boolean;
}

export const DISTRO: Record<Distribution, DistroFacts> = {
  aks: {
    label: 'Azure Kubernetes Service (AKS)',
    internalAnnotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    externalAnnotations: {},
    lbAddress: 'ip',
    hasCloudLoadBalancer: true,
  },
  eks: {
    label: 'Amazon Elastic Kubernetes Service (EKS)',
    internalAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    externalAnnotations: {},
    lbAddress: 'hostname',
    hasCloudLoadBalancer: true,
  },
  gke: {
    label: 'Google Kubernetes Engine (GKE)',
    internalAnnotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
    externalAnnotations: {},
    lbAddress: 'ip',
    hasCloudLoadBalancer: true,
  },
  oke: {
    label: 'Oracle Container Engine for Kubernetes (OKE)',
    internalAnnotations: { 'service.beta.kubernetes.io/oci-load-balancer-internal': 'true' },
    externalAnnotations: {},
    lbAddress: 'ip',
    hasCloudLoadBalancer: true,
  },
  kurl: {
    label: 'kURL (embedded cluster)',
    internalAnnotations: {},
    externalAnnotations: {},
    lbAddress: 'ip',
    hasCloudLoadBalancer: false,
  },
};

export function apiLoadBalancer(distribution: Distribution, ingress: IngressMode) {
  if (ingress === 'none') return { serviceType: 'ClusterIP' as const, annotations: {} };
  const d = DISTRO[distribution];
  return {
    serviceType: 'LoadBalancer' as const,
    annotations: { ...(ingress === 'internal' ? d.internalAnnotations : d.externalAnnotations) },
  };
}
