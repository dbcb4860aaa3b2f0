// answers → Helm values, following the chart contract. Pure: no I/O. Secret material comes in
// already resolved; with `secretsIn: 'kubernetes'` (the default for installs) TLS keys and
// registry passwords stay out of the values and are referenced by Secret name instead.
import type { Answers } from '../config/schema.ts';
import { K, SERVICE_KEYS, PLACEMENT_KEYS } from './keys.ts';
import { apiLoadBalancer } from './distributions.ts';
import { effectiveServices } from './services.ts';
import { DEFAULT_NODE_POOLS, placementFor, samePool, POOL_NAMES, type NodePool, type PoolName } from './nodepools.ts';

export type HelmValues = Record<string, unknown>;

export interface ValuesOptions {
  /** 'kubernetes': reference Secrets the installer creates; 'inline': the chart's inline keys. */
  secretsIn: 'kubernetes' | 'inline';
  /** Resolved secrets by key path (e.g. "registries.models.password"). */
  secrets: ReadonlyMap<string, string>;
  /** PEM contents of tls.certFile / tls.keyFile; needed only for secretsIn 'inline'. */
  tlsFiles?: { cert: string; key: string };
}

function setIn(obj: HelmValues, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) o = (o[p] ??= {}) as HelmValues;
  o[path[path.length - 1]] = value;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function nodePools(a: Answers): Record<PoolName, NodePool> {
  const custom = a.advanced.nodePools ?? {};
  return Object.fromEntries(POOL_NAMES.map((n) => {
    const c = custom[n];
    if (!c) return [n, DEFAULT_NODE_POOLS[n]];
    const taint = c.taint === undefined ? DEFAULT_NODE_POOLS[n].taint : c.taint ?? undefined;
    return [n, { label: c.label, ...(taint ? { taint } : {}) }];
  })) as Record<PoolName, NodePool>;
}

export function buildHelmValues(a: Answers, opts: ValuesOptions): HelmValues {
  const v: HelmValues = {};
  const secret = (path: string) => {
    const s = opts.secrets.get(path);
    if (s === undefined) throw new Error(`internal: secret ${path} was not resolved`);
    return s;
  };
  const inline = opts.secretsIn === 'inline';

  v[K.distribution] = a.distribution;
  v[K.ingressMode] = a.ingress;
  v[K.generateSecrets] = a.advanced.generateSecrets;
  v[K.domainPrefix] = a.domain.prefix;
  v[K.domainSuffix] = a.domain.suffix;

  const services = effectiveServices(a);
  const lb = apiLoadBalancer(a.distribution, a.ingress);
  v[K.apilb.root] = {
    [K.apilb.serviceType]: lb.serviceType,
    [K.apilb.annotations]: lb.annotations,
    [K.apilb.externalInferenceEndpoints]: services.externalInferenceEndpoints,
  };

  if (a.tls) {
    v[K.tls.deploymentStage] = K.tls.customStage;
    if (a.tls.secret) v[K.tls.secret] = a.tls.secret;
    else if (inline) {
      if (!opts.tlsFiles) throw new Error('internal: inline TLS needs the certificate and key contents');
      v[K.tls.cert] = b64(opts.tlsFiles.cert);
      v[K.tls.key] = b64(opts.tlsFiles.key);
    } else v[K.tls.secret] = a.tls.secretName;
  }

  const images = a.registries.images;
  if (images) {
    v[K.imageRegistry] = images.registry;
    if (images.tag) v[K.imageTag] = images.tag;
    if (images.pullSecret) v[K.imagePullSecretName] = images.pullSecret.name;
  }

  const models = a.registries.models;
  if (models) {
    v[K.privateModelRegistry] = inline
      ? { enabled: true, registry: models.registry, username: models.username, password: secret('registries.models.password'), ...(models.email ? { email: models.email } : {}) }
      : { enabled: true, registry: models.registry, secretName: models.secretName };
  }
  const edge = a.registries.edge;
  if (edge) {
    v[K.ociRegistry] = inline
      ? { enabled: true, registry: edge.registry, repository: edge.repository, username: edge.username, password: secret('registries.edge.password'), ...(edge.email ? { email: edge.email } : {}) }
      : { enabled: true, registry: edge.registry, repository: edge.repository, secretName: edge.secretName };
  }
  const pypi = a.registries.pypi;
  if (pypi) {
    // The chart takes PyPI credentials only inline (no Secret reference exists for them).
    v[K.privatePypi] = {
      enabled: true, url: pypi.url, onlyPrivate: pypi.onlyPrivate,
      ...(pypi.username ? { username: pypi.username, password: secret('registries.pypi.password') } : {}),
    };
  }

  for (const [id, key] of Object.entries(SERVICE_KEYS)) {
    setIn(v, [key, K.enabled], services[id as keyof typeof SERVICE_KEYS]);
  }
  setIn(v, [K.jupyter.root, K.jupyter.multipleLabs], services.multipleLabs);
  setIn(v, [K.assays, 'version'], a.advanced.assaysVersion);
  setIn(v, [K.plateau.root, K.plateau.diskSize], a.advanced.plateauDiskSize);
  if (a.advanced.prometheusRetentionSize) setIn(v, [K.prometheus.root, K.prometheus.retentionSize], a.advanced.prometheusRetentionSize);
  if (a.advanced.prometheusRetentionTime) setIn(v, [K.prometheus.root, K.prometheus.retentionTime], a.advanced.prometheusRetentionTime);
  if (a.advanced.fluentbitRetentionDays) setIn(v, [K.fluentbit.root, K.fluentbit.retentionDays], a.advanced.fluentbitRetentionDays);

  if (a.advanced.keycloakProviders.length) {
    setIn(v, [K.keycloak.root, K.keycloak.providers], a.advanced.keycloakProviders.map((p, i) => ({
      id: p.id,
      ...(p.displayName ? { displayName: p.displayName } : {}),
      provider: p.provider,
      ...(p.url ? { url: p.url } : {}),
      clientId: p.clientId,
      clientSecret: secret(`advanced.keycloakProviders[${i}].clientSecret`),
    })));
  }

  // Placement is the chart's default for the standard nodepools; only custom pools are written,
  // so that a chart version with other placement keys is not handed keys it does not need.
  const pools = nodePools(a);
  if (POOL_NAMES.some((n) => !samePool(pools[n], DEFAULT_NODE_POOLS[n]))) {
    setIn(v, [K.nodeAffinity.root, K.nodeAffinity.key], pools.pipelines.label.key);
    setIn(v, [K.nodeAffinity.root, K.nodeAffinity.engineValue], pools.pipelines.label.value);
    for (const { key, pool } of Object.values(PLACEMENT_KEYS)) {
      const p = placementFor(pools[pool]);
      setIn(v, [key, K.nodeSelector], p.nodeSelector);
      setIn(v, [key, K.tolerations], p.tolerations);
    }
  }

  setIn(v, [K.uninstallHook.root, K.uninstallHook.enable], a.advanced.uninstallHook);
  return v;
}

/** Leaf key paths of a values object ("apilb.serviceType"), for checking against a chart. */
export function valueKeyPaths(v: HelmValues, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, val] of Object.entries(v)) {
    const p = prefix ? `${prefix}.${k}` : k;
    // Maps whose keys are data (annotations, nodeSelector) stop at the map itself.
    if (val && typeof val === 'object' && !Array.isArray(val) && !['annotations', 'nodeSelector'].includes(k)) {
      out.push(...valueKeyPaths(val as HelmValues, p));
    } else out.push(p);
  }
  return out;
}
