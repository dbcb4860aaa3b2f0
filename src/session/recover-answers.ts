// Helm values → answers: the inverse of src/wallaroo/values.ts, for a release whose answers
// ConfigMap is missing (installed by other means, or the ConfigMap was deleted). It recovers
// what the values say and lists what they cannot say (where the chart came from, certificate
// files, every secret), so the wizard can ask exactly that. Pure: no I/O.
//
// Every values path it reads is in the one table VALUE_PATHS below, built from the key
// constants of keys.ts, as a list of candidate paths per setting (first present wins): when a
// chart version renames a key, that setting gains a candidate here and nothing else changes.
import type { AnswersInput, ServiceId } from '../config/schema.ts';
import { K, SERVICE_KEYS, PLACEMENT_KEYS } from '../wallaroo/keys.ts';
import { DISTRIBUTIONS, INGRESS_MODES, DISTRO, type Distribution } from '../wallaroo/distributions.ts';
import { CLUSTER_SIZES, SIZING_TABLE, type ClusterSize } from '../wallaroo/sizing.ts';
import { serviceDefaults } from '../wallaroo/services.ts';
import { DEFAULT_NODE_POOLS, POOL_NAMES, samePool, type PoolName } from '../wallaroo/nodepools.ts';
import type { HelmValues } from '../wallaroo/values.ts';

type Path = readonly string[];

/** Setting → candidate values paths, first present wins. The only place values paths are named. */
export const VALUE_PATHS = {
  distribution: [[K.distribution]],
  ingress: [[K.ingressMode]],
  generateSecrets: [[K.generateSecrets]],
  domainPrefix: [[K.domainPrefix]],
  domainSuffix: [[K.domainSuffix]],
  lbServiceType: [[K.apilb.root, K.apilb.serviceType]],
  lbAnnotations: [[K.apilb.root, K.apilb.annotations]],
  externalInferenceEndpoints: [[K.apilb.root, K.apilb.externalInferenceEndpoints]],
  tlsStage: [[K.tls.deploymentStage]],
  tlsSecret: [[K.tls.secret]],
  tlsCert: [[K.tls.cert]],
  imageRegistry: [[K.imageRegistry]],
  imageTag: [[K.imageTag]],
  imagePullSecretName: [[K.imagePullSecretName]],
  modelRegistry: [[K.privateModelRegistry]],
  edgeRegistry: [[K.ociRegistry]],
  pypi: [[K.privatePypi]],
  multipleLabs: [[K.jupyter.root, K.jupyter.multipleLabs]],
  assaysVersion: [[K.assays, 'version']],
  plateauDiskSize: [[K.plateau.root, K.plateau.diskSize]],
  prometheusRetentionSize: [[K.prometheus.root, K.prometheus.retentionSize]],
  prometheusRetentionTime: [[K.prometheus.root, K.prometheus.retentionTime]],
  fluentbitRetentionDays: [[K.fluentbit.root, K.fluentbit.retentionDays]],
  keycloakProviders: [[K.keycloak.root, K.keycloak.providers]],
  uninstallHook: [[K.uninstallHook.root, K.uninstallHook.enable]],
  pipelinesLabelKey: [[K.nodeAffinity.root, K.nodeAffinity.key]],
  pipelinesLabelValue: [[K.nodeAffinity.root, K.nodeAffinity.engineValue]],
  ...Object.fromEntries(Object.entries(SERVICE_KEYS).map(([id, key]) => [`service.${id}`, [[key, K.enabled]]])),
  ...Object.fromEntries(Object.entries(PLACEMENT_KEYS).flatMap(([id, p]) => [
    [`nodeSelector.${id}`, [[p.key, K.nodeSelector]]],
    [`tolerations.${id}`, [[p.key, K.tolerations]]],
  ])),
} as Record<string, readonly Path[]>;

