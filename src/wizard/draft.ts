// The wizard's working copy of the answers. It has the preset's shape (AnswersInput) plus, under
// `$`, the wizard's own choices that a preset expresses by which keys are present (chart source,
// TLS mode, air gap, …). Going back never loses anything: every branch stays in the draft, and
// `toAnswersInput` keeps only the branches the choices select.
import type { AnswersInput } from '../config/schema.ts';
import type { KeyPath } from '../config/problems.ts';
import { API_VERSION } from '../config/schema.ts';

export type ChartSourceChoice = 'replicated' | 'oci' | 'archive';
export type TlsMode = 'none' | 'secret' | 'files';
export type PullSecretMode = 'none' | 'existing' | 'create';
export const EXTRA_REGISTRIES = ['models', 'edge', 'pypi'] as const;
export type ExtraRegistry = (typeof EXTRA_REGISTRIES)[number];

export interface Choices {
  /** kubeconfig context, or NO_CLUSTER to end like `render`. */
  context?: string;
  existing?: 'upgrade' | 'keep';
  chartSource?: ChartSourceChoice;
  chartLogin?: boolean;
  tlsMode?: TlsMode;
  airgap?: boolean;
  pullSecret?: PullSecretMode;
  extraRegistries?: ExtraRegistry[];
  advanced?: 'skip' | 'edit';
  customPools?: boolean;
  identityProviders?: boolean;
  /** Set when an upgrade was prefilled from the live release. */
  recovered?: { source: 'configmap' | 'values'; unrecovered: { key: string; reason: string }[]; assumed: { key: string; reason: string }[] };
}

export const NO_CLUSTER = '$none';

export type Draft = Record<string, unknown> & { $?: Choices };

export function getIn(o: unknown, path: KeyPath): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** A copy with `value` at `path` (undefined deletes the key); the input is never changed. */
export function setIn<T>(o: T, path: KeyPath, value: unknown): T {
  if (!path.length) return value as T;
  const [head, ...rest] = path;
  const base: any = Array.isArray(o) ? [...o] : o && typeof o === 'object' ? { ...o } : typeof head === 'number' ? [] : {};
  const next = setIn(base[head], rest, value);
  if (next === undefined && !Array.isArray(base)) delete base[head];
  else base[head] = next;
  return base;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The choices a preset implies (for a draft built from answers, or a choice never asked). */
export function impliedChoices(a: Record<string, any>): Required<Omit<Choices, 'context' | 'existing' | 'recovered'>> {
  const c = a.chart ?? {};
  const images = a.registries?.images;
  const ps = images?.pullSecret;
  const adv = a.advanced ?? {};
  return {
    chartSource: str(c.archive) ? 'archive' : str(c.ref) ? 'oci' : 'replicated',
    chartLogin: Boolean(c.login),
    tlsMode: !a.tls ? 'none' : str(a.tls.secret) ? 'secret' : a.tls.certFile !== undefined || a.tls.keyFile !== undefined ? 'files' : 'none',
    airgap: Boolean(images),
    pullSecret: !ps ? 'none' : ps.username !== undefined || ps.password !== undefined ? 'create' : 'existing',
    extraRegistries: EXTRA_REGISTRIES.filter((r) => a.registries?.[r] !== undefined),
    advanced: Object.keys(adv).length ? 'edit' : 'skip',
    customPools: Boolean(adv.nodePools && Object.keys(adv.nodePools).length),
    identityProviders: Array.isArray(adv.keycloakProviders) && adv.keycloakProviders.length > 0,
  };
}

export function choice<K extends keyof Choices>(d: Draft, k: K): Choices[K] {
  const set = d.$?.[k];
  if (set !== undefined) return set;
  return (impliedChoices(d) as Choices)[k];
}

export function draftFromAnswers(a: Record<string, unknown>): Draft {
  return { ...structuredClone(a), apiVersion: API_VERSION } as Draft;
}

function pick(o: any, keys: string[]): any {
  if (!o || typeof o !== 'object') return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const isEmpty = (o: unknown) => o && typeof o === 'object' && !Array.isArray(o) && Object.keys(o).length === 0;

/** The draft as a preset: only the branches the choices select, without the wizard's `$`. */
export function toAnswersInput(d: Draft): AnswersInput {
  const { $: _choices, ...rest } = d;
  const a: any = structuredClone(rest);
  a.apiVersion = API_VERSION;

  if (a.chart) {
    const src = choice(d, 'chartSource');
    const login = src === 'replicated' ? (str(a.chart.login?.username) || str(a.chart.login?.password) ? a.chart.login : undefined)
      : src === 'oci' && choice(d, 'chartLogin') ? a.chart.login : undefined;
    a.chart = src === 'archive' ? pick(a.chart, ['archive'])
      : src === 'oci' ? pick({ ...a.chart, login }, ['ref', 'version', 'login'])
        : pick({ ...a.chart, login }, ['channel', 'version', 'login']);
  }

  const tlsMode = choice(d, 'tlsMode');
  if (tlsMode === 'none') delete a.tls;
  else if (a.tls) a.tls = tlsMode === 'secret' ? pick(a.tls, ['secret']) : pick(a.tls, ['certFile', 'keyFile', 'secretName']);

  if (a.registries) {
    if (!choice(d, 'airgap')) delete a.registries.images;
    else if (a.registries.images) {
      const mode = choice(d, 'pullSecret');
      const ps = a.registries.images.pullSecret;
      if (mode === 'none') delete a.registries.images.pullSecret;
      else if (ps) a.registries.images.pullSecret = mode === 'existing' ? pick(ps, ['name']) : pick(ps, ['name', 'username', 'password', 'email']);
    }
    const extra = choice(d, 'extraRegistries') ?? [];
    for (const r of EXTRA_REGISTRIES) if (!extra.includes(r)) delete a.registries[r];
    if (a.registries.pypi && !str(a.registries.pypi.username)) delete a.registries.pypi.password;
    if (isEmpty(a.registries)) delete a.registries;
  }

  if (a.advanced) {
    if (!choice(d, 'customPools')) delete a.advanced.nodePools;
    if (!choice(d, 'identityProviders')) delete a.advanced.keycloakProviders;
    if (isEmpty(a.advanced)) delete a.advanced;
  }
  if (a.services && isEmpty(a.services)) delete a.services;
  return a as AnswersInput;
}
