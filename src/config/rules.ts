// Cross-field rules and warnings of the chart contract, as pure functions over the answers.
// The zod schema turns the errors into validation issues; the preset loader, the wizard and
// the install flow show the warnings.
import type { Answers } from './schema.ts';
import type { Problem } from './problems.ts';
import { effectiveServices } from '../wallaroo/services.ts';
import { DISTRO } from '../wallaroo/distributions.ts';
import { SIZING_TABLE, minimumSizeFor, type SizingServiceId } from '../wallaroo/sizing.ts';
import { secretFields, isLiteralSecret } from './secret-fields.ts';
import { parseQuantityBytes } from '../util/quantity.ts';

type Shape = Pick<Answers, 'chart' | 'tls' | 'registries' | 'services' | 'size' | 'ingress'> & Partial<Answers>;

const err = (code: string, path: Problem['path'], message: string, fix: string): Problem => ({ level: 'error', code, path, message, fix });
const warn = (code: string, path: Problem['path'], message: string, fix: string): Problem => ({ level: 'warning', code, path, message, fix });

export function crossFieldErrors(a: Shape): Problem[] {
  const out: Problem[] = [];
  const s = effectiveServices(a);
  const set = a.services ?? {};

  if (s.orchestration && (!s.nats || !s.arbEx)) {
    const missing = [!s.nats && 'nats', !s.arbEx && 'arbEx'].filter(Boolean).join(' and ');
    const path = set.orchestration ? ['services', 'orchestration'] : ['services', !s.nats ? 'nats' : 'arbEx'];
    out.push(err('E_ORCHESTRATION_NEEDS_NATS_ARBEX', path,
      `orchestration needs nats and arbEx, but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} off`,
      `set services.${missing.split(' and ')[0]}: true${missing.includes(' and ') ? ' and services.arbEx: true' : ''}, or services.orchestration: false`));
  }
  if (s.wsProxy && !s.nats) {
    const path = set.wsProxy ? ['services', 'wsProxy'] : ['services', 'nats'];
    out.push(err('E_WSPROXY_NEEDS_NATS', path, 'wsProxy (dashboard notifications) needs nats, but nats is off',
      'set services.nats: true, or services.wsProxy: false'));
  }
  if (s.pipelines && !a.registries?.edge) {
    out.push(err('E_PIPELINES_NEED_OCI_REGISTRY', ['services', 'pipelines'],
      'pipelines (edge publishing) need an edge OCI registry, and registries.edge is not set',
      'add registries.edge with registry, repository, username and password, or set services.pipelines: false'));
  }
  if (s.multipleLabs && !s.jupyter) {
    out.push(err('E_LABS_NEED_JUPYTER', ['services', 'multipleLabs'], 'multiple labs need JupyterHub, but jupyter is off',
      'set services.jupyter: true, or services.multipleLabs: false'));
  }

  const tls = a.tls;
  if (tls) {
    if (tls.certFile && !tls.keyFile) out.push(err('E_TLS_CERT_WITHOUT_KEY', ['tls', 'keyFile'], 'tls.certFile is set but its private key is missing', 'add tls.keyFile: path to the PEM key of that certificate'));
    if (tls.keyFile && !tls.certFile) out.push(err('E_TLS_KEY_WITHOUT_CERT', ['tls', 'certFile'], 'tls.keyFile is set but its certificate is missing', 'add tls.certFile: path to the PEM certificate'));
    if (tls.secret && (tls.certFile || tls.keyFile)) out.push(err('E_TLS_TWO_SOURCES', ['tls', 'secret'], 'tls.secret and tls.certFile/keyFile are both set', 'keep one: tls.secret (an existing Secret) or tls.certFile + tls.keyFile'));
    if (!tls.secret && !tls.certFile && !tls.keyFile) out.push(err('E_TLS_EMPTY', ['tls'], 'tls is present but names neither a Secret nor files', 'set tls.secret, or tls.certFile and tls.keyFile; or remove tls to use the chart\'s default certificate'));
  }

  const c = a.chart;
  if (c) {
    const oci = Boolean(c.ref || c.channel);
    if (!oci && !c.archive) out.push(err('E_CHART_SOURCE', ['chart'], 'no chart source: neither an OCI chart (channel or ref) nor a local archive',
      'set chart.channel and chart.version from your license, or chart.archive: ./wallaroo-<version>.tgz for an air-gapped install'));
    if (oci && c.archive) out.push(err('E_CHART_TWO_SOURCES', ['chart', 'archive'], 'chart.archive and an OCI chart (channel/ref) are both set', 'keep one: chart.archive for air gap, or chart.channel/ref + chart.version'));
    if (c.ref && c.channel) out.push(err('E_CHART_REF_AND_CHANNEL', ['chart', 'channel'], 'chart.ref and chart.channel are both set', 'keep one: chart.channel builds the Replicated reference; chart.ref is a full oci:// reference'));
    if (oci && !c.version) out.push(err('E_CHART_VERSION', ['chart', 'version'], 'an OCI chart needs a version', 'set chart.version to the version from your license, e.g. 2025.1.0-6290'));
    if (c.archive && c.login) out.push(err('E_CHART_LOGIN_ARCHIVE', ['chart', 'login'], 'chart.login is only for OCI charts, but chart.archive is a local file', 'remove chart.login'));
  }

  const ps = a.registries?.images?.pullSecret;
  if (ps && Boolean(ps.username) !== Boolean(ps.password)) {
    out.push(err('E_PULL_SECRET_CREDENTIALS', ['registries', 'images', 'pullSecret', ps.username ? 'password' : 'username'],
      'the image pull secret needs both username and password to be created (or neither, to use an existing Secret)',
      ps.username ? 'add registries.images.pullSecret.password: env:NAME' : 'add registries.images.pullSecret.username'));
  }
  const pypi = a.registries?.pypi;
  if (pypi && Boolean(pypi.username) !== Boolean(pypi.password)) {
    out.push(err('E_PYPI_CREDENTIALS', ['registries', 'pypi', pypi.username ? 'password' : 'username'],
      'the private PyPI needs both username and password, or neither', pypi.username ? 'add registries.pypi.password: env:NAME' : 'add registries.pypi.username'));
  }
  return out;
}

