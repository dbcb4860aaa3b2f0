// The sizing table with each service on or off: arrows move, Space toggles (dependencies follow,
// and the line below says which and why), Enter accepts. It scrolls within its height.
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys.tsx';
import type { Draft } from '../../src/wizard/draft.ts';
import { serviceRows, serviceInputs, serviceProblems } from '../../src/wizard/questions/size.ts';
import { toggleService, type ServiceOverrides } from '../../src/wizard/service-toggles.ts';
import { CLUSTER_SIZES } from '../../src/wallaroo/sizing.ts';
import { G } from '../glyphs.ts';
import { wrapText } from './wrap.ts';
import { selectMove, windowStart } from './Select.tsx';

export interface ServicesTableProps {
  draft: Draft;
  height: number;
  /** The screen's width: a note (a refusal, a warning) wider than it wraps, never cut. */
  width?: number;
  isActive?: boolean;
  onChange: (services: ServiceOverrides) => void;
  onSubmit: () => void;
}

export function ServicesTable({ draft, height, width = 80, isActive = true, onChange, onSubmit }: ServicesTableProps) {
  const rows = serviceRows(draft);
  const size = serviceInputs(draft).size;
  const [index, setIndexState] = useState(0);
  const latest = useRef(0);
  const setIndex = (n: number) => { latest.current = n; setIndexState(n); };
  const [note, setNote] = useState<{ text: string; refused?: boolean } | undefined>();
  const problems = serviceProblems(draft);
  const current = rows[Math.min(index, rows.length - 1)];
  const hint = note?.text ?? problems[current.id];
  const noteText = hint ? `${note?.refused ? G.cross : G.warn} ${hint}` : `${G.dot} a service outside the sizing table is on for every size`;
  // The note is wrapped, never cut (a refusal says what to do): its rows, up to 3, come out of
  // the list's.
  const noteRows = Math.min(3, wrapText(noteText, Math.max(20, width - 1)).length);
  // Header, two scroll lines and the note's rows come out of the height.
  const listRows = Math.max(3, height - 3 - noteRows);
  const top = windowStart(index, rows.length, listRows);
  useKeys((input, key) => {
    const index = latest.current;
    if (key.upArrow) setIndex(selectMove(index, rows.length, 'up', listRows));
    else if (key.downArrow) setIndex(selectMove(index, rows.length, 'down', listRows));
    else if (key.pageUp) setIndex(selectMove(index, rows.length, 'pageUp', listRows));
    else if (key.pageDown) setIndex(selectMove(index, rows.length, 'pageDown', listRows));
    else if (key.home) setIndex(0);
    else if (key.end) setIndex(rows.length - 1);
    else if (input === ' ') {
      const r = toggleService(serviceInputs(draft), rows[index].id);
      setNote(r.note ? { text: r.note, refused: r.refused } : undefined);
      if (!r.refused) onChange(r.services);
    } else if (key.return) onSubmit();
  }, { isActive });

  const cell = (on: boolean | undefined, s: number) => {
    const mark = on === undefined ? G.dot : on ? G.check : G.cross;
    return <Text key={s} color={s === size ? 'cyan' : undefined} dimColor={s !== size}>{mark.padStart(s === 8 ? 3 : 4)}</Text>;
  };
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">{'    service'.padEnd(44)}{CLUSTER_SIZES.map((s) => String(s).padStart(s === 8 ? 3 : 4)).join('')}   (size {size})</Text>
      <Text dimColor>{top > 0 ? `  ${G.up} ${top} more` : ' '}</Text>
      {rows.slice(top, top + listRows).map((r, n) => {
        const at = top + n === index;
        return (
          <Text key={r.id} wrap="truncate-end">
            <Text color={at ? 'cyan' : undefined} bold={at}>{at ? G.pointer : ' '} </Text>
            <Text color={r.on ? 'green' : undefined}>{r.on ? G.on : G.off}</Text>
            <Text bold={at}> {r.label.padEnd(38)}</Text>
            {CLUSTER_SIZES.map((s) => cell(r.table ? r.table[s] : undefined, s))}
            {r.overridden ? <Text color="yellow">   {r.on ? 'on' : 'off'} (changed)</Text> : null}
            {problems[r.id] ? <Text color="yellow"> {G.warn}</Text> : null}
          </Text>
        );
      })}
      <Text dimColor>{top + listRows < rows.length ? `  ${G.down} ${rows.length - top - listRows} more` : ' '}</Text>
      <Text wrap="wrap" color={note?.refused ? 'red' : hint ? 'yellow' : undefined} dimColor={!hint}>{noteText}</Text>
    </Box>
  );
}
