// A spinner glyph (ASCII under LANG=C). Slow on purpose: each frame is bytes sent to the
// terminal, which matters on a thin SSH link.
import { Text, useAnimation } from 'ink';
import { G } from '../glyphs.ts';

export function Spinner({ color = 'cyan' }: { color?: string }) {
  const { frame } = useAnimation({ interval: 120 });
  return <Text color={color}>{G.spinner[frame % G.spinner.length]}</Text>;
}
