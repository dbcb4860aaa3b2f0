// The wizard's steps in order. Which steps and questions are shown, and their defaults, are pure
// functions of the answers so far and the cluster facts; validation is the presets' own
// (validate.ts). The Ink screens and the plain prompts both walk this list.
import type { KeyPath, Problem } from '../config/problems.ts';
import type { Draft } from './draft.ts';
import type { Question, StepDef, StepId, WizardContext } from './question.ts';
import { draftProblems, under } from './validate.ts';
import { clusterQuestions, existingQuestions, existingVisible } from './questions/cluster.ts';
import { chartQuestions } from './questions/chart.ts';
import { distributionQuestions, domainQuestions, ingressQuestions } from './questions/platform.ts';
import { tlsQuestions } from './questions/tls.ts';
import { registriesQuestions } from './questions/registries.ts';
import { sizeQuestions } from './questions/size.ts';
import { advancedQuestions } from './questions/advanced.ts';
import { STEP_ORDER } from './step-order.ts';

const always = () => true;
const none = () => [] as Question[];

const BEHAVIOUR: Record<StepId, Omit<StepDef, 'id' | 'title'>> = {
  cluster: { paths: [['release'], ['namespace']], visible: always, questions: clusterQuestions },
  existing: { paths: [], visible: existingVisible, questions: existingQuestions },
  chart: { paths: [['chart']], visible: always, questions: chartQuestions },
  distribution: { paths: [['distribution']], visible: always, questions: distributionQuestions },
  ingress: { paths: [['ingress']], visible: always, questions: ingressQuestions },
  domain: { paths: [['domain']], visible: always, questions: domainQuestions },
  tls: { paths: [['tls']], visible: always, questions: tlsQuestions },
  registries: { paths: [['registries']], visible: always, questions: registriesQuestions },
  size: { paths: [['size'], ['services']], visible: always, questions: sizeQuestions },
  advanced: { paths: [['advanced']], visible: always, questions: advancedQuestions },
  review: { paths: [], visible: always, questions: none },
  install: { paths: [], visible: always, questions: none },
  done: { paths: [], visible: always, questions: none },
};

export const STEPS: StepDef[] = STEP_ORDER.map((s) => ({ id: s.id, title: s.title, ...BEHAVIOUR[s.id] }));

export function stepDef(id: StepId): StepDef {
  return STEPS.find((s) => s.id === id)!;
}

export function visibleSteps(d: Draft, c: WizardContext): StepDef[] {
  return STEPS.filter((s) => s.visible(d, c));
}

/** "step k of n" for the header. */
export function stepNumber(id: StepId, d: Draft, c: WizardContext): { k: number; n: number } {
  const v = visibleSteps(d, c);
  return { k: Math.max(1, v.findIndex((s) => s.id === id) + 1), n: v.length };
}

export function questionsOf(id: StepId, d: Draft, c: WizardContext): Question[] {
  return stepDef(id).questions(d, c);
}

const overlaps = (p: KeyPath, owners: KeyPath[]) => owners.some((o) => under(p, o));

/** Problems that keep `q` from advancing (and show under it). */
export function questionProblems(q: Question, all: Problem[]): Problem[] {
  return all.filter((p) => overlaps(p.path, q.owns));
}

/** Problems of the step not shown by any single question: checked when leaving the step. */
export function stepLeftovers(step: StepDef, qs: Question[], all: Problem[]): Problem[] {
  return all.filter((p) => overlaps(p.path, step.paths) && !qs.some((q) => overlaps(p.path, q.owns)));
}

export interface Position { step: StepId; question: string }

/** Where a partial or invalid preset opens: the first question with an error, else the review. */
export function firstInvalid(d: Draft, c: WizardContext): Position {
  const errors = draftProblems(d, c.secrets, c).filter((p) => p.level === 'error');
  for (const s of visibleSteps(d, c)) {
    const qs = s.questions(d, c);
    for (const q of qs) if (errors.some((p) => overlaps(p.path, q.locate ?? q.owns))) return { step: s.id, question: q.id };
    if (qs.length && stepLeftovers(s, qs, errors).length) return { step: s.id, question: qs[0].id };
  }
  return { step: 'review', question: '' };
}
