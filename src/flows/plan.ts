// answers → InstallPlan: everything an install will do, decided before touching a cluster.
// `render` prints it; `install` carries it out.
import type { Answers } from '../config/schema.ts';
import type { LoadedPreset } from '../config/load-preset.ts';
import { planValues, PYPI_SECRET_NAME, type HelmValues, type SecretInValues } from '../wallaroo/values.ts';
import { unresolvedKeyMap, type KeyMap } from '../wallaroo/key-map.ts';
import { classifyUnsupported, type UnsupportedSetting } from '../wallaroo/unsupported.ts';
import { helmTimeoutFor } from '../wallaroo/sizing.ts';
import { endpoints, routingForChartVersion, type Endpoint } from '../wallaroo/domain.ts';
import { basename } from 'node:path';

export const REPLICATED_REGISTRY = 'registry.replicated.com';

export type ChartSource =
  | { kind: 'oci'; ref: string; version: string; login?: { registry: string; username: string; passwordKey: string } }
  | { kind: 'archive'; path: string };

/** A Secret the installer creates or updates before helm runs (data is plain text, not base64). */
export interface KubeSecretSpec {
  name: string;
  type: 'kubernetes.io/tls' | 'kubernetes.io/dockerconfigjson' | 'Opaque';
  data: Record<string, string>;
  purpose: string;
}

export interface InstallPlan {
  release: string;
  namespace: string;
  chart: ChartSource;
  /** Extra values files passed before ours (image-values.yaml from load-images.bash). */
  extraValuesFiles: string[];
  values: HelmValues;
  kubeSecrets: KubeSecretSpec[];
  /** Secrets the values reference that must already exist in the namespace. */
  existingSecrets: { name: string; purpose: string }[];
  timeout: string;
  endpoints: Endpoint[];
  answers: Answers;
  /** The keys the values use: resolved against a chart, or (no chart yet) first candidates. */
  keyMap: KeyMap;
  /** Settings the chart has no key for: left out of `values`. */
  unsupported: UnsupportedSetting[];
  /** Secret material the values hold (written inline: it ends up in helm's stored release). */
  inlineSecrets: SecretInValues[];
  /** Secrets the values need that were not resolved (render without them): written empty. */
  missingSecrets: string[];
}

export function chartSource(a: Answers): ChartSource {
  const c = a.chart;
  if (c.archive) return { kind: 'archive', path: c.archive };
  const ref = c.ref ?? `oci://${REPLICATED_REGISTRY}/wallaroo/${c.channel}/wallaroo`;
  const host = ref.slice('oci://'.length).split('/')[0];
  return {
    kind: 'oci', ref, version: c.version!,
    ...(c.login ? { login: { registry: c.login.registry ?? host, username: c.login.username, passwordKey: 'chart.login.password' } } : {}),
  };
}

function dockerConfig(registry: string, username: string, password: string, email?: string): string {
  const host = registry.split('/')[0];
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  return JSON.stringify({ auths: { [host]: { username, password, ...(email ? { email } : {}), auth } } });
}

export function buildPlan(
  p: Pick<LoadedPreset, 'answers' | 'secrets' | 'tlsFiles'> & { explicit?: ReadonlySet<string> },
  keyMap: KeyMap = unresolvedKeyMap(),
  secretsIn: 'kubernetes' | 'inline' = 'kubernetes',
): InstallPlan {
  const a = p.answers;
  const v = planValues(a, keyMap, { secretsIn, secrets: p.secrets, tlsFiles: p.tlsFiles });
  // A secret that was not resolved (render without it) is left empty, and said so.
  const secret = (key: string) => {
    const value = p.secrets.get(key);
    if (value === undefined && !v.missingSecrets.includes(key)) v.missingSecrets.push(key);
    return value ?? '';
  };
  const kubeSecrets: KubeSecretSpec[] = [];
  const existingSecrets: InstallPlan['existingSecrets'] = [];
  if (a.tls?.secret) existingSecrets.push({ name: a.tls.secret, purpose: 'TLS certificate (tls.secret)' });
  const { models, edge, pypi } = a.registries;
  if (v.secretRefs.tls && a.tls?.certFile && p.tlsFiles) {
    kubeSecrets.push({ name: a.tls.secretName, type: 'kubernetes.io/tls', data: { 'tls.crt': p.tlsFiles.cert, 'tls.key': p.tlsFiles.key }, purpose: 'TLS certificate and key' });
  }
  if (v.secretRefs.models && models) kubeSecrets.push({ name: models.secretName, type: 'kubernetes.io/dockerconfigjson', purpose: 'private model registry credentials',
    data: { '.dockerconfigjson': dockerConfig(models.registry, models.username, secret('registries.models.password'), models.email) } });
  if (v.secretRefs.edge && edge) kubeSecrets.push({ name: edge.secretName, type: 'kubernetes.io/dockerconfigjson', purpose: 'edge OCI registry credentials',
    data: { '.dockerconfigjson': dockerConfig(edge.registry, edge.username, secret('registries.edge.password'), edge.email) } });
  if (v.secretRefs.pypi && pypi?.username) kubeSecrets.push({ name: PYPI_SECRET_NAME, type: 'Opaque', purpose: 'private PyPI credentials',
    data: { username: pypi.username, password: secret('registries.pypi.password') } });
  // The image pull secret is always a Secret (the chart has no inline form for it).
  const ps = a.registries.images?.pullSecret;
  if (ps?.username) {
    kubeSecrets.push({ name: ps.name, type: 'kubernetes.io/dockerconfigjson', purpose: 'image pull secret for the private image registry',
      data: { '.dockerconfigjson': dockerConfig(a.registries.images!.registry, ps.username, secret('registries.images.pullSecret.password'), ps.email) } });
  } else if (ps) existingSecrets.push({ name: ps.name, purpose: 'image pull secret (registries.images.pullSecret.name)' });

  const chart = chartSource(a);
  // The domain model follows the chart version: the one the keys were resolved against, else
  // the version the preset names (or the archive's file name).
  const version = keyMap.chart?.version ?? (chart.kind === 'oci' ? chart.version : basename(chart.path));
  return {
    release: a.release,
    namespace: a.namespace,
    chart,
    extraValuesFiles: a.registries.images?.imageValues ? [a.registries.images.imageValues] : [],
    values: v.values,
    kubeSecrets,
    existingSecrets,
    timeout: a.advanced.helmTimeout ?? helmTimeoutFor(a.size),
    endpoints: endpoints(a.domain, a.advanced.domainRouting ?? routingForChartVersion(version)),
    answers: a,
    keyMap,
    unsupported: classifyUnsupported(v.unsupported, p.explicit),
    inlineSecrets: v.inlineSecrets,
    missingSecrets: v.missingSecrets,
  };
}
