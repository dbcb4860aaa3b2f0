// The one model of everything an install needs. The preset format, its JSON Schema
// (presets/schema.json), the wizard's defaults and the saved answers file all come from here.
import * as z from 'zod';
import { DISTRIBUTIONS, INGRESS_MODES } from '../wallaroo/distributions.ts';
import { CLUSTER_SIZES } from '../wallaroo/sizing.ts';
import { crossFieldErrors } from './rules.ts';
import { secretRef, releaseName, chartVersion, channel, ociRef, labelKey, labelValue } from './grammars.ts';

// No generated (new Function) parsers: a run parses one preset once, and compiling a parser per
// object schema costs more than it saves (preset load 24-27 ms instead of 34-36 ms, unbundled).
z.config({ jitless: true });

export { secretRef };

export const API_VERSION = 'wallaroo-install/v1';

// One check, whose message names the fault: a 274-character name of good labels is too long,
// not "not lower-case".
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
function dnsNameFault(v: string): string {
  if (v.length > 253) return `must be at most 253 characters long, the limit of a DNS name (it has ${v.length})`;
  if (v.split('.').some((l) => l.length > 63)) return 'has a label (the part between dots) longer than 63 characters, the limit of a DNS label';
  if (v !== v.toLowerCase() && DNS_NAME.test(v.toLowerCase())) return `must be lower-case: ${v.toLowerCase()}`;
  return 'must be a lower-case DNS name such as wallaroo.example.com';
}
const dnsName = z
  .string()
  .regex(DNS_NAME, { error: (iss) => dnsNameFault(String(iss.input ?? '')) });

const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes name: lower-case letters, digits and "-", starting and ending with a letter or digit')
  .max(63);

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, 'must be a Kubernetes quantity such as 100Gi');

/** `host` or `host:port`, no scheme, no path. */
export const registryHost = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$/, 'must be host:port (or host), e.g. registry.example.com:5000, without https:// or a path');

const chart = z
  .strictObject({
    ref: ociRef.optional()
      .meta({ description: 'OCI chart reference. Default: oci://registry.replicated.com/wallaroo/<channel>/wallaroo' }),
    channel: channel.optional().meta({ description: 'Release channel from the license, e.g. 2025-1' }),
    version: chartVersion.optional().meta({ description: 'Chart version from the license, e.g. 2025.1.0-6290' }),
    login: z
      .strictObject({
        registry: registryHost.optional().meta({ description: 'Registry to log in to. Default: the host of the chart reference' }),
        username: z.string().min(1).meta({ description: 'Registry user: the license email for registry.replicated.com' }),
        password: secretRef.meta({ description: 'Registry password (the license ID): env:NAME or file:PATH' }),
      })
      .optional(),
    archive: z.string().min(1).optional().meta({ description: 'Air gap: path to a local chart archive (.tgz) or chart folder, instead of an OCI reference' }),
  })
  .meta({ description: 'Where the chart comes from: an OCI reference (ref or channel, plus version) or a local archive' });

const tls = z
  .strictObject({
    secret: k8sName.optional().meta({ description: 'Name of an existing kubernetes.io/tls Secret in the namespace' }),
    certFile: z.string().min(1).optional().meta({ description: 'PEM certificate file (chain), Subject CN = the Wallaroo domain' }),
    keyFile: z.string().min(1).optional().meta({ description: 'PEM private key file for certFile' }),
    secretName: k8sName.default('wallaroo-tls').meta({ description: 'Name of the TLS Secret the installer creates from certFile + keyFile' }),
  })
  .meta({ description: 'TLS: an existing Secret (secret), or certificate and key files (certFile + keyFile). Omit for the chart default.' });

const registryCredentials = {
  username: z.string().min(1),
  password: secretRef,
  email: z.string().min(1).optional(),
};

const registries = z.strictObject({
  images: z
    .strictObject({
      registry: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?(\/[a-z0-9._-]+)*$/, 'must be host[:port][/namespace], e.g. registry.example.com:5000/wallaroo, without https://'),
      tag: z.string().min(1).optional().meta({ description: 'Image tag override (normally computed by the chart)' }),
      imageValues: z.string().min(1).optional().meta({ description: 'Path to image-values.yaml written by load-images.bash; passed to helm as -f before our values' }),
      pullSecret: z
        .strictObject({
          name: k8sName.default('wallaroo-registry'),
          username: z.string().min(1).optional(),
          password: secretRef.optional(),
          email: z.string().min(1).optional(),
        })
        .optional()
        .meta({ description: 'Image pull secret. With username + password the installer creates it; with only name it must already exist' }),
    })
    .optional()
    .meta({ description: 'Air gap: the private registry holding Wallaroo images' }),
  models: z
    .strictObject({ registry: registryHost, ...registryCredentials, secretName: k8sName.default('wallaroo-model-registry') })
    .optional()
    .meta({ description: 'Private model registry (models pulled from it)' }),
  edge: z
    .strictObject({
      registry: registryHost,
      repository: z.string().min(1).meta({ description: 'Repository for edge publishing (some clouds need it created first)' }),
      ...registryCredentials,
      secretName: k8sName.default('wallaroo-edge-registry'),
    })
    .optional()
    .meta({ description: 'Edge OCI registry that pipelines are published to' }),
  pypi: z
    .strictObject({
      url: z.string().regex(/^https:\/\/[^\s]+$/, 'must be an https:// URL'),
      username: z.string().min(1).optional(),
      password: secretRef.optional(),
      onlyPrivate: z.boolean().default(false).meta({ description: 'Never use public PyPI' }),
    })
    .optional()
    .meta({ description: 'Private Python package repository' }),
});

