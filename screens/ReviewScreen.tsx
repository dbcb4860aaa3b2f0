// The review: every answer grouped by step (a digit or `e` edits that step, then comes back
// here), problems and warnings, preflight with codes and fixes (`p` runs it again), what an
// upgrade changes, the exact helm command and the files. It scrolls; Enter confirms.
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './components/keys.tsx';
import type { ReviewModel, ReviewLine } from '../src/wizard/review.ts';
import type { StepId } from '../src/wizard/question.ts';
import type { ScreenProps } from './types.ts';
import { KeyHints, arrows } from './components/KeyHints.tsx';
import { Select } from './components/Select.tsx';
import { Spinner } from './components/Spinner.tsx';
import { G } from './glyphs.ts';
import { wrapText } from './components/wrap.ts';

export interface ReviewScreenProps extends ScreenProps {
  model: ReviewModel;
  onConfirm: () => void;
  onPreflight: () => void;
  onQuit: () => void;
  /** A message from the last Enter (why it did not go on). */
  message?: string;
}

type Row = { text: string; level?: ReviewLine['level'] | 'title'; step?: StepId };

const COLOR: Record<string, string | undefined> = { ok: 'green', warn: 'yellow', error: 'red', busy: 'cyan' };

/** The review as screen rows: long lines (the helm command) wrap, indented under themselves. */
export function reviewRows(model: ReviewModel, width = 80): Row[] {
  const rows: Row[] = [];
  let n = 0;
  for (const s of model.sections) {
    if (s.step) n++;
    rows.push({ text: s.step ? `${s.title}   [${n < 10 ? n : 0} edit]` : s.title, level: 'title', step: s.step });
    for (const l of s.lines) {
      if (l.command) {
        // Wrapped at word boundaries with a trailing backslash: still one command when pasted. A
        // word wider than the screen (a long path) is never broken across rows (pasted, it would
        // be two words): its middle is left out, visibly, and the whole command is in the log
        // and in what `render` prints.
        const room = Math.max(10, width - 8);
        // (The mark is "…" or, on an ASCII terminal, "...": its own length counts.)
        const keep = room - G.ellipsis.length;
        const fitted = l.text.split(' ').map((w) => (w.length > room ? `${w.slice(0, Math.ceil(keep / 2))}${G.ellipsis}${w.slice(-Math.floor(keep / 2))}` : w)).join(' ');
        const parts = wrapText(fitted, room);
        parts.forEach((p, i) => rows.push({ text: `${i ? '      ' : '  '}${p}${i < parts.length - 1 ? ' \\' : ''}`, level: l.level }));
        continue;
      }
      const [first, ...rest] = wrapText(l.text, width - 7);
      rows.push({ text: `  ${first}`, level: l.level });
      for (const r of rest) rows.push({ text: `      ${r}`, level: l.level });
    }
  }
  return rows;
}

export function ReviewScreen({ state, dispatch, ctx, width, height, isActive, model, onConfirm, onPreflight, onQuit, message }: ReviewScreenProps) {
  const rows = reviewRows(model, width);
  const steps = model.sections.filter((s) => s.step).map((s) => ({ value: s.step!, label: s.title.replace(/^\d+\.\s*/, '') }));
  const [top, setTopState] = useState(0);
  const latest = useRef(0);
  const setTop = (n: number) => { latest.current = n; setTopState(n); };
  const [picking, setPicking] = useState(false);
  const pickRows = Math.min(steps.length + 2, Math.max(3, height - 6));
  // The verdict line, the message and the key hints take their rows first.
  const view = Math.max(3, height - 2 - (message ? 1 : 0) - (picking ? pickRows + 1 : 0));
  const maxTop = Math.max(0, rows.length - view);
  const at = Math.min(top, maxTop);
  const scroll = (d: number) => setTop(Math.max(0, Math.min(maxTop, Math.min(latest.current, maxTop) + d)));
  const jump = (step: StepId) => dispatch({ type: 'jump', step, ctx });

  useKeys((input, key) => {
    if (picking) { if (key.escape) setPicking(false); return; }
    if (key.escape) { dispatch({ type: 'back', ctx }); return; }
    if (key.upArrow) scroll(-1);
    else if (key.downArrow) scroll(1);
    else if (key.pageUp) scroll(-(view - 1));
    else if (key.pageDown || input === ' ') scroll(view - 1);
    else if (key.home) setTop(0);
    else if (key.end) setTop(maxTop);
    else if (/^[0-9]$/.test(input)) {
      const i = input === '0' ? 9 : Number(input) - 1;
      if (steps[i]) jump(steps[i].value);
    } else if (input === 'e') setPicking(true);
    else if (input === 'p') onPreflight();
    else if (input === 'q') onQuit();
    else if (key.return) onConfirm();
  }, { isActive });

  const verdict = model.errors
    ? { color: 'red', text: `${G.cross} ${model.errors} problem${model.errors === 1 ? '' : 's'} to fix before ${model.noCluster ? 'writing the files' : 'installing'}: press the step's number to edit it` }
    : model.noCluster
      ? { color: 'green', text: `${G.check} Ready: Enter writes the answers and the values file and prints the commands (no cluster)` }
      : model.blocking.length
        ? { color: 'yellow', text: `${G.warn} Preflight failed (${model.blocking.join(', ')}): Enter asks before installing anyway` }
        : { color: 'green', text: `${G.check} Ready: Enter ${ctx.facts.release.state === 'ok' && ctx.facts.release.value.exists ? 'upgrades' : 'installs'} into ${ctx.facts.context ? `context ${ctx.facts.context}` : 'the current context'}, namespace ${String(state.answers.namespace ?? 'wallaroo')}` };

  return (
    <Box flexDirection="column">
      {rows.slice(at, at + view).map((r, i) => (
        <Text key={at + i} wrap="truncate-end" bold={r.level === 'title'} color={r.level ? COLOR[r.level] : undefined} dimColor={r.level === 'dim'}>
          {r.level === 'busy' ? <><Spinner /> </> : null}{r.text}
        </Text>
      ))}
      {picking && (
        <Box flexDirection="column">
          <Text bold>Edit which step?</Text>
          <Select choices={steps} height={pickRows} width={width} isActive={isActive} onSubmit={(v) => { setPicking(false); jump(v as StepId); }} />
        </Box>
      )}
      <Text wrap="truncate-end" color={verdict.color}>{verdict.text}{rows.length > view ? <Text dimColor>{`  (${G.up}${G.down} ${at + 1}-${Math.min(rows.length, at + view)} of ${rows.length})`}</Text> : null}</Text>
      {message ? <Text wrap="truncate-end" color="yellow">{message}</Text> : null}
      <KeyHints hints={picking ? [[arrows(), 'move'], ['Enter', 'edit'], ['Esc', 'cancel']] : [
        [arrows(), 'scroll'], [steps.length >= 10 ? '0-9' : `1-${Math.max(1, steps.length)}`, 'edit'], ['p', 'preflight'], ['Enter', model.noCluster ? 'write files' : 'install'], ['Esc', 'back'], ['q', 'quit'],
      ]} />
    </Box>
  );
}
