// Step "cluster": which kubeconfig context (or none: end like `render`), release and namespace.
// Step "existing release": upgrade it starting from its stored (or recovered) answers.
import { getIn, choice, NO_CLUSTER, draftFromAnswers, setIn, type Draft } from '../draft.ts';
import type { Choice, Note, Question, WizardContext } from '../question.ts';
import { selectQ, textQ } from './common.ts';
import { FIRST_QUESTION } from '../step-order.ts';

export function noClusterChosen(d: Draft, c: WizardContext): boolean {
  return choice(d, 'context') === NO_CLUSTER || c.facts.kubeconfig.state === 'error';
}

function connectionNotes(c: WizardContext, chosen: unknown): Note[] {
  const f = c.facts;
  if (f.kubeconfig.state === 'loading' || f.kubeconfig.state === 'idle') return [{ level: 'busy', text: FIRST_QUESTION.busy }];
  if (f.kubeconfig.state === 'error') {
    return [{ level: 'warn', text: `no cluster: ${f.kubeconfig.reason}` },
      ...(f.kubeconfig.fix ? [{ level: 'info' as const, text: f.kubeconfig.fix }] : []),
      { level: 'info', text: 'You can go on without a cluster: the run then ends by writing the answers and the values file and printing the commands, like `render`.' }];
  }
  if (chosen === NO_CLUSTER) return [{ level: 'info', text: 'No cluster: the run ends by writing the answers and the values file and printing the commands, like `render`.' }];
  if (f.context !== chosen) return [];
  const conn = f.connection;
  if (conn.state === 'loading') return [{ level: 'busy', text: `connecting to ${chosen}…` }];
  if (conn.state === 'error') return [{ level: 'error', text: `cannot use context ${chosen}: ${conn.reason}` }, ...(conn.fix ? [{ level: 'info' as const, text: conn.fix }] : []),
    { level: 'info', text: 'Pick another context, fix the connection and come back (Esc), or choose "No cluster".' }];
  if (conn.state === 'ok') return [{ level: 'ok', text: `reachable: Kubernetes ${conn.value.version} at ${conn.value.server}` }];
  return [];
}

export function clusterQuestions(d: Draft, c: WizardContext): Question[] {
  const kc = c.facts.kubeconfig;
  const contexts = kc.state === 'ok' ? [...kc.value.contexts].sort((a, b) => Number(b.current) - Number(a.current)) : [];
  const choices: Choice[] = contexts.map((x) => ({ value: x.name, label: x.name, hint: `${x.current ? 'current, ' : ''}${x.server}` }));
  choices.push({ value: NO_CLUSTER, label: kc.state === 'error' ? 'Go on without a cluster' : 'No cluster: write the files only',
    hint: 'answers + values file + the commands to run, like `render`' });
  const current = contexts.find((x) => x.current)?.name;
  const chosen = getIn(d, ['$', 'context']);
  const ctxQ = selectQ('cluster', d, {
    id: 'context', path: ['$', 'context'], label: FIRST_QUESTION.label,
    help: kc.state === 'ok' ? `from ${kc.value.source}` : undefined,
    choices: kc.state === 'loading' || kc.state === 'idle' ? [] : choices,
    value: kc.state === 'error' ? NO_CLUSTER : chosen,
    default: c.cli.context ?? current ?? (kc.state === 'error' || kc.state === 'ok' ? NO_CLUSTER : undefined),
    display: (x) => (x === NO_CLUSTER ? 'no cluster (write the files only)' : x ? String(x) : '(the current context)'),
    notes: (x) => connectionNotes(c, getIn(x, ['$', 'context']) ?? (kc.state === 'error' ? NO_CLUSTER : c.cli.context ?? current)),
    blocked: kc.state === 'loading' || kc.state === 'idle' ? FIRST_QUESTION.busy : undefined,
    owns: [],
  });
  return [
    ctxQ,
    textQ('cluster', d, { path: ['release'], label: 'Helm release name', default: c.cli.release ?? 'wallaroo', placeholder: 'wallaroo' }),
    textQ('cluster', d, { path: ['namespace'], label: 'Namespace', default: c.cli.namespace ?? 'wallaroo', placeholder: 'wallaroo',
      help: 'Wallaroo needs a namespace of its own; it is created when missing.', blocked: checkingRelease(d, c),
      notes: () => releaseNotes(c) }),
  ];
}

