// Step 1: which cluster (kubeconfig context). The current context is highlighted first.
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { SelectList } from './SelectList.tsx';
import { G } from './glyphs.ts';

export interface ContextScreenProps { contexts: string[]; current?: string; cursor: number; width: number; height: number; title: string }

export function ContextScreen({ contexts, current, cursor, width, height, title }: ContextScreenProps) {
  const rows = contexts.map((c) => ({ label: c, hint: c === current ? '(current)' : undefined }));
  return (
    <Frame title={title} width={width} hints={`${G.up}${G.down} move  Enter pick  q quit`} status={`${contexts.length} contexts in the kubeconfig`}>
      <Text>Which cluster holds the Wallaroo to uninstall?</Text>
      <Box marginTop={1}><SelectList rows={rows} cursor={cursor} height={height - 7} width={width} /></Box>
    </Frame>
  );
}
