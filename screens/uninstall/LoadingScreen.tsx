// While the cluster is read: what is being done, with a spinner. Ctrl-C leaves (nothing changed).
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { Spinner } from './Spinner.tsx';
import { G, ASCII } from './glyphs.ts';
import { safe } from './lines.ts';

export function LoadingScreen({ what, title, width }: { what: string; title: string; width: number }) {
  return (
    <Frame title={title} width={width} hints="Ctrl-C quit (nothing has been changed)">
      <Box><Spinner /><Text> {safe(what)}{G === ASCII ? '...' : '…'}</Text></Box>
    </Frame>
  );
}
