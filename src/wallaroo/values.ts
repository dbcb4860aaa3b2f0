// answers + the chart's key map → Helm values, following the chart contract. Pure: no I/O.
// Each setting (keys.ts) gets its field values here; the key map says which key each field has
// in the chart at hand. A setting the chart has no key for is left out and reported, never
// written under a name the chart does not know.
// Secret material comes in already resolved. With `secretsIn: 'kubernetes'` (installs) the
// values reference Secrets by name wherever the chart takes a reference; what the chart only
// takes inline is written inline and listed in `inlineSecrets`.
import type { Answers } from '../config/schema.ts';
import { SETTINGS, SERVICE_SETTINGS, PLACEMENTS, TLS_CUSTOM_STAGE, type SettingId } from './keys.ts';
import { keyOf, type KeyMap } from './key-map.ts';
import { apiLoadBalancer } from './distributions.ts';
import { effectiveServices } from './services.ts';
import { DEFAULT_NODE_POOLS, placementFor, samePool, POOL_NAMES, type NodePool, type PoolName } from './nodepools.ts';

export type HelmValues = Record<string, unknown>;

/** Secrets the installer creates for the chart to reference, when the chart takes a reference. */
export const PYPI_SECRET_NAME = 'wallaroo-private-pypi';

export interface ValuesOptions {
  /** 'kubernetes': reference Secrets the installer creates; 'inline': the chart's inline keys. */
  secretsIn: 'kubernetes' | 'inline';
  /** Resolved secrets by key path (e.g. "registries.models.password"). */
  secrets: ReadonlyMap<string, string>;
  /** PEM contents of tls.certFile / tls.keyFile; needed only for secretsIn 'inline'. */
  tlsFiles?: { cert: string; key: string };
}

/** A secret the values file holds, by the answer it came from. */
export interface SecretInValues { answer: string; label: string; key: string }

export interface UnsupportedUse { id: SettingId; /** the keys looked for, for each field the chart lacks */ tried: string[] }

export interface ValuesPlan {
  values: HelmValues;
  /** Settings we would write that the chart has no key for: left out of `values`. */
  unsupported: UnsupportedUse[];
  /** Secret material written into the values (so into helm's stored release). */
  inlineSecrets: SecretInValues[];
  /** Which credentials go into Kubernetes Secrets the installer creates (referenced by name). */
  secretRefs: { tls: boolean; models: boolean; edge: boolean; pypi: boolean };
  /** Secrets the values need that were not resolved (render without them): written empty. */
  missingSecrets: string[];
}

interface Write { fields: Record<string, unknown>; secrets?: { answer: string; label: string; field: string }[] }

function setIn(obj: HelmValues, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    const next = o[p];
    if (!next || typeof next !== 'object' || Array.isArray(next)) o[p] = {};
    o = o[p] as HelmValues;
  }
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

