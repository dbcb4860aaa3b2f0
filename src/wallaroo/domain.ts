// The Wallaroo domain model: FQDN = optional prefix + service name + suffix. Wallaroo ≥ 2024.2
// serves everything on one domain with path routing; older charts use a name per service.

export type DomainRouting = 'subdomains' | 'paths';
export interface Endpoint { service: string; fqdn: string; url: string }

const SUBDOMAIN_SERVICES = ['api', 'keycloak', 'jupyter'] as const;
const PATHS = { api: '/v1/api', keycloak: '/auth', jupyter: '/hub' } as const;

export function baseDomain(d: { prefix: string; suffix: string }): string {
  return [d.prefix, d.suffix].filter(Boolean).join('.');
}

/** Routing from the chart version ("2024.1.0-5000" → subdomains); unknown → current (paths). */
export function routingForChartVersion(version: string | undefined): DomainRouting {
  const m = /(\d{4})\.(\d+)/.exec(version ?? '');
  if (!m) return 'paths';
  const [year, minor] = [Number(m[1]), Number(m[2])];
  return year > 2024 || (year === 2024 && minor >= 2) ? 'paths' : 'subdomains';
}

export function endpoints(d: { prefix: string; suffix: string }, routing: DomainRouting): Endpoint[] {
  const base = baseDomain(d);
  const out: Endpoint[] = [{ service: 'dashboard', fqdn: base, url: `https://${base}` }];
  for (const s of SUBDOMAIN_SERVICES) {
    if (routing === 'paths') out.push({ service: s, fqdn: base, url: `https://${base}${PATHS[s]}` });
    else {
      const fqdn = [d.prefix, s, d.suffix].filter(Boolean).join('.');
      out.push({ service: s, fqdn, url: `https://${fqdn}` });
    }
  }
  return out;
}

export interface DnsRecord { name: string; type: 'A' | 'CNAME'; value: string }

/** The records to create: A for an IP address, CNAME for a hostname (EKS). */
export function dnsRecords(eps: Endpoint[], address: { ip?: string; hostname?: string }): DnsRecord[] {
  const names = [...new Set(eps.map((e) => e.fqdn))];
  return names.map((name) =>
    address.hostname ? { name, type: 'CNAME', value: address.hostname } : { name, type: 'A', value: address.ip ?? '' });
}
