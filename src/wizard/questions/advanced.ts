// Step "advanced" (skippable): nodepool labels and taints, retention, Plateau disk, identity
// providers, the uninstall hook and the helm timeout.
import { choice, getIn, setIn, toAnswersInput, type Draft } from '../draft.ts';
import type { Parsed, Question, WizardContext } from '../question.ts';
import { secretPair, selectQ, textQ, yesNoQ, trimmed } from './common.ts';
import { DEFAULT_NODE_POOLS, POOL_NAMES, type NodePool, type PoolName } from '../../wallaroo/nodepools.ts';
import { helmTimeoutFor, type ClusterSize } from '../../wallaroo/sizing.ts';

/** "key=value" → a nodepool label. */
export function parseLabel(text: string): Parsed {
  const m = /^\s*([^=\s]+)=([^=\s]+)\s*$/.exec(text);
  return m ? { value: { key: m[1], value: m[2] } } : { error: 'write the label as key=value, e.g. wallaroo.ai/node-purpose=general' };
}

/** "key=value:Effect", or "none" for a pool without a taint. */
export function parseTaint(text: string): Parsed {
  const t = text.trim();
  if (t === 'none' || t === '-') return { value: null };
  const m = /^([^=\s:]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
  return m ? { value: { key: m[1], value: m[2] || 'true', effect: m[3] } }
    : { error: 'write the taint as key=value:NoSchedule (or PreferNoSchedule, NoExecute), or "none"' };
}

const labelText = (l: NodePool['label'] | undefined) => (l ? `${l.key}=${l.value}` : '');
const taintText = (t: NodePool['taint'] | null | undefined) => (t ? `${t.key}=${t.value}:${t.effect}` : 'none');

function poolQuestions(d: Draft, pool: PoolName): Question[] {
  const def = DEFAULT_NODE_POOLS[pool];
  const cur = getIn(d, ['advanced', 'nodePools', pool]) as { label?: NodePool['label']; taint?: NodePool['taint'] | null } | undefined;
  return [
    {
      ...textQ('advanced', d, {
        path: ['advanced', 'nodePools', pool, 'label'], label: `${pool} pool: node label`,
        parse: parseLabel, format: (v) => (typeof v === 'string' ? v : labelText(v as NodePool['label'])), display: (v) => labelText(v as NodePool['label']),
      }),
      initial: cur?.label ?? def.label,
    },
    {
      ...textQ('advanced', d, {
        path: ['advanced', 'nodePools', pool, 'taint'], label: `${pool} pool: taint (or none)`,
        parse: parseTaint, format: (v) => (typeof v === 'string' ? v : taintText(v as NodePool['taint'])), display: (v) => taintText(v as NodePool['taint']),
      }),
      initial: cur && 'taint' in cur ? cur.taint : def.taint ?? null,
    },
  ];
}

function providerQuestions(d: Draft, c: WizardContext): Question[] {
  const list = (getIn(d, ['advanced', 'keycloakProviders']) as unknown[] | undefined) ?? [];
  const n = Math.max(list.length, 1);
  const qs: Question[] = [];
  for (let i = 0; i < n; i++) {
    const p = ['advanced', 'keycloakProviders', i];
    const id = getIn(d, [...p, 'id']);
    qs.push(
      textQ('advanced', d, { path: [...p, 'id'], label: `Identity provider ${i + 1}: id`, placeholder: 'corp-sso', required: 'enter a short id (lower-case letters, digits, -)' }),
      selectQ('advanced', d, { path: [...p, 'provider'], label: `${id ?? 'provider'}: type`, default: 'oidc',
        choices: ['oidc', 'github', 'google', 'microsoft', 'openshift-v4', 'gitlab'].map((x) => ({ value: x, label: x })) }),
      textQ('advanced', d, { path: [...p, 'url'], label: `${id ?? 'provider'}: issuer URL (optional)`, placeholder: 'https://sso.example.com/realms/corp' }),
      textQ('advanced', d, { path: [...p, 'clientId'], label: `${id ?? 'provider'}: client id`, required: 'enter the client id registered with the provider' }),
      ...secretPair('advanced', d, c, { path: [...p, 'clientSecret'], label: `${id ?? 'Provider'} client secret`, env: `WALLAROO_IDP_${String(id ?? i + 1).toUpperCase().replace(/[^A-Z0-9]/g, '_')}_SECRET` }),
    );
  }
  qs.push(selectQ('advanced', d, {
    id: 'moreProviders', path: ['$', 'moreProviders'], label: 'Add another identity provider?', owns: [],
    choices: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }], value: 'no',
    apply: (x, v) => {
      const cur = (getIn(x, ['advanced', 'keycloakProviders']) as unknown[] | undefined) ?? [];
      return setIn(x, ['advanced', 'keycloakProviders'], v === 'yes' ? [...cur, {}] : cur.slice(0, n));
    },
  }));
  return qs;
}