function at(v: unknown, path: Path): unknown {
  let cur = v;
  for (const p of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Reads a setting: the user-supplied values first, then (if given) the chart's computed ones. */
function reader(values: HelmValues, computed?: HelmValues) {
  return (setting: string, o: { userOnly?: boolean } = {}): unknown => {
    const paths = VALUE_PATHS[setting];
    if (!paths) throw new Error(`internal: no values path for setting ${setting}`);
    for (const src of o.userOnly || !computed ? [values] : [values, computed]) {
      for (const p of paths) { const x = at(src, p); if (x !== undefined && x !== null) return x; }
    }
    return undefined;
  };
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const bool = (x: unknown): boolean | undefined => (typeof x === 'boolean' ? x : undefined);
const obj = (x: unknown): Record<string, unknown> | undefined => (x && typeof x === 'object' && !Array.isArray(x) ? x as Record<string, unknown> : undefined);

type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [k in keyof T]?: DeepPartial<T[k]> } : T;
export type PartialAnswers = DeepPartial<AnswersInput>;

export interface Unrecovered { key: string; reason: string }

export interface RecoveredAnswers {
  /** What the values tell (not validated: the chart source, at least, is missing). */
  answers: PartialAnswers;
  /** Answers the values cannot tell: the wizard asks for them. */
  unrecovered: Unrecovered[];
  /** Answers recovered by an educated guess: shown on the review for a second look. */
  assumed: Unrecovered[];
}

export interface RecoverContext {
  release: string;
  namespace: string;
  /** helm's chart field of the release, e.g. "wallaroo-2025.1.0-6290". */
  chart?: string;
  /** `helm get values --all`: fills in what the user-supplied values leave to the chart. */
  computed?: HelmValues;
}

/** "wallaroo-2025.1.0-6290" → "2025.1.0-6290": the version starts at the first "-<digit>". */
export function chartVersionOf(chart: string | undefined): string | undefined {
  return chart ? /^.+?-(\d.*)$/.exec(chart)?.[1] : undefined;
}

export function recoverAnswers(values: HelmValues, ctx: RecoverContext): RecoveredAnswers {
  const get = reader(values, ctx.computed);
  const unrecovered: Unrecovered[] = [];
  const assumed: Unrecovered[] = [];
  const a: PartialAnswers = { apiVersion: 'wallaroo-install/v1', release: ctx.release, namespace: ctx.namespace };

  // Chart: helm keeps the chart's name and version, not where it was pulled from.
  const version = chartVersionOf(ctx.chart);
  a.chart = version ? { version } : {};
  unrecovered.push({ key: 'chart', reason: `where the chart came from (a Replicated channel, an oci:// reference or a local archive) and the registry login are not kept in the release${version ? `; its version was ${version}` : ''}` });

  const distribution = str(get('distribution'));
  if (distribution && (DISTRIBUTIONS as readonly string[]).includes(distribution)) a.distribution = distribution as Distribution;
  else unrecovered.push({ key: 'distribution', reason: distribution ? `the release has "${distribution}", which is not one of ${DISTRIBUTIONS.join(', ')}` : 'not in the release\'s values' });

  // Ingress: the chart's mode key, else what the API load balancer looks like.
  const mode = str(get('ingress'));
  if (mode && (INGRESS_MODES as readonly string[]).includes(mode)) a.ingress = mode as typeof INGRESS_MODES[number];
  else {
    const type = str(get('lbServiceType'));
    const ann = obj(get('lbAnnotations')) ?? {};
    if (type === 'ClusterIP') a.ingress = 'none';
    else if (type === 'LoadBalancer') {
      const internal = a.distribution ? Object.keys(DISTRO[a.distribution].internalAnnotations) : Object.values(DISTRO).flatMap((d) => Object.keys(d.internalAnnotations));
      a.ingress = internal.some((k) => k in ann) ? 'internal' : 'external';
      assumed.push({ key: 'ingress', reason: `read from the load balancer's annotations (${a.ingress})` });
    } else unrecovered.push({ key: 'ingress', reason: 'neither the ingress mode nor the load balancer is in the release\'s values' });
  }

  const suffix = str(get('domainSuffix'));
  const prefix = get('domainPrefix');
  if (suffix) a.domain = { prefix: typeof prefix === 'string' ? prefix : '', suffix };
  else unrecovered.push({ key: 'domain', reason: 'the domain suffix is not in the release\'s values' });

  // TLS: a Secret name is reusable as it is; certificate files are not in the release.
  if (get('tlsStage', { userOnly: true }) === K.tls.customStage) {
    const secret = str(get('tlsSecret', { userOnly: true }));
    if (secret) {
      a.tls = { secret };
      assumed.push({ key: 'tls', reason: `the upgrade reuses Secret ${secret} as it is; if it was made from certificate files, give them again to renew it` });
    } else unrecovered.push({ key: 'tls', reason: str(get('tlsCert', { userOnly: true })) ? 'the certificate was given inline (custTlsCert): give the certificate and key files, or a Secret' : 'a custom certificate is set but names no Secret' });
  }

  const registries: NonNullable<PartialAnswers['registries']> = {};
  const imageRegistry = str(get('imageRegistry', { userOnly: true }));
  if (imageRegistry) {
    const pull = str(get('imagePullSecretName', { userOnly: true }));
    const tag = str(get('imageTag', { userOnly: true }));
    registries.images = { registry: imageRegistry, ...(tag ? { tag } : {}), ...(pull ? { pullSecret: { name: pull } } : {}) };
    if (pull) assumed.push({ key: 'registries.images.pullSecret', reason: `the image pull secret ${pull} is reused as it is (its user and password are not in the release)` });
    unrecovered.push({ key: 'registries.images.imageValues', reason: 'an image-values.yaml is merged into the release\'s values and cannot be told apart: give it again if load-images.bash wrote one' });
  }
  const registry = (setting: 'modelRegistry' | 'edgeRegistry', key: 'models' | 'edge') => {
    const r = obj(get(setting, { userOnly: true }));
    if (!r || r.enabled !== true) return undefined;
    const out: Record<string, unknown> = {};
    if (str(r.registry)) out.registry = r.registry;
    else unrecovered.push({ key: `registries.${key}.registry`, reason: 'not in the release\'s values' });
    if (str(r.secretName)) out.secretName = r.secretName;
    if (str(r.username)) out.username = r.username;
    else unrecovered.push({ key: `registries.${key}.username`, reason: `kept in Secret ${str(r.secretName) ?? '(unnamed)'}, not in the release's values` });
    if (str(r.email)) out.email = r.email;
    unrecovered.push({ key: `registries.${key}.password`, reason: 'a secret: never recovered; say where it comes from (env:NAME or file:PATH)' });
    return out;
  };
  const models = registry('modelRegistry', 'models');
  if (models) registries.models = models;
  const edge = registry('edgeRegistry', 'edge');
  if (edge) {
    const r = obj(get('edgeRegistry', { userOnly: true }))!;
    if (str(r.repository)) edge.repository = r.repository;
    else unrecovered.push({ key: 'registries.edge.repository', reason: 'not in the release\'s values' });
    registries.edge = edge;
  }
  const pypi = obj(get('pypi', { userOnly: true }));
  if (pypi?.enabled === true) {
    registries.pypi = { ...(str(pypi.url) ? { url: pypi.url as string } : {}), ...(bool(pypi.onlyPrivate) !== undefined ? { onlyPrivate: pypi.onlyPrivate as boolean } : {}), ...(str(pypi.username) ? { username: pypi.username as string } : {}) };
    if (str(pypi.username)) unrecovered.push({ key: 'registries.pypi.password', reason: 'a secret: never recovered; say where it comes from (env:NAME or file:PATH)' });
  }
  if (Object.keys(registries).length) a.registries = registries;

  // Services, then the size whose table they match best (16 and 32 turn on the same services).
  const on: Partial<Record<ServiceId, boolean>> = {};
  for (const id of Object.keys(SERVICE_KEYS) as ServiceId[]) { const b = bool(get(`service.${id}`)); if (b !== undefined) on[id] = b; }
  const labs = bool(get('multipleLabs'));
  if (labs !== undefined) on.multipleLabs = labs;
  const eie = bool(get('externalInferenceEndpoints'));
  if (eie !== undefined) on.externalInferenceEndpoints = eie;
  const sized = SIZING_TABLE.filter((s) => on[s.id] !== undefined);
  if (sized.length) {
    const misses = (size: ClusterSize) => sized.filter((s) => s.on[size] !== on[s.id]).length;
    const best = Math.min(...CLUSTER_SIZES.map(misses));
    const fits = CLUSTER_SIZES.filter((c) => misses(c) === best);
    a.size = fits.includes(16) ? 16 : fits[0];
    if (fits.length > 1) assumed.push({ key: 'size', reason: `${fits.join(' and ')} cores turn on the same services; ${a.size} assumed (pick the cluster's real size)` });
    const defaults = serviceDefaults({ size: a.size, ingress: a.ingress ?? 'internal', registries: { edge: a.registries?.edge } });
    const overrides = Object.fromEntries(Object.entries(on).filter(([id, v]) => defaults[id as ServiceId] !== v));
    if (Object.keys(overrides).length) a.services = overrides;
  } else unrecovered.push({ key: 'size', reason: 'no service switches in the release\'s values' });

  const adv: NonNullable<PartialAnswers['advanced']> = {};
  const gen = bool(get('generateSecrets'));
  if (gen !== undefined) adv.generateSecrets = gen;
  const assays = str(get('assaysVersion', { userOnly: true }));
  if (assays === 'v1' || assays === 'v2') adv.assaysVersion = assays;
  const disk = str(get('plateauDiskSize', { userOnly: true }));
  if (disk) adv.plateauDiskSize = disk;
  const rSize = str(get('prometheusRetentionSize', { userOnly: true }));
  if (rSize) adv.prometheusRetentionSize = rSize;
  const rTime = str(get('prometheusRetentionTime', { userOnly: true }));
  if (rTime) adv.prometheusRetentionTime = rTime;
  const days = get('fluentbitRetentionDays', { userOnly: true });
  if (typeof days === 'number') adv.fluentbitRetentionDays = days;
  const hook = bool(get('uninstallHook'));
  if (hook !== undefined) adv.uninstallHook = hook;
  const providers = get('keycloakProviders', { userOnly: true });
  if (Array.isArray(providers) && providers.length) {
    adv.keycloakProviders = providers.map((p, i) => {
      const o = obj(p) ?? {};
      unrecovered.push({ key: `advanced.keycloakProviders[${i}].clientSecret`, reason: 'a secret: never recovered; say where it comes from (env:NAME or file:PATH)' });
      return Object.fromEntries(['id', 'displayName', 'provider', 'url', 'clientId'].filter((k) => str(o[k])).map((k) => [k, o[k]]));
    });
  }
  const pools = recoverNodePools(get);
  if (pools) adv.nodePools = pools;
  unrecovered.push({ key: 'advanced.helmTimeout', reason: 'not kept in the release: the default for the size applies unless you set one' });
  if (Object.keys(adv).length) a.advanced = adv;

  return { answers: a, unrecovered, assumed };
}

type Get = ReturnType<typeof reader>;

/** Custom nodepools from the components' placement (only pools that differ from the contract's). */
function recoverNodePools(get: Get): NonNullable<NonNullable<PartialAnswers['advanced']>['nodePools']> | undefined {
  const out: Record<string, unknown> = {};
  for (const pool of POOL_NAMES) {
    const ids = Object.entries(PLACEMENT_KEYS).filter(([, p]) => p.pool === pool).map(([id]) => id);
    let label: { key: string; value: string } | undefined;
    let taint: { key: string; value: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' } | null | undefined;
    for (const id of ids) {
      const sel = obj(get(`nodeSelector.${id}`, { userOnly: true }));
      const entries = sel ? Object.entries(sel).filter(([, v]) => typeof v === 'string') : [];
      if (entries.length !== 1) continue;
      label = { key: entries[0][0], value: entries[0][1] as string };
      const tol = get(`tolerations.${id}`, { userOnly: true });
      if (Array.isArray(tol)) {
        const t = obj(tol[0]);
        taint = t && str(t.key) ? { key: t.key as string, value: str(t.value) ?? 'true', effect: (['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(t.effect)) ? t.effect : 'NoSchedule') as 'NoSchedule' } : null;
      }
      break;
    }
    if (pool === 'pipelines' && !label) {
      const k = str(get('pipelinesLabelKey', { userOnly: true }));
      const v = str(get('pipelinesLabelValue', { userOnly: true }));
      if (k && v) label = { key: k, value: v };
    }
    if (!label) continue;
    const recovered = { label, ...(taint ? { taint } : {}) };
    if (samePool(recovered, DEFAULT_NODE_POOLS[pool as PoolName])) continue;
    // taint: left out when it is the pool's default; null when the pool has none but the default has one.
    const def = DEFAULT_NODE_POOLS[pool as PoolName].taint;
    const sameTaint = JSON.stringify(taint ?? undefined) === JSON.stringify(def);
    out[pool] = { label, ...(taint !== undefined && !sameTaint ? { taint } : {}) };
  }
  return Object.keys(out).length ? out as never : undefined;
}