const toggle = z.boolean().optional();
export const SERVICE_IDS = [
  'engine', 'dashboard', 'jupyter', 'multipleLabs', 'prometheus', 'alerting', 'modelValidation',
  'dashboardGraphs', 'plateau', 'modelInsights', 'modelConversion', 'nats', 'arbEx',
  'orchestration', 'wsProxy', 'pipelines', 'edgeObservability', 'externalInferenceEndpoints',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

const services = z
  .strictObject(Object.fromEntries(SERVICE_IDS.map((id) => [id, toggle])) as Record<ServiceId, typeof toggle>)
  .meta({ description: 'Per-service overrides on top of the sizing table for the chosen size (true/false)' });

const taint = z.strictObject({
  key: labelKey,
  value: labelValue.default('true'),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).default('NoSchedule'),
});
const nodePool = z.strictObject({
  label: z.strictObject({ key: labelKey, value: labelValue }),
  taint: taint.nullable().optional().meta({ description: 'null for a pool without a taint' }),
});

const advanced = z.strictObject({
  generateSecrets: z.boolean().default(true).meta({ description: 'Random secrets for services at install (false: generic defaults)' }),
  assaysVersion: z.enum(['v1', 'v2']).default('v2'),
  keycloakProviders: z
    .array(
      z.strictObject({
        id: k8sName,
        displayName: z.string().optional(),
        provider: z.enum(['oidc', 'github', 'google', 'microsoft', 'openshift-v4', 'gitlab']).default('oidc'),
        url: z.string().regex(/^https:\/\/\S+$/, 'must be an https:// URL').optional(),
        clientId: z.string().min(1),
        clientSecret: secretRef,
      }),
    )
    .default([])
    .meta({ description: 'Keycloak identity providers; none means the admin adds users by hand' }),
  fluentbitRetentionDays: z.int().min(1).optional().meta({ description: 'Retention of orchestration task logs, in days' }),
  prometheusRetentionSize: z.string().regex(/^[0-9]+(B|KB|MB|GB|TB|PB)$/, 'must be a size such as 50GB').optional(),
  prometheusRetentionTime: z.string().regex(/^[0-9]+(ms|s|m|h|d|w|y)$/, 'must be a duration such as 15d').optional(),
  plateauDiskSize: quantity.default('100Gi'),
  nodePools: z
    .strictObject({ general: nodePool.optional(), persistent: nodePool.optional(), pipelines: nodePool.optional() })
    .optional()
    .meta({ description: 'Custom nodepool labels/taints, mirrored into every component\'s nodeSelector and tolerations' }),
  uninstallHook: z.boolean().default(true).meta({ description: 'Run the chart\'s cleanup hook on helm uninstall (can only be disabled at install time)' }),
  helmTimeout: z.string().regex(/^[0-9]+(s|m|h)$/, 'must be a duration such as 15m').optional(),
  domainRouting: z.enum(['subdomains', 'paths']).optional()
    .meta({ description: 'subdomains: one FQDN per service (api., keycloak., jupyter.); paths: one domain with path routing (Wallaroo ≥ 2024.2). Default follows the chart version' }),
});

export const answersSchema = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    release: releaseName.default('wallaroo'),
    namespace: k8sName.default('wallaroo'),
    chart,
    distribution: z.enum(DISTRIBUTIONS).meta({ description: 'Kubernetes distribution' }),
    ingress: z.enum(INGRESS_MODES).default('internal').meta({ description: 'internal (private LB), external (Internet-facing LB, discouraged) or none (port-forward)' }),
    domain: z.strictObject({
      prefix: z.string().regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$/, 'must be one DNS label such as wallaroo, or empty').default(''),
      suffix: dnsName,
    }),
    tls: tls.optional(),
    registries: registries.prefault({}),
    size: z.literal(CLUSTER_SIZES).default(16).meta({ description: 'Cluster size in cores: 8, 16 or 32 (the Wallaroo sizing table)' }),
    services: services.prefault({}),
    advanced: advanced.prefault({}),
  })
  .superRefine((a, ctx) => {
    for (const p of crossFieldErrors(a)) ctx.addIssue({ code: 'custom', message: p.message, path: p.path, params: { fix: p.fix, code: p.code } });
  });

export type Answers = z.output<typeof answersSchema>;
export type AnswersInput = z.input<typeof answersSchema>;
