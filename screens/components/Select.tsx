// A single choice from a list that scrolls within its height: arrows, PgUp/PgDn, Home/End, a
// digit picks that row, Enter chooses. The highlight logic is a pure reducer (selectMove).
import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys.tsx';
import type { Choice } from '../../src/wizard/question.ts';
import { G } from '../glyphs.ts';

export interface SelectProps {
  choices: Choice[];
  initial?: string;
  /** Rows this list may use, scroll indicators included. */
  height: number;
  width?: number;
  isActive?: boolean;
  /** undefined: Enter while there was nothing to choose from yet. */
  onSubmit: (value: string | undefined) => void;
  onHighlight?: (value: string) => void;
}

export type SelectKey = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** The highlighted row after a key (no wrap-around: the ends stay put). */
export function selectMove(index: number, count: number, key: SelectKey, page: number): number {
  const last = Math.max(0, count - 1);
  switch (key) {
    case 'up': return Math.max(0, index - 1);
    case 'down': return Math.min(last, index + 1);
    case 'pageUp': return Math.max(0, index - page);
    case 'pageDown': return Math.min(last, index + page);
    case 'home': return 0;
    case 'end': return last;
  }
}

/** The first row shown so that `index` is visible in `rows` rows. */
export function windowStart(index: number, count: number, rows: number): number {
  if (count <= rows) return 0;
  return Math.min(Math.max(0, index - Math.floor(rows / 2)), count - rows);
}

export function Select({ choices, initial, height, width = 80, isActive = true, onSubmit, onHighlight }: SelectProps) {
  // Until the user moves, the highlight follows `initial` (a default that arrives late, such as
  // the distribution detected from the nodes).
  const start = Math.max(0, choices.findIndex((c) => c.value === initial));
  const [moved, setMoved] = useState<number | undefined>(undefined);
  // Several keys can arrive in one read (fast typing, a slow link): each must see the last.
  const latest = useRef<number | undefined>(undefined);
  const setIndex = (n: number) => { latest.current = n; setMoved(n); };
  const i = Math.min(latest.current ?? moved ?? start, Math.max(0, choices.length - 1));
  const scroll = choices.length > height;
  const rows = Math.max(1, scroll ? height - 2 : height);
  const top = windowStart(i, choices.length, rows);

  const move = (k: SelectKey) => {
    const cur = Math.min(latest.current ?? i, choices.length - 1);
    const next = selectMove(cur, choices.length, k, rows);
    if (next !== cur) { setIndex(next); onHighlight?.(choices[next].value); }
  };
  const submitted = useRef(false);
  useLayoutEffect(() => { submitted.current = false; });
  useKeys((input, key) => {
    if (submitted.current) return;
    // Nothing to choose from yet (the list is loading): Enter still counts, for the default.
    if (!choices.length) { if (key.return) { submitted.current = true; onSubmit(undefined); } return; }
    const i = Math.min(latest.current ?? moved ?? start, choices.length - 1);
    if (key.upArrow) move('up');
    else if (key.downArrow) move('down');
    else if (key.pageUp) move('pageUp');
    else if (key.pageDown) move('pageDown');
    else if (key.home) move('home');
    else if (key.end) move('end');
    else if (key.return) { submitted.current = true; onSubmit(choices[i].value); }
    else if (/^[1-9]$/.test(input) && Number(input) <= choices.length) {
      const n = Number(input) - 1;
      setIndex(n); onHighlight?.(choices[n].value);
    }
  }, { isActive });

  const shown = choices.slice(top, top + rows);
  const labelWidth = Math.min(Math.max(...choices.map((c) => c.label.length), 0), Math.floor(width / 2));
  return (
    <Box flexDirection="column">
      {scroll && <Text dimColor>{top > 0 ? `  ${G.up} ${top} more` : ' '}</Text>}
      {shown.map((c, n) => {
        const at = top + n === i;
        const num = choices.length > 1 && top + n < 9 ? `${top + n + 1}.` : '  ';
        return (
          <Text key={c.value} wrap="truncate-end">
            <Text color={at ? 'cyan' : undefined} bold={at}>{at ? G.pointer : ' '} {num} {c.label.padEnd(labelWidth)}</Text>
            {c.hint ? <Text dimColor>  {c.hint}</Text> : null}
          </Text>
        );
      })}
      {scroll && <Text dimColor>{top + rows < choices.length ? `  ${G.down} ${choices.length - top - rows} more` : ' '}</Text>}
    </Box>
  );
}