export function advancedQuestions(d: Draft, c: WizardContext): Question[] {
  const mode = choice(d, 'advanced');
  const set = Object.keys((toAnswersInput(d).advanced ?? {}) as object);
  const qs: Question[] = [selectQ('advanced', d, {
    id: 'advanced', path: ['$', 'advanced'], label: 'Advanced settings', value: mode,
    choices: [
      { value: 'skip', label: set.length ? 'Skip: keep them as they are' : 'Skip: keep the defaults',
        hint: set.length ? `set: ${set.join(', ')}` : 'standard nodepools, default retention, no identity providers' },
      { value: 'edit', label: 'Review them', hint: 'nodepools, retention, Plateau disk, identity providers, uninstall hook, helm timeout' },
    ],
    owns: [],
  })];
  if (mode !== 'edit') return qs;
  const size = (getIn(d, ['size']) ?? 16) as ClusterSize;
  qs.push(yesNoQ('advanced', d, { path: ['$', 'customPools'], label: 'Nodepools', default: choice(d, 'customPools') ?? false, owns: [],
    yes: 'Custom labels and taints', no: 'Wallaroo\'s standard pools (wallaroo.ai/node-purpose)' }));
  qs[1].choices = [...qs[1].choices!].reverse();
  if (choice(d, 'customPools')) for (const p of POOL_NAMES) qs.push(...poolQuestions(d, p));
  const int = (t: string): Parsed => (t.trim() === '' ? { value: undefined } : /^\d+$/.test(t.trim()) ? { value: Number(t.trim()) } : { error: 'enter a whole number of days' });
  qs.push(
    textQ('advanced', d, { path: ['advanced', 'fluentbitRetentionDays'], label: 'Task log retention in days (optional)', placeholder: 'chart default', parse: int }),
    textQ('advanced', d, { path: ['advanced', 'prometheusRetentionTime'], label: 'Prometheus retention time (optional)', placeholder: '15d' }),
    textQ('advanced', d, { path: ['advanced', 'prometheusRetentionSize'], label: 'Prometheus retention size (optional)', placeholder: '50GB' }),
    textQ('advanced', d, { path: ['advanced', 'plateauDiskSize'], label: 'Plateau disk size', default: '100Gi', help: 'The inference-log store; below 100Gi is not recommended.' }),
    yesNoQ('advanced', d, { path: ['$', 'identityProviders'], label: 'Identity providers', default: choice(d, 'identityProviders') ?? false, owns: [],
      yes: 'Add identity providers (Keycloak)', no: 'None: the admin adds users by hand' }),
  );
  qs[qs.length - 1].choices = [...qs[qs.length - 1].choices!].reverse();
  if (choice(d, 'identityProviders')) qs.push(...providerQuestions(d, c));
  qs.push(
    yesNoQ('advanced', d, { path: ['advanced', 'uninstallHook'], label: 'Chart cleanup hook on helm uninstall', default: true,
      yes: 'On (can only be switched at install time)', no: 'Off' }),
    textQ('advanced', d, { path: ['advanced', 'helmTimeout'], label: 'Helm timeout (optional)', placeholder: helmTimeoutFor(size), parse: trimmed,
      help: `Default for size ${size}: ${helmTimeoutFor(size)}.` }),
  );
  return qs;
}
