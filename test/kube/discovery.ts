// Discovery (/api, /apis, aggregated v2 and legacy) and a minimal OpenAPI v3.
// Helm and kubectl refuse to work without OpenAPI v3 ("failed to download openapi"): they only
// look for a PATCH operation per kind that lists the fieldValidation query parameter, which
// tells them the server validates fields itself, so no schemas are needed.
import { apiVersionOf, type Registry, type ResourceInfo } from './resources.ts';

export const AGGREGATED_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function versionInfo(v: { major: string; minor: string; gitVersion: string }) {
  return {
    ...v, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean',
    buildDate: '2024-08-13T07:28:49Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64',
  };
}

function aggregatedResource(ri: ResourceInfo) {
  const kind = { group: ri.group, version: ri.version, kind: ri.kind };
  return {
    resource: ri.plural, responseKind: kind, scope: ri.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: ri.singular, verbs: ri.verbs,
    ...(ri.shortNames ? { shortNames: ri.shortNames } : {}),
    ...(ri.categories ? { categories: ri.categories } : {}),
    ...(ri.subresources?.length ? {
      subresources: ri.subresources.map((s) => ({
        subresource: s,
        responseKind: s === 'log' ? { group: '', version: 'v1', kind: 'Pod' } : s === 'scale'
          ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : kind,
        verbs: s === 'log' ? ['get'] : ['get', 'patch', 'update'],
      })),
    } : {}),
  };
}

function groupsOf(reg: Registry, core: boolean) {
  const groups = new Map<string, Map<string, ResourceInfo[]>>();
  for (const ri of reg.list) {
    if ((ri.group === '') !== core) continue;
    const g = groups.get(ri.group) ?? new Map<string, ResourceInfo[]>();
    groups.set(ri.group, g);
    g.set(ri.version, [...(g.get(ri.version) ?? []), ri]);
  }
  return groups;
}

/** Aggregated discovery: one answer holds every group, version and resource. */
export function aggregated(reg: Registry, core: boolean) {
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: [...groupsOf(reg, core)].map(([name, versions]) => ({
      metadata: { name, creationTimestamp: null },
      versions: [...versions].map(([version, list]) => ({
        version, resources: list.map(aggregatedResource), freshness: 'Current',
      })),
    })),
  };
}

export function legacyApi() {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

function legacyGroup(name: string, versions: string[]) {
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

export function legacyApis(reg: Registry) {
  return {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: [...groupsOf(reg, false)].map(([name, versions]) => legacyGroup(name, [...versions.keys()])),
  };
}

export function legacyGroupDoc(reg: Registry, group: string) {
  const versions = groupsOf(reg, false).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...legacyGroup(group, [...versions.keys()]) } : undefined;
}

export function legacyResourceList(reg: Registry, group: string, version: string) {
  const list = reg.list.filter((x) => x.group === group && x.version === version);
  if (!list.length) return undefined;
  const resources = list.flatMap((ri) => [
    {
      name: ri.plural, singularName: ri.singular, namespaced: ri.namespaced, kind: ri.kind, verbs: ri.verbs,
      ...(ri.shortNames ? { shortNames: ri.shortNames } : {}), ...(ri.categories ? { categories: ri.categories } : {}),
    },
    ...(ri.subresources ?? []).map((s) => ({
      name: `${ri.plural}/${s}`, singularName: '', namespaced: ri.namespaced, kind: s === 'log' ? 'Pod' : ri.kind,
      verbs: s === 'log' ? ['get'] : ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(list[0]), resources };
}

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

export function openapiRoot(reg: Registry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of reg.groupVersions()) {
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(reg, group, version)}` };
  }
  return { paths };
}

function hashOf(reg: Registry, group: string, version: string): string {
  const names = reg.list.filter((x) => x.group === group && x.version === version).map((x) => x.plural).join(',');
  let h = 0x811c9dc5;
  for (let i = 0; i < names.length; i++) h = Math.imul(h ^ names.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** Looks up `/openapi/v3/<api/v1 | apis/g/v>`; one PATCH operation per kind, no schemas. */
export function openapiGroupVersion(reg: Registry, gvp: string) {
  const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(gvp);
  if (!m) return undefined;
  const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
  const list = reg.list.filter((x) => x.group === group && x.version === version);
  if (!list.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const ri of list) {
    if (ri.virtual) continue;
    const base = `/${gvPath(group, version)}${ri.namespaced ? '/namespaces/{namespace}' : ''}/${ri.plural}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${ri.kind}`,
        'x-kubernetes-group-version-kind': { group, version, kind: ri.kind },
        'x-kubernetes-action': 'patch',
        parameters: [
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths, components: { schemas: {} } };
}
