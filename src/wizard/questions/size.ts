// Step "size": 8/16/32 cores with the suggestion from the nodes' allocatable CPU, then the
// sizing table with each service on or off (dependencies enforced by service-toggles.ts).
import { CLUSTER_SIZES, SIZING_TABLE, type ClusterSize } from '../../wallaroo/sizing.ts';
import { SERVICE_IDS, type ServiceId } from '../../config/schema.ts';
import { effectiveServices, serviceDefaults, SERVICE_LABELS } from '../../wallaroo/services.ts';
import { getIn, toAnswersInput, type Draft } from '../draft.ts';
import type { Note, Question, WizardContext } from '../question.ts';
import { selectQ } from './common.ts';
import { answerWarningsOf, withRuleDefaults } from '../validate.ts';
import { crossFieldErrors } from '../../config/rules.ts';

export interface ServiceRow {
  id: ServiceId;
  label: string;
  /** The sizing table's column for each size (undefined: not in the table, on by default). */
  table?: Record<ClusterSize, boolean>;
  on: boolean;
  /** On or off against the size's default. */
  overridden: boolean;
}

/** The inputs effectiveServices reads, from the draft (defaults as the schema applies them). */
export function serviceInputs(d: Draft) {
  const a = toAnswersInput(d) as Record<string, any>;
  return {
    size: (a.size ?? 16) as ClusterSize,
    ingress: (a.ingress ?? 'internal') as 'internal' | 'external' | 'none',
    services: (a.services ?? {}) as Partial<Record<ServiceId, boolean>>,
    registries: { edge: a.registries?.edge },
  };
}

export function serviceRows(d: Draft): ServiceRow[] {
  const inputs = serviceInputs(d);
  const eff = effectiveServices(inputs);
  const def = serviceDefaults(inputs);
  return SERVICE_IDS.map((id) => ({
    id, label: SERVICE_LABELS[id], table: SIZING_TABLE.find((r) => r.id === id)?.on, on: eff[id], overridden: eff[id] !== def[id],
  }));
}

export function sizeSuggestion(c: WizardContext): { size?: ClusterSize; note: Note } {
  const n = c.facts.nodes;
  if (n.state === 'ok') {
    const s = n.value.size;
    return { size: s.size, note: { level: s.size ? 'ok' : 'warn', text: s.size ? `suggested ${s.size}: ${s.reason}` : s.reason } };
  }
  if (n.state === 'loading') return { note: { level: 'busy', text: 'adding up the nodes\' allocatable CPU…' } };
  if (n.state === 'error') return { note: { level: 'warn', text: `cannot read the nodes: ${n.reason}` } };
  return { note: { level: 'info', text: 'no cluster: pick the size of the cluster you will install on' } };
}

export function sizeQuestions(d: Draft, c: WizardContext): Question[] {
  const sug = sizeSuggestion(c);
  const rows = SIZING_TABLE;
  return [
    selectQ('size', d, {
      path: ['size'], label: 'Cluster size (cores)',
      choices: CLUSTER_SIZES.map((s) => ({
        value: String(s), label: `${s} cores`,
        hint: `${rows.filter((r) => r.on[s]).length} of ${rows.length} sized services${s === sug.size ? ' · suggested' : ''}${s === 8 ? ' · below 16, services are turned off' : ''}`,
      })),
      value: getIn(d, ['size']) !== undefined ? String(getIn(d, ['size'])) : undefined,
      default: String(sug.size ?? 16),
      parse: (t) => ({ value: Number(t) }),
      notes: () => [sug.note],
      display: (x) => `${x ?? 16} cores`,
    }),
    {
      id: 'services', step: 'size', kind: 'services', path: ['services'], label: 'Services',
      initial: getIn(d, ['services']) ?? {}, owns: [['services']],
      display: () => {
        const r = serviceRows(d);
        const changed = r.filter((x) => x.overridden).map((x) => `${x.id} ${x.on ? 'on' : 'off'}`);
        return `${r.filter((x) => x.on).length} of ${r.length} on${changed.length ? ` (changed: ${changed.join(', ')})` : ' (the size\'s defaults)'}`;
      },
    },
  ];
}

/** Per service, what the rules say about it now (a dependency error, or on above its size). */
export function serviceProblems(d: Draft): Partial<Record<ServiceId, string>> {
  const a = toAnswersInput(d);
  const out: Partial<Record<ServiceId, string>> = {};
  const problems = [...crossFieldErrorsOf(a as Record<string, any>), ...answerWarningsOf(a)];
  for (const p of problems) {
    if (p.path[0] === 'services' && typeof p.path[1] === 'string' && !out[p.path[1] as ServiceId]) out[p.path[1] as ServiceId] = p.message;
  }
  return out;
}

function crossFieldErrorsOf(a: Record<string, any>) {
  try { return crossFieldErrors(withRuleDefaults(a)); } catch { return []; }
}