/** Whether the release exists decides the next step: wait for the answer (Esc to change context). */
function checkingRelease(d: Draft, c: WizardContext): string | undefined {
  if (noClusterChosen(d, c)) return undefined;
  const chosen = getIn(d, ['$', 'context']);
  if (chosen !== undefined && chosen !== c.facts.context) return 'connecting to the cluster…';
  if (c.facts.kubeconfig.state === 'loading' || c.facts.connection.state === 'loading') return 'connecting to the cluster…';
  if (c.facts.connection.state !== 'ok') return undefined;
  const r = c.facts.release;
  if (r.state === 'loading' || r.state === 'idle') return 'checking for an existing release…';
  const release = String(getIn(d, ['release']) ?? c.cli.release ?? 'wallaroo');
  const namespace = String(getIn(d, ['namespace']) ?? c.cli.namespace ?? 'wallaroo');
  if (r.state === 'ok' && (r.value.release !== release || r.value.namespace !== namespace)) return 'checking for an existing release…';
  return undefined;
}

function releaseNotes(c: WizardContext): Note[] {
  const r = c.facts.release;
  if (r.state === 'ok') return [{ level: 'info', text: r.value.exists ? `release ${r.value.release} exists in ${r.value.namespace}: revision ${r.value.revision}, ${r.value.status} (${r.value.chart})` : `no release ${r.value.release} in ${r.value.namespace} yet: this is an install` }];
  if (r.state === 'error') return [{ level: 'warn', text: `cannot read the release: ${r.reason}` }];
  return [];
}

export function existingVisible(d: Draft, c: WizardContext): boolean {
  const r = c.facts.release;
  return !noClusterChosen(d, c) && r.state === 'ok' && r.value.exists;
}

export function existingQuestions(d: Draft, c: WizardContext): Question[] {
  const r = c.facts.release.state === 'ok' ? c.facts.release.value : undefined;
  if (!r) return [];
  const stored = r.stored;
  const from = stored?.source === 'configmap' ? 'stored with it by wallaroo-install'
    : stored ? 'recovered from `helm get values`' : 'none found';
  return [selectQ('existing', d, {
    id: 'existing', path: ['$', 'existing'], label: `Release ${r.release} exists: upgrade of revision ${r.revision} (${r.chart})`,
    choices: [
      { value: 'upgrade', label: 'Upgrade it, starting from its answers', hint: from },
      { value: 'keep', label: 'Upgrade it with the answers I give now', hint: 'nothing prefilled' },
    ],
    default: 'upgrade',
    owns: [],
    // Everything prefilled: straight to what still needs an answer, else to the review.
    thenFirstOpen: (x) => x.$?.existing === 'upgrade' && Boolean(stored),
    notes: () => [
      ...(r.running ? [{ level: 'error' as const, text: r.running.cause }, { level: 'warn' as const, text: r.running.fix }] : []),
      { level: r.pendingWayOut ? 'error' : 'info', text: `status ${r.status}${r.updated ? `, updated ${r.updated}` : ''}, chart ${r.chart}` },
      ...(r.pendingWayOut ? [{ level: 'warn' as const, text: r.pendingWayOut }] : []),
      ...(stored?.source === 'configmap' ? [{ level: 'info' as const, text: `its answers are stored in ConfigMap wallaroo-install-${r.release}: every step is prefilled, and the review comes next` }] : []),
      ...(stored?.source === 'values' ? [{ level: 'info' as const, text: `installed without wallaroo-install: its answers are recovered from its values; the review lists the ${stored.unrecovered.length} that could not be` }] : []),
      ...(stored?.configMapProblems?.length ? [{ level: 'warn' as const, text: `its stored answers do not validate (${stored.configMapProblems[0]}): recovered from its values instead` }] : []),
    ],
    apply: (x, v) => {
      let out = setIn(x, ['$', 'existing'], v);
      // Prefill once: coming back here must not undo the edits made since.
      if (v === 'upgrade' && x.$?.existing !== 'upgrade' && stored) {
        // The release's answers replace the draft; its choices follow from them (draft.ts).
        const keep = { $: { context: x.$?.context, existing: 'upgrade' as const, recovered: { source: stored.source, unrecovered: stored.unrecovered, assumed: stored.assumed } }, release: x.release, namespace: x.namespace };
        out = { ...draftFromAnswers(stored.answers as Record<string, unknown>), ...keep } as Draft;
      }
      return out;
    },
  })];
}
