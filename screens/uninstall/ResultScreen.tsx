// The end: a clean bill, or exactly what is left and why; what was kept on purpose; the DNS
// records that now point at nothing. Scrolls when long.
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { CHROME_ROWS, resultView } from './lines.ts';
import { TONE_COLOR } from './theme.ts';
import { window } from './wrap.ts';
import { G } from './glyphs.ts';
import type { Outcome } from './state.ts';

export interface ResultScreenProps { outcome: Outcome; scroll: number; width: number; height: number; title: string; logFile?: string }

export function resultHeadline(o: Outcome): string {
  if (o.result?.cancelled || o.exitCode === 130) return 'Stopped';
  if (o.result && o.result.clean) return `${G.check} Uninstalled: nothing of Wallaroo's is left beyond what was kept on purpose`;
  if (o.result?.left.length) return `${G.cross} ${o.result.left.length} object${o.result.left.length === 1 ? ' is' : 's are'} still there`;
  return `${G.cross} The uninstall did not finish`;
}

export function ResultScreen({ outcome, scroll, width, height, title, logFile }: ResultScreenProps) {
  const lines = resultView(outcome, width, logFile);
  const rows = Math.max(3, height - CHROME_ROWS - 1);
  const { shown, above, below } = window(lines, scroll, rows);
  const head = resultHeadline(outcome);
  return (
    <Frame title={title} width={width} hints={`${G.up}${G.down} scroll  Enter or q exit`}
      status={above || below ? `${above ? `${G.up}${above} ` : ''}${below ? `${G.down}${below} ` : ''}more lines` : `exit code ${outcome.exitCode}`}>
      <Text bold color={outcome.exitCode === 0 ? 'green' : outcome.exitCode === 130 ? 'yellow' : 'red'} wrap="truncate-end">{head}</Text>
      <Box flexDirection="column" height={rows}>
        {shown.map((l, i) => <Text key={above + i} wrap="truncate-end" color={l.tone ? TONE_COLOR[l.tone] : undefined}>{l.text || ' '}</Text>)}
      </Box>
    </Frame>
  );
}
