// What stops working when Wallaroo goes: the load balancer's address and the DNS records that
// point at it. The domain comes from the release's values, or (release already gone) from the
// answers ConfigMap the install left.
import { parse } from 'yaml';
import type { Cluster } from '../install.ts';
import type { KubeObject } from '../../kube/objects.ts';
import { readApiService, serviceAddress } from '../access.ts';
import { dnsRecords, endpoints, routingForChartVersion } from '../../wallaroo/domain.ts';
import { K } from '../../wallaroo/keys.ts';
import type { HelmSide } from './release-facts.ts';
import type { Inventory } from './types.ts';

interface Domain { prefix: string; suffix: string; chartVersion?: string; ingress?: string }

function fromValues(h: HelmSide): Domain | undefined {
  const v = h.values;
  if (typeof v[K.domainSuffix] !== 'string' || !v[K.domainSuffix]) return undefined;
  return { prefix: String(v[K.domainPrefix] ?? ''), suffix: String(v[K.domainSuffix]), chartVersion: h.facts.chart, ingress: typeof v[K.ingressMode] === 'string' ? String(v[K.ingressMode]) : undefined };
}

function fromAnswers(cm: KubeObject | undefined): Domain | undefined {
  const text = (cm as { data?: Record<string, string> } | undefined)?.data?.['answers.yaml'];
  if (!text) return undefined;
  try {
    const a = parse(text) as { domain?: { prefix?: string; suffix?: string }; chart?: { version?: string }; ingress?: string };
    return a?.domain?.suffix ? { prefix: a.domain.prefix ?? '', suffix: a.domain.suffix, chartVersion: a.chart?.version, ingress: a.ingress } : undefined;
  } catch {
    return undefined;   // an answers file we cannot read does not stop an uninstall
  }
}

export async function readAccess(c: Cluster, namespace: string, h: HelmSide, answers: KubeObject | undefined): Promise<Inventory['access']> {
  const d = fromValues(h) ?? fromAnswers(answers);
  const svc = await readApiService(c.api, namespace).catch(() => undefined);
  const address = serviceAddress(svc);
  const eps = d ? endpoints({ prefix: d.prefix, suffix: d.suffix }, routingForChartVersion(d.chartVersion)) : [];
  return { address, endpoints: eps, dnsRecords: address ? dnsRecords(eps, address) : [], ingress: d?.ingress };
}
