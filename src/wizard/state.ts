// The wizard's state as a pure reducer: where we are (step and question), the draft answers, the
// errors of the current question, and the way back. Screens and plain prompts dispatch actions;
// every rule is in steps.ts / validate.ts, which read the files the answers name (the same
// checks a preset gets) and nothing else.
import { keyPath, type Problem } from '../config/problems.ts';
import { setIn, draftFromAnswers, type Draft } from './draft.ts';
import type { Question, StepId, WizardContext } from './question.ts';
import { draftProblems, type SecretValues } from './validate.ts';
import { firstInvalid, questionProblems, questionsOf, stepDef, stepLeftovers, visibleSteps, type Position } from './steps.ts';
import { secretFields, isLiteralSecret } from '../config/secret-fields.ts';

export interface WizardState {
  step: StepId;
  /** The active question's id ('' on review, install and done). */
  question: string;
  answers: Draft;
  /** Secret values typed in this run (never saved). */
  secrets: SecretValues;
  /** Why the active question did not advance. */
  errors: Problem[];
  /** Positions to go back to (Esc). */
  history: Position[];
  /** Set after a jump from the review: finishing the step returns there. */
  returnTo?: 'review';
}

/** The context without the secrets, which live in the state. */
export type Ctx = Omit<WizardContext, 'secrets'>;

export type Action =
  /** Set the active question's answer (a live change: typing, toggling); no validation. */
  | { type: 'answer'; value: unknown; ctx: Ctx }
  /** Set the answer and advance when it is valid. */
  | { type: 'submit'; value: unknown; ctx: Ctx }
  /** Advance when the active question's answer is valid. */
  | { type: 'next'; ctx: Ctx }
  | { type: 'back'; ctx: Ctx }
  /** From the review: edit a step, then come back. */
  | { type: 'jump'; step: StepId; ctx: Ctx }
  /** Go to a step without questions (review → install → done), remembering where we were. */
  | { type: 'goto'; step: StepId; question?: string };

const full = (s: WizardState, ctx: Ctx): WizardContext => ({ ...ctx, secrets: s.secrets });

export function activeQuestion(s: WizardState, ctx: Ctx): Question | undefined {
  return questionsOf(s.step, s.answers, full(s, ctx)).find((q) => q.id === s.question);
}

/** A literal secret in a preset is moved into memory, so that it is never shown or saved again. */
export function initialState(answers: Record<string, unknown> = {}, start?: Position): WizardState {
  let draft = draftFromAnswers(answers);
  const secrets: SecretValues = {};
  for (const f of secretFields(draft as any)) {
    if (isLiteralSecret(f.ref)) { secrets[keyPath(f.path)] = f.ref; draft = setIn(draft, f.path, undefined); }
  }
  return { step: start?.step ?? 'cluster', question: start?.question ?? 'context', answers: draft, secrets, errors: [], history: [] };
}

function firstQuestion(step: StepId, d: Draft, c: WizardContext): string {
  return stepDef(step).questions(d, c)[0]?.id ?? '';
}

function withAnswer(s: WizardState, q: Question, value: unknown): WizardState {
  if (q.kind === 'secret') return { ...s, secrets: { ...s.secrets, [q.secretKey!]: String(value ?? '') }, errors: [] };
  const answers = q.apply ? q.apply(s.answers, value) : setIn(s.answers, q.path, value);
  return { ...s, answers, errors: [] };
}

