// A list to pick from: the highlighted row has the pointer, rows that cannot be picked are dim,
// and a list longer than its height scrolls, saying how many rows are out of view.
import { Box, Text } from 'ink';
import { G } from './glyphs.ts';
import { window } from './wrap.ts';
import { safe } from './lines.ts';

export interface Row { label: string; hint?: string; disabled?: boolean }

export function SelectList({ rows, cursor, height, width }: { rows: Row[]; cursor: number; height: number; width: number }) {
  const h = Math.max(3, height);
  const fits = rows.length <= h;
  const room = fits ? h : h - 2;
  const start = Math.max(0, Math.min(cursor - Math.floor(room / 2), rows.length - room));
  const { shown, above, below } = window(rows, start, room);
  return (
    <Box flexDirection="column">
      {!fits && <Text dimColor>{above ? `${G.up} ${above} more` : ' '}</Text>}
      {shown.map((r, i) => {
        const at = above + i === cursor;
        const text = `${at ? G.pointer : ' '} ${above + i + 1}. ${safe(r.label)}${r.hint ? `  ${safe(r.hint)}` : ''}`;
        return <Text key={above + i} wrap="truncate-end" bold={at && !r.disabled} dimColor={r.disabled} color={at && !r.disabled ? 'cyan' : undefined}>{text.slice(0, Math.max(10, width))}</Text>;
      })}
      {!fits && <Text dimColor>{below ? `${G.down} ${below} more` : ' '}</Text>}
    </Box>
  );
}
