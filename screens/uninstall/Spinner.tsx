// A spinner glyph (ASCII under LANG=C). Slow on purpose: every frame is bytes on the wire,
// which counts on a thin SSH link.
import { Text, useAnimation } from 'ink';
import { G } from './glyphs.ts';

export function Spinner() {
  const { frame } = useAnimation({ interval: 150 });
  return <Text color="cyan">{G.spinner[frame % G.spinner.length]}</Text>;
}