function settingWrites(a: Answers, has: (id: SettingId, field: string) => boolean, opts: ValuesOptions, refs: ValuesPlan['secretRefs'], missing: string[]): Map<SettingId, Write> {
  const w = new Map<SettingId, Write>();
  const secret = (path: string) => {
    const s = opts.secrets.get(path);
    if (s === undefined) missing.push(path);
    return s ?? '';
  };
  const inline = opts.secretsIn === 'inline';
  const value = (id: SettingId, v: unknown) => w.set(id, { fields: { value: v } });

  value('distribution', a.distribution);
  value('ingressMode', a.ingress);
  value('generateSecrets', a.advanced.generateSecrets);
  w.set('domain', { fields: { prefix: a.domain.prefix, suffix: a.domain.suffix } });
  const lb = apiLoadBalancer(a.distribution, a.ingress);
  w.set('apiLoadBalancer', { fields: { serviceType: lb.serviceType, annotations: lb.annotations } });

  if (a.tls) {
    const inlineTls = inline && !a.tls.secret && opts.tlsFiles && has('tlsInline', 'cert') && has('tlsInline', 'key');
    if (inlineTls) {
      w.set('tls', { fields: { stage: TLS_CUSTOM_STAGE } });
      w.set('tlsInline', { fields: { cert: b64(opts.tlsFiles!.cert), key: b64(opts.tlsFiles!.key) }, secrets: [{ answer: 'tls.keyFile', label: 'the TLS private key', field: 'key' }] });
    } else {
      w.set('tls', { fields: { stage: TLS_CUSTOM_STAGE, secret: a.tls.secret ?? a.tls.secretName } });
      refs.tls = !a.tls.secret;
    }
  }

  const images = a.registries.images;
  if (images) {
    value('imageRegistry', images.registry);
    if (images.tag) value('imageTag', images.tag);
    if (images.pullSecret) value('imagePullSecret', images.pullSecret.name);
  }

  // A registry's credentials: by Secret reference where the chart takes one, else inline.
  const models = a.registries.models;
  if (models) {
    if (!inline && has('modelRegistry', 'secretName')) {
      w.set('modelRegistry', { fields: { enabled: true, registry: models.registry, secretName: models.secretName } });
      refs.models = true;
    } else {
      w.set('modelRegistry', {
        fields: { enabled: true, registry: models.registry, username: models.username, password: secret('registries.models.password'), ...(models.email ? { email: models.email } : {}) },
        secrets: [{ answer: 'registries.models.password', label: 'the model registry password', field: 'password' }],
      });
    }
  }
  const edge = a.registries.edge;
  if (edge) {
    if (!inline && has('edgeRegistry', 'secretName')) {
      w.set('edgeRegistry', { fields: { enabled: true, registry: edge.registry, repository: edge.repository, secretName: edge.secretName } });
      refs.edge = true;
    } else {
      w.set('edgeRegistry', {
        fields: { enabled: true, registry: edge.registry, repository: edge.repository, username: edge.username, password: secret('registries.edge.password') },
        secrets: [{ answer: 'registries.edge.password', label: 'the edge registry password', field: 'password' }],
      });
      if (edge.email) value('edgeRegistryEmail', edge.email);
    }
  }
  const pypi = a.registries.pypi;
  if (pypi) {
    if (pypi.username && !inline && has('pypi', 'secretName')) {
      w.set('pypi', { fields: { enabled: true, url: pypi.url, secretName: PYPI_SECRET_NAME } });
      refs.pypi = true;
    } else {
      w.set('pypi', {
        fields: { enabled: true, url: pypi.url, ...(pypi.username ? { username: pypi.username, password: secret('registries.pypi.password') } : {}) },
        secrets: pypi.username ? [{ answer: 'registries.pypi.password', label: 'the private PyPI password', field: 'password' }] : [],
      });
    }
    value('pypiOnlyPrivate', pypi.onlyPrivate);
  }

  const services = effectiveServices(a);
  for (const [service, id] of Object.entries(SERVICE_SETTINGS)) {
    const field = Object.keys(SETTINGS[id].fields)[0];
    w.set(id, { fields: { [field]: services[service as keyof typeof SERVICE_SETTINGS] } });
  }
  value('assaysVersion', a.advanced.assaysVersion);
  if (services.plateau) value('plateauDiskSize', a.advanced.plateauDiskSize);
  if (a.advanced.prometheusRetentionSize) value('prometheusRetentionSize', a.advanced.prometheusRetentionSize);
  if (a.advanced.prometheusRetentionTime) value('prometheusRetentionTime', a.advanced.prometheusRetentionTime);
  if (a.advanced.fluentbitRetentionDays) value('fluentbitRetentionDays', a.advanced.fluentbitRetentionDays);

  const providers = a.advanced.keycloakProviders;
  if (providers.length) {
    w.set('identityProviders', {
      fields: {
        value: providers.map((p, i) => ({
          id: p.id,
          ...(p.displayName ? { displayName: p.displayName } : {}),
          provider: p.provider,
          ...(p.url ? { url: p.url } : {}),
          clientId: p.clientId,
          clientSecret: secret(`advanced.keycloakProviders[${i}].clientSecret`),
        })),
      },
      // The chart takes identity-provider client secrets only inline (no Secret reference).
      secrets: providers.map((p, i) => ({ answer: `advanced.keycloakProviders[${i}].clientSecret`, label: `the client secret of identity provider ${p.id}`, field: 'value' })),
    });
  }

  // Placement is the chart's default for the standard nodepools; only custom pools are written,
  // so that a chart version with other placement keys is not handed keys it does not need.
  const pools = nodePools(a);
  if (POOL_NAMES.some((n) => !samePool(pools[n], DEFAULT_NODE_POOLS[n]))) {
    w.set('nodeAffinity', { fields: { key: pools.pipelines.label.key, engineValue: pools.pipelines.label.value } });
    for (const { setting, pool } of PLACEMENTS) {
      const p = placementFor(pools[pool]);
      // helm merges maps: the chart's default selector label would stay beside ours (and no
      // node carries both). null removes it.
      const stock = DEFAULT_NODE_POOLS[pool].label.key;
      w.set(setting, { fields: { ...p, nodeSelector: { ...(stock in p.nodeSelector ? {} : { [stock]: null }), ...p.nodeSelector } } });
    }
  }

  value('uninstallHook', a.advanced.uninstallHook);
  return w;
}

/** The values for this chart, what it cannot take, and where every secret goes. */
export function planValues(a: Answers, keyMap: KeyMap, opts: ValuesOptions): ValuesPlan {
  const has = (id: SettingId, field: string) => keyOf(keyMap, id, field) !== undefined;
  const secretRefs = { tls: false, models: false, edge: false, pypi: false };
  const values: HelmValues = {};
  const unsupported: UnsupportedUse[] = [];
  const inlineSecrets: SecretInValues[] = [];
  const missingSecrets: string[] = [];
  for (const [id, write] of settingWrites(a, has, opts, secretRefs, missingSecrets)) {
    const missing = Object.keys(write.fields).filter((f) => !has(id, f));
    if (missing.length) {
      unsupported.push({ id, tried: missing.flatMap((f) => SETTINGS[id].fields[f as keyof (typeof SETTINGS)[typeof id]['fields']] as readonly string[]) });
      continue;
    }
    for (const [field, v] of Object.entries(write.fields)) setIn(values, keyOf(keyMap, id, field)!.split('.'), v);
    for (const s of write.secrets ?? []) inlineSecrets.push({ answer: s.answer, label: s.label, key: keyOf(keyMap, id, s.field)! });
  }
  return { values, unsupported, inlineSecrets, secretRefs, missingSecrets };
}

export function buildHelmValues(a: Answers, keyMap: KeyMap, opts: ValuesOptions): HelmValues {
  return planValues(a, keyMap, opts).values;
}

/** A setting's value in a values object (a live release's), under any of its candidate keys. */
export function readSetting(values: HelmValues, id: SettingId, field?: string): unknown {
  const fields = SETTINGS[id].fields as Record<string, readonly string[]>;
  for (const path of fields[field ?? Object.keys(fields)[0]]) {
    let node: unknown = values;
    let found = true;
    for (const part of path.split('.')) {
      if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) { found = false; break; }
      node = (node as Record<string, unknown>)[part];
    }
    if (found) return node;
  }
  return undefined;
}