/**
 * The warnings, one rule at a time. The loader also runs them on a preset that failed
 * validation (with defaults in place of the invalid fields), so that warnings are listed
 * together with the errors in one pass: a rule that cannot judge such input is skipped.
 */
const WARNING_RULES: ((a: Answers) => Problem[])[] = [
  (a) => a.ingress === 'external' ? [warn('W_EXTERNAL_INGRESS', ['ingress'],
    'ingress external creates an Internet-facing load balancer with a public IP, which Wallaroo highly discourages; it also needs public DNS',
    'use ingress: internal unless the platform must be reachable from the Internet')] : [],
  (a) => !DISTRO[a.distribution].hasCloudLoadBalancer && a.ingress !== 'none' ? [warn('W_KURL_LOADBALANCER', ['ingress'],
    `kurl has no cloud load balancer: api-lb-ext (type LoadBalancer) gets no address unless MetalLB or a similar controller runs in the cluster`,
    'install MetalLB (or similar) before installing, or use ingress: none and port-forward')] : [],
  (a) => {
    if (!effectiveServices(a).plateau) return [];
    const bytes = parseQuantityBytes(a.advanced.plateauDiskSize);
    return bytes !== undefined && bytes < 100 * 1024 ** 3 ? [warn('W_PLATEAU_DISK_SMALL', ['advanced', 'plateauDiskSize'],
      `plateau disk ${a.advanced.plateauDiskSize} is below the recommended 100Gi for the inference-log store`, 'set advanced.plateauDiskSize: 100Gi or more')] : [];
  },
  (a) => {
    const s = effectiveServices(a);
    return SIZING_TABLE.filter((row) => s[row.id as SizingServiceId] && !row.on[a.size]).map((row) => warn('W_SERVICE_ABOVE_SIZE', ['services', row.id],
      `${row.label} is off in the ${a.size}-core profile but turned on here; it needs a ${minimumSizeFor(row.id as SizingServiceId)}-core cluster`,
      `set size: ${minimumSizeFor(row.id as SizingServiceId)} if the cluster has the cores, or remove services.${row.id}`));
  },
  (a) => a.chart.archive && !a.registries.images ? [warn('W_AIRGAP_NO_REGISTRY', ['registries', 'images'],
    'chart.archive suggests an air-gapped install, but registries.images is not set, so images come from the public registries',
    'set registries.images.registry to your private registry (and imageValues to the image-values.yaml from load-images.bash)')] : [],
  (a) => secretFields(a).filter((f) => isLiteralSecret(f.ref)).map((f) => warn('W_SECRET_INLINE', f.path, `${f.label} is written in the preset itself`,
    'use env:NAME or file:PATH so the secret stays out of files that get copied and committed')),
];

export function answerWarnings(a: Answers): Problem[] {
  const out: Problem[] = [];
  for (const rule of WARNING_RULES) {
    try { out.push(...rule(a)); } catch { /* input this rule cannot judge (see above) */ }
  }
  return out;
}
