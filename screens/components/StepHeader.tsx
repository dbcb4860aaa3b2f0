// The top line of every screen: where we are ("step k of n") and what this step is.
import { Box, Text } from 'ink';
import { G } from '../glyphs.ts';

export function StepHeader({ k, n, title, width }: { k: number; n: number; title: string; width: number }) {
  const left = `wallaroo-install ${G.dot} step ${k} of ${n} ${G.dot} `;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end"><Text dimColor>{left}</Text><Text bold>{title}</Text></Text>
      <Text dimColor>{G.rule.repeat(Math.max(10, Math.min(width - 1, 100)))}</Text>
    </Box>
  );
}
