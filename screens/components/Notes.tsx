// Status lines with a mark per level (ok, warning, error, info, busy). They wrap (up to three
// rows: they say what is wrong and what to do), except the busy line; a screen counts their
// rows before drawing them (noteRows).
import { Box, Text } from 'ink';
import type { Note } from '../../src/wizard/question.ts';
import { G } from '../glyphs.ts';
import { Spinner } from './Spinner.tsx';
import { wrapText } from './wrap.ts';

const MARK: Record<Note['level'], { mark: () => string; color?: string }> = {
  ok: { mark: () => G.check, color: 'green' },
  warn: { mark: () => G.warn, color: 'yellow' },
  error: { mark: () => G.cross, color: 'red' },
  info: { mark: () => ' ' },
  busy: { mark: () => '' },
};

const WRAPS = new Set<Note['level']>(['warn', 'error', 'ok', 'info']);

/** The rows of each note at this width. */
export function noteLines(n: Note, width: number): string[] {
  return WRAPS.has(n.level) ? wrapText(n.text, width - 3).slice(0, 3) : [n.text];
}

export function noteRows(notes: Note[], width: number): number {
  return notes.reduce((r, n) => r + noteLines(n, width).length, 0);
}

/** The notes that fit in `rows` (the last one says how many more there are). */
export function fitNotes(notes: Note[], rows: number, width: number): Note[] {
  if (noteRows(notes, width) <= rows) return notes;
  const out: Note[] = [];
  let used = 0;
  for (const n of notes) {
    const r = noteLines(n, width).length;
    if (used + r > rows - 1) break;
    out.push(n);
    used += r;
  }
  return rows > 0 ? [...out, { level: 'info', text: `${G.ellipsis} ${notes.length - out.length} more` }] : [];
}

export function Notes({ notes, width = 80 }: { notes: Note[]; width?: number }) {
  if (!notes.length) return null;
  return (
    <Box flexDirection="column">
      {notes.flatMap((n, i) => noteLines(n, width).map((line, j) => (
        <Text key={`${i}.${j}`} wrap="truncate-end" dimColor={n.level === 'info'}>
          {j > 0 ? '  ' : n.level === 'busy' ? <Spinner /> : <Text color={MARK[n.level].color}>{MARK[n.level].mark()}</Text>}{j > 0 ? '' : ' '}{line}
        </Text>
      )))}
    </Box>
  );
}
