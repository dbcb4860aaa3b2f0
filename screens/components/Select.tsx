// A single choice from a list that scrolls within its height: arrows, PgUp/PgDn, Home/End, a
// digit picks that row, Enter chooses. The highlight logic is a pure reducer (selectMove).
import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys.tsx';
import type { Choice } from '../../src/wizard/question.ts';
import { G } from '../glyphs.ts';
import { wrapText } from './wrap.ts';

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

/** Pointer, space, number, space: the columns before a label (`❯ 1. label`). */
const LEAD = 5;

function labelWidthOf(choices: Choice[], width: number): number {
  return Math.min(Math.max(...choices.map((c) => c.label.length), 0), Math.floor(width / 2));
}

/** Whether a choice's row, label and hint, is cut at this width. */
function rowCut(c: Choice, labelWidth: number, width: number): boolean {
  return c.hint !== undefined && LEAD + Math.max(c.label.length, labelWidth) + 2 + c.hint.length > width;
}

/** Rows the longest cut hint needs to be shown whole under its choice (at most 3). */
export function hintRows(choices: Choice[], width: number): number {
  const lw = labelWidthOf(choices, width);
  return Math.min(3, Math.max(0, ...choices.filter((c) => rowCut(c, lw, width)).map((c) => wrapText(c.hint!, width - LEAD).length)));
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
  const labelWidth = labelWidthOf(choices, width);
  // The highlighted row's hint, when its row is cut at this width, is shown whole under it
  // (indented under the labels) in rows the list has to spare: never at the cost of a choice
  // shown (a screen that can, asks for them: hintRows). The rows are kept while moving, blank
  // under a row that fits, so the screen does not jump.
  const cur = choices[i];
  const reserve = Math.min(hintRows(choices, width), Math.max(0, height - choices.length));
  let hintLines = cur?.hint !== undefined && rowCut(cur, labelWidth, width) ? wrapText(cur.hint, width - LEAD) : [];
  if (hintLines.length > reserve) hintLines = reserve ? [...hintLines.slice(0, reserve - 1), `${hintLines.slice(reserve - 1).join(' ').slice(0, width - LEAD - 1)}${G.ellipsis}`] : [];
  const avail = height - reserve;
  const scroll = choices.length > avail;
  const rows = Math.max(1, scroll ? avail - 2 : avail);
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
  return (
    <Box flexDirection="column">
      {scroll && <Text dimColor>{top > 0 ? `  ${G.up} ${top} more` : ' '}</Text>}
      {shown.map((c, n) => {
        const at = top + n === i;
        const num = choices.length > 1 && top + n < 9 ? `${top + n + 1}.` : '  ';
        const whole = at && hintLines.length > 0;
        return (
          <Box key={c.value} flexDirection="column">
            <Text wrap="truncate-end">
              <Text color={at ? 'cyan' : undefined} bold={at}>{at ? G.pointer : ' '} {num} {c.label.padEnd(labelWidth)}</Text>
              {c.hint && !whole ? <Text dimColor>  {c.hint}</Text> : null}
            </Text>
            {whole && hintLines.map((l, k) => <Text key={k} dimColor wrap="truncate-end">{' '.repeat(LEAD)}{l}</Text>)}
          </Box>
        );
      })}
      {scroll && <Text dimColor>{top + rows < choices.length ? `  ${G.down} ${choices.length - top - rows} more` : ' '}</Text>}
      {Array.from({ length: reserve - hintLines.length }, (_, k) => <Text key={`pad${k}`}> </Text>)}
    </Box>
  );
}