/** Parse typed text when the question parses (select values are parsed too: yes/no → boolean). */
function parsed(q: Question, value: unknown): { value: unknown } | { error: string } {
  if (q.parse && typeof value === 'string') return q.parse(value);
  return { value };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function advance(s: WizardState, ctx: Ctx): WizardState {
  const c = full(s, ctx);
  const qs = questionsOf(s.step, s.answers, c);
  const q = qs.find((x) => x.id === s.question);
  const problems = draftProblems(s.answers, s.secrets, c).filter((p) => p.level === 'error');
  if (q) {
    const v = q.kind === 'secret' ? s.secrets[q.secretKey!] : undefined;
    if (q.required && isEmpty(q.kind === 'secret' ? v : readAnswer(s, q))) {
      return { ...s, errors: [{ level: 'error', code: 'E_REQUIRED', path: q.path, message: q.required, fix: '' }] };
    }
    const own = questionProblems(q, problems);
    if (own.length) return { ...s, errors: own };
  }
  const here: Position = { step: s.step, question: s.question };
  if (q?.thenFirstOpen?.(s.answers)) {
    const to = firstInvalid(s.answers, c);
    return { ...s, ...to, errors: [], history: [...s.history, here] };
  }
  const idx = qs.findIndex((x) => x.id === s.question);
  if (idx >= 0 && idx < qs.length - 1) {
    return { ...s, question: qs[idx + 1].id, errors: [], history: [...s.history, here] };
  }
  // Leaving the step: what no single question showed (a rule across its answers) stops us here.
  const left = stepLeftovers(stepDef(s.step), qs, problems);
  if (left.length) return { ...s, errors: left };
  if (s.returnTo === 'review') return { ...s, step: 'review', question: '', errors: [], history: [...s.history, here], returnTo: undefined };
  const steps = visibleSteps(s.answers, c);
  const at = steps.findIndex((x) => x.id === s.step);
  for (const next of steps.slice(at + 1)) {
    const first = firstQuestion(next.id, s.answers, c);
    if (first || next.id === 'review') return { ...s, step: next.id, question: first, errors: [], history: [...s.history, here] };
  }
  return s;
}

export function readAnswer(s: WizardState, q: Question): unknown {
  if (q.kind === 'secret') return s.secrets[q.secretKey!];
  let cur: unknown = s.answers;
  for (const p of q.path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function stillThere(p: Position, s: WizardState, c: WizardContext): boolean {
  if (!stepDef(p.step).visible(s.answers, c)) return false;
  const qs = questionsOf(p.step, s.answers, c);
  return qs.length === 0 ? !p.question : qs.some((q) => q.id === p.question);
}

/** The position before `s` in walking order (when there is no history: a preset opened mid-way). */
function previousInOrder(s: WizardState, c: WizardContext): Position | undefined {
  const qs = questionsOf(s.step, s.answers, c);
  const idx = qs.findIndex((q) => q.id === s.question);
  if (idx > 0) return { step: s.step, question: qs[idx - 1].id };
  const steps = visibleSteps(s.answers, c);
  for (let i = steps.findIndex((x) => x.id === s.step) - 1; i >= 0; i--) {
    const prev = steps[i].questions(s.answers, c);
    if (prev.length) return { step: steps[i].id, question: prev[prev.length - 1].id };
  }
  return undefined;
}

export function reduce(s: WizardState, a: Action): WizardState {
  switch (a.type) {
    case 'answer': {
      const q = activeQuestion(s, a.ctx);
      if (!q) return s;
      const p = parsed(q, a.value);
      return 'error' in p ? s : withAnswer(s, q, p.value);
    }
    case 'submit': {
      const q = activeQuestion(s, a.ctx);
      if (!q) return s;
      const p = parsed(q, a.value);
      if ('error' in p) return { ...s, errors: [{ level: 'error', code: 'E_INPUT', path: q.path, message: p.error, fix: '' }] };
      return advance(withAnswer(s, q, p.value), a.ctx);
    }
    case 'next':
      return advance(s, a.ctx);
    case 'back': {
      const c = full(s, a.ctx);
      const history = [...s.history];
      while (history.length) {
        const p = history.pop()!;
        if (stillThere(p, s, c) && !(p.step === s.step && p.question === s.question)) {
          // Back to the review after a jump: that edit is over.
          return { ...s, step: p.step, question: p.question, errors: [], history, returnTo: p.step === 'review' ? undefined : s.returnTo };
        }
      }
      const prev = previousInOrder(s, c);
      return prev ? { ...s, ...prev, errors: [], history: [] } : s;
    }
    case 'jump': {
      const c = full(s, a.ctx);
      const first = firstQuestion(a.step, s.answers, c);
      if (!first) return s;
      return { ...s, step: a.step, question: first, errors: [], history: [...s.history, { step: s.step, question: s.question }], returnTo: 'review' };
    }
    case 'goto':
      return { ...s, step: a.step, question: a.question ?? '', errors: [], history: [...s.history, { step: s.step, question: s.question }] };
  }
}
