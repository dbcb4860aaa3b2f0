// A purge deletes data for good: the release name is typed back first.
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { wrapText } from './wrap.ts';

export interface ConfirmScreenProps { release: string; typed: string; error?: string; summary: string; width: number; title: string }

export function ConfirmScreen({ release, typed, error, summary, width, title }: ConfirmScreenProps) {
  return (
    <Frame title={title} width={width} hints="Enter confirm  Esc back">
      {wrapText(summary, width).map((l, i) => <Text key={i} color="yellow">{l}</Text>)}
      <Box marginTop={1}><Text>Type the release name (<Text bold>{release}</Text>) to purge: </Text><Text inverse>{typed || ' '}</Text></Box>
      {error ? wrapText(error, width).map((l, i) => <Text key={`e${i}`} color="red">{l}</Text>) : <Text> </Text>}
    </Frame>
  );
}
