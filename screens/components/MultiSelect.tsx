// Several choices from a short list: arrows move, Space toggles, Enter accepts.
import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './keys.tsx';
import type { Choice } from '../../src/wizard/question.ts';
import { G } from '../glyphs.ts';
import { selectMove, windowStart } from './Select.tsx';

export interface MultiSelectProps {
  choices: Choice[];
  initial: string[];
  height: number;
  isActive?: boolean;
  onChange?: (values: string[]) => void;
  onSubmit: (values: string[]) => void;
}

export function MultiSelect({ choices, initial, height, isActive = true, onChange, onSubmit }: MultiSelectProps) {
  const [index, setIndexState] = useState(0);
  const [picked, setPickedState] = useState<string[]>(initial);
  // Keys that arrive in one read each see the one before.
  const latest = useRef({ index: 0, picked: initial });
  const setIndex = (n: number) => { latest.current.index = n; setIndexState(n); };
  const setPicked = (p: string[]) => { latest.current.picked = p; setPickedState(p); };
  const rows = Math.max(1, choices.length > height ? height - 2 : height);
  const top = windowStart(index, choices.length, rows);
  useKeys((input, key) => {
    const { index, picked } = latest.current;
    if (key.upArrow) setIndex(selectMove(index, choices.length, 'up', rows));
    else if (key.downArrow) setIndex(selectMove(index, choices.length, 'down', rows));
    else if (input === ' ') {
      const v = choices[index].value;
      const next = picked.includes(v) ? picked.filter((x) => x !== v) : choices.map((c) => c.value).filter((x) => x === v || picked.includes(x));
      setPicked(next);
      onChange?.(next);
    } else if (key.return) onSubmit(picked);
  }, { isActive });
  return (
    <Box flexDirection="column">
      {choices.length > rows && <Text dimColor>{top > 0 ? `  ${G.up} ${top} more` : ' '}</Text>}
      {choices.slice(top, top + rows).map((c, n) => {
        const at = top + n === index;
        const on = picked.includes(c.value);
        return (
          <Text key={c.value} wrap="truncate-end">
            <Text color={at ? 'cyan' : undefined} bold={at}>{at ? G.pointer : ' '} {on ? G.on : G.off} {c.label}</Text>
            {c.hint ? <Text dimColor>  {c.hint}</Text> : null}
          </Text>
        );
      })}
      {choices.length > rows && <Text dimColor>{top + rows < choices.length ? `  ${G.down} ${choices.length - top - rows} more` : ' '}</Text>}
    </Box>
  );
}
