// The frame every question step shares: the step's answered questions above (one line each),
// the active question with its help, input, rule messages and live notes, and the key hints.
// Rows are budgeted so the screen never grows taller than the terminal: lists scroll, notes
// and the answered lines give way first.
import { useEffect, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './components/keys.tsx';
import { questionProblems, questionsOf } from '../src/wizard/steps.ts';
import { draftProblems } from '../src/wizard/validate.ts';
import { readAnswer } from '../src/wizard/state.ts';
import { initialText, withPending } from '../src/wizard/pending.ts';
import { completePath } from '../src/wizard/path-complete.ts';
import type { Question } from '../src/wizard/question.ts';
import type { ScreenProps } from './types.ts';
import { Select, hintRows } from './components/Select.tsx';
import { MultiSelect } from './components/MultiSelect.tsx';
import { TextField } from './components/TextField.tsx';
import { ServicesTable } from './components/ServicesTable.tsx';
import { Notes } from './components/Notes.tsx';
import { KeyHints, arrows, type Hint } from './components/KeyHints.tsx';
import { G } from './glyphs.ts';
import { wrapText } from './components/wrap.ts';
import { fitNotes, noteRows } from './components/Notes.tsx';

function hintsFor(q: Question): Hint[] {
  const back: Hint = ['Esc', 'back'];
  const quit: Hint = ['Ctrl-C', 'quit'];
  switch (q.kind) {
    case 'select': return [[arrows(), 'move'], ['Enter', 'choose'], back, quit];
    case 'multi': return [[arrows(), 'move'], ['Space', 'pick'], ['Enter', 'accept'], back, quit];
    case 'services': return [[arrows(), 'move'], ['Space', 'on/off'], ['Enter', 'accept'], back, quit];
    case 'path': return [['Enter', 'accept'], ['Tab', 'complete'], back, quit];
    case 'secret': return [['Enter', 'accept (typed masked)'], back, quit];
    default: return [['Enter', 'accept'], ...(q.suggestions?.length ? [['Tab', 'complete'] as Hint] : []), back, quit];
  }
}

function completer(q: Question, cwd: string): ((t: string) => { text: string; candidates: string[] }) | undefined {
  if (q.kind === 'path') return (t) => completePath(t, cwd);
  const names = q.suggestions;
  if (!names?.length) return undefined;
  return (t) => {
    const m = names.filter((n) => n.startsWith(t));
    if (m.length === 1) return { text: m[0], candidates: [] };
    let p = m[0] ?? t;
    for (const n of m) while (!n.startsWith(p)) p = p.slice(0, -1);
    return { text: p.length > t.length ? p : t, candidates: m.length ? m : names };
  };
}

/**
 * An answered question as the summary line shows it. A choice (a `$` path) that was never
 * picked on screen is implied by the answers (an air-gap registry in a resumed preset, say):
 * the question's initial value is that implied choice, as the review shows it.
 */
function shownAnswer(state: Parameters<typeof readAnswer>[0], q: Parameters<typeof readAnswer>[1]): unknown {
  const v = readAnswer(state, q);
  return v === undefined && q.path[0] === '$' ? q.initial : v;
}

export interface StepScreenProps extends ScreenProps {
  /** Extra lines a step shows under its notes (counted in `asideRows`). */
  aside?: (q: Question) => ReactNode;
  asideRows?: number;
}

export function StepScreen({ state, ctx, dispatch, width, height, isActive, aside, asideRows = 0 }: StepScreenProps) {
  const c = { ...ctx, secrets: state.secrets };
  const qs = questionsOf(state.step, state.answers, c);
  const q = qs.find((x) => x.id === state.question);
  const [pending, setPending] = useState<{ id: string; raw: unknown } | undefined>();
  // Enter on a question whose answer waits for a fact (is there a release?): taken now, and the
  // step goes on by itself once the fact is in.
  const [queued, setQueued] = useState<{ id: string; take?: boolean } | undefined>();
  useKeys((_input, key) => { if (key.escape) { setPending(undefined); setQueued(undefined); dispatch({ type: 'back', ctx }); } }, { isActive });
  useEffect(() => {
    if (!q || queued?.id !== q.id || q.blocked) return;
    setQueued(undefined);
    // Enter with nothing to take yet: take what is offered now (the default).
    if (queued.take) dispatch({ type: 'submit', value: q.kind === 'select' ? q.initial : initialText(q), ctx });
    else dispatch({ type: 'next', ctx });
  }, [queued, q?.id, q?.blocked]);
  if (!q) return <Text color="red">internal: no question {state.question} in step {state.step}</Text>;
  const raw = pending?.id === q.id ? pending.raw : undefined;
  const live = withPending(state.answers, q, raw);
  // Warnings follow the highlighted / typed answer (external ingress, Plateau disk, …).
  const warnings = questionProblems(q, draftProblems(live, state.secrets, c)).filter((p) => p.level === 'warning')
    .map((p) => ({ level: 'warn' as const, text: p.message }));
  const own = q.notes?.(live) ?? [];
  // A rule message already shown as an error under the field is not repeated as a note.
  const shownErrors = new Set((raw === undefined ? state.errors : []).map((e) => e.message));
  const notes = [...own, ...warnings.filter((w) => !own.some((n) => n.text === w.text))].filter((n) => !shownErrors.has(n.text));
  const answered = qs.slice(0, qs.indexOf(q));

  // The rule's message under the field (wrapped: it says what to do), its fix below it.
  // Once the answer is edited, the message about the one submitted goes (live checks take over).
  const errors = raw === undefined ? state.errors : [];
  const errorNotes = errors.slice(0, 2).flatMap((e) => [{ level: 'error' as const, text: e.message },
    ...(e.fix && e.code !== 'E_REQUIRED' && e.code !== 'E_INPUT' ? [{ level: 'info' as const, text: `  fix: ${e.fix}` }] : [])]);
  const help = q.help ? wrapText(q.help, width - 4).slice(0, 2) : [];
  const fixed = 1 + help.length + noteRows(errorNotes, width) + 1 /* key hints */ + asideRows;
  const inputNeed = q.kind === 'select' || q.kind === 'multi' ? Math.max(1, (q.choices?.length ?? 0)) + ((q.choices?.length ?? 0) > 6 ? 2 : 0)
      // A select's highlighted hint, whole under it when its row is cut (Select), if there is room.
      + (q.kind === 'select' ? hintRows(q.choices ?? [], width) : 0)
    : q.kind === 'services' ? 24 : 2;
  let room = Math.max(3, height - fixed);
  const minInput = q.kind === 'select' || q.kind === 'multi' || q.kind === 'services' ? Math.min(inputNeed, 5) : inputNeed;
  const waiting = queued?.id === q.id && q.blocked ? [{ level: 'busy' as const, text: `${q.blocked} (Enter was pressed: this goes on by itself)` }] : [];
  const allNotes = [...waiting, ...notes];
  const shownNotes = fitNotes(allNotes, Math.max(0, room - minInput), width);
  room -= noteRows(shownNotes, width);
  const inputRows = Math.max(Math.min(inputNeed, room), Math.min(3, inputNeed));
  room -= inputRows;
  const answeredShown = Math.max(0, Math.min(answered.length, room));

  const onSubmit = (value: unknown) => {
    setPending(undefined);
    if (value === undefined) { if (q.blocked) setQueued({ id: q.id, take: true }); return; }
    const after = questionsOf(state.step, withPending(state.answers, q, value), c).find((x) => x.id === q.id);
    if (after?.blocked) { dispatch({ type: 'answer', value, ctx }); setQueued({ id: q.id }); return; }
    dispatch({ type: 'submit', value, ctx });
  };
  const onLive = (value: unknown) => setPending({ id: q.id, raw: value });
  const input = (() => {
    switch (q.kind) {
      case 'select':
        return <Select key={q.id} choices={q.choices ?? []} initial={String(q.initial ?? '')} height={inputRows} width={width} isActive={isActive}
          onHighlight={onLive} onSubmit={onSubmit} />;
      case 'multi':
        return <MultiSelect key={q.id} choices={q.choices ?? []} initial={(q.initial as string[]) ?? []} height={inputRows} isActive={isActive}
          onChange={onLive} onSubmit={onSubmit} />;
      case 'services':
        return <ServicesTable key={q.id} draft={state.answers} height={inputRows} width={width} isActive={isActive}
          onChange={(v) => dispatch({ type: 'answer', value: v, ctx })} onSubmit={() => dispatch({ type: 'next', ctx })} />;
      default:
        return <TextField key={q.id} initial={q.kind === 'secret' ? String(readAnswer(state, q) ?? '') : initialText(q)}
          placeholder={q.placeholder} mask={q.kind === 'secret'} isActive={isActive} width={width}
          complete={completer(q, ctx.cwd)} onChange={onLive} onSubmit={onSubmit} />;
    }
  })();

  return (
    <Box flexDirection="column">
      {answered.slice(answered.length - answeredShown).map((a) => (
        <Text key={a.id} wrap="truncate-end"><Text color="green">{G.check}</Text> <Text dimColor>{a.label}:</Text> {a.display(shownAnswer(state, a))}</Text>
      ))}
      <Text bold wrap="truncate-end">{q.label}</Text>
      {help.map((l, i) => <Text key={i} dimColor wrap="truncate-end">{l}</Text>)}
      {input}
      <Notes notes={errorNotes} width={width} />
      <Notes notes={shownNotes} width={width} />
      {aside?.(q)}
      <KeyHints hints={hintsFor(q)} />
    </Box>
  );
}
