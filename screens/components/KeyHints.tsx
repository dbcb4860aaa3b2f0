// The bottom line: the keys that work on this screen.
import { Text } from 'ink';
import { G } from '../glyphs.ts';

export type Hint = [key: string, what: string];

export function KeyHints({ hints }: { hints: Hint[] }) {
  return (
    <Text dimColor wrap="truncate-end">
      {hints.map(([k, w], i) => `${i ? `  ${G.dot}  ` : ''}${k} ${w}`).join('')}
    </Text>
  );
}

export const arrows = () => `${G.up}${G.down}`;
