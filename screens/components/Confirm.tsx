// A yes/no question over the current screen (quit? stop the install?): y or n, Enter takes the
// default, Esc is "no".
import { Box, Text } from 'ink';
import { useKeys } from './keys.tsx';
import { G } from '../glyphs.ts';

export interface ConfirmProps {
  title: string;
  lines?: string[];
  defaultYes?: boolean;
  onAnswer: (yes: boolean) => void;
}

export function Confirm({ title, lines = [], defaultYes = false, onAnswer }: ConfirmProps) {
  useKeys((input, key) => {
    if (/^[yY]$/.test(input)) onAnswer(true);
    else if (/^[nN]$/.test(input) || key.escape) onAnswer(false);
    else if (key.return) onAnswer(defaultYes);
    else if (key.ctrl && input === 'c') onAnswer(true);
  });
  return (
    <Box flexDirection="column" borderStyle={G.border} borderColor="yellow" paddingX={1}>
      <Text bold>{title} <Text dimColor>{defaultYes ? '[Y/n]' : '[y/N]'}</Text></Text>
      {lines.map((l, i) => <Text key={i} wrap="wrap">{l}</Text>)}
    </Box>
  );
}
