// Step 3: the plan, nothing deleted yet. Every object in its group with what will happen to it
// (helm / delete / keep / skip), scrolling; Tab shows the other mode's plan.
import { Box, Text } from 'ink';
import type { UninstallPlan } from '../../src/flows/uninstall/types.ts';
import { Frame } from './Frame.tsx';
import { CHROME_ROWS, planView } from './lines.ts';
import { TONE_COLOR } from './theme.ts';
import { window } from './wrap.ts';
import { G } from './glyphs.ts';

export interface PlanScreenProps { plan: UninstallPlan; scroll: number; width: number; height: number; title: string }

export function PlanScreen({ plan, scroll, width, height, title }: PlanScreenProps) {
  const lines = planView(plan, width);
  const rows = Math.max(3, height - CHROME_ROWS);
  const { shown, above, below } = window(lines, scroll, rows);
  // In words on an ASCII terminal, where the arrows would be ^ and v.
  const more = (n: number, arrow: string, word: string) => (n ? (G.ellipsis === '…' ? `${arrow}${n} ` : `${n} more ${word}, `) : '');
  const status = `${plan.mode === 'purge' ? 'PURGE' : 'keep data'} ${G.dot} ${more(above, G.up, 'above')}${more(below, G.down, 'below')}lines ${above + 1}-${above + shown.length} of ${lines.length}`;
  return (
    <Frame title={title} width={width} status={status}
      hints={`${G.up}${G.down} PgUp PgDn scroll  Tab ${plan.mode === 'purge' ? 'keep-data' : 'purge'} plan  Enter choose  Esc back  q quit`}>
      <Box flexDirection="column" height={rows}>
        {shown.map((l, i) => (
          <Text key={above + i} wrap="truncate-end" bold={l.tone === 'title'} color={l.tone ? TONE_COLOR[l.tone] : undefined}>
            {l.word !== undefined ? `  ${l.word.padEnd(7)}` : ''}{l.text || ' '}
          </Text>
        ))}
      </Box>
    </Frame>
  );
}
