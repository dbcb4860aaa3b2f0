// Contexts and drivers for the wizard's unit and screen tests: facts as a cluster would report
// them, and a walk through the reducer the way a user answers.
import { initialFacts, type Facts } from '../../src/wizard/facts-types.ts';
import type { Ctx, WizardState } from '../../src/wizard/state.ts';
import { reduce, activeQuestion } from '../../src/wizard/state.ts';
import { repoRoot } from '../support/tools.ts';

export function clusterFacts(over: Partial<Facts> = {}): Facts {
  return {
    ...initialFacts(),
    kubeconfig: { state: 'ok', value: { source: '/home/u/.kube/config', contexts: [
      { name: 'staging', cluster: 'staging', server: 'https://10.0.0.2:6443', current: false },
      { name: 'prod-eks', cluster: 'prod', server: 'https://ABC.gr7.us-east-1.eks.amazonaws.com', current: true },
    ] } },
    context: 'prod-eks',
    connection: { state: 'ok', value: { server: 'https://ABC.gr7.us-east-1.eks.amazonaws.com', version: 'v1.31.2-eks-7f9249a' } },
    nodes: { state: 'ok', value: { count: 4, detection: { distribution: 'eks', reason: 'node ip-10-0-1-5: providerID aws:///us-east-1a/i-0abc' }, size: { size: 32, cores: 32, reason: '4 nodes with 32 allocatable cores in total' } } },
    helm: { state: 'ok', value: { text: '3.17.3', major: 3 } },
    tlsSecrets: { state: 'ok', value: ['wallaroo-tls', 'corp-wildcard'] },
    pullSecrets: { state: 'ok', value: ['regcred'] },
    release: { state: 'ok', value: { release: 'wallaroo', namespace: 'wallaroo', exists: false } },
    ...over,
  };
}

export function ctx(facts: Facts = clusterFacts(), env: NodeJS.ProcessEnv = {}, cwd = repoRoot): Ctx {
  return { facts, env, cwd, cli: {} };
}

/** Submit answers in order; each entry answers the active question (undefined: accept the shown default). */
export function walk(s: WizardState, c: Ctx, answers: unknown[]): WizardState {
  for (const a of answers) {
    const q = activeQuestion(s, c);
    if (!q) throw new Error(`no active question at ${s.step}/${s.question}`);
    const value = a === undefined ? defaultInput(q.initial, q.format) : a;
    const next = reduce(s, { type: 'submit', value, ctx: c });
    if (next.errors.length) throw new Error(`${q.id}: ${next.errors.map((e) => e.message).join('; ')}`);
    s = next;
  }
  return s;
}

function defaultInput(initial: unknown, format?: (v: unknown) => string): unknown {
  if (format) return format(initial);
  return initial;
}

export const where = (s: WizardState) => `${s.step}/${s.question}`;
