// Every uninstall screen: a title line and a rule on top, the screen's rows, then a status line
// and the keys that work. Never taller than the terminal (Ink would redraw it all on every key).
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { G } from './glyphs.ts';

export interface FrameProps { title: string; width: number; status?: string; hints: string; children: ReactNode }

export function Frame({ title, width, status, hints, children }: FrameProps) {
  const w = Math.max(20, width);
  return (
    <Box flexDirection="column" width={w}>
      <Text bold wrap="truncate-end">{title}</Text>
      <Text dimColor>{G.rule.repeat(Math.min(w, 200))}</Text>
      {children}
      <Text dimColor wrap="truncate-end">{status ?? ' '}</Text>
      <Text dimColor wrap="truncate-end">{hints}</Text>
    </Box>
  );
}
