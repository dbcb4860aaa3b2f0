// Status lines with a mark per level (ok, warning, error, info, busy); each line is cut to the
// width rather than wrapped, so a screen can count its rows.
import { Box, Text } from 'ink';
import type { Note } from '../../src/wizard/question.ts';
import { G } from '../glyphs.ts';
import { Spinner } from './Spinner.tsx';

const MARK: Record<Note['level'], { mark: () => string; color?: string }> = {
  ok: { mark: () => G.check, color: 'green' },
  warn: { mark: () => G.warn, color: 'yellow' },
  error: { mark: () => G.cross, color: 'red' },
  info: { mark: () => ' ' },
  busy: { mark: () => '' },
};

export function Notes({ notes, max }: { notes: Note[]; max?: number }) {
  if (!notes.length || max === 0) return null;
  const shown = max !== undefined && notes.length > max ? [...notes.slice(0, Math.max(0, max - 1)), { level: 'info' as const, text: `${G.ellipsis} ${notes.length - max + 1} more` }] : notes;
  return (
    <Box flexDirection="column">
      {shown.map((n, i) => (
        <Text key={i} wrap="truncate-end" dimColor={n.level === 'info'}>
          {n.level === 'busy' ? <Spinner /> : <Text color={MARK[n.level].color}>{MARK[n.level].mark()}</Text>} {n.text}
        </Text>
      ))}
    </Box>
  );
}
