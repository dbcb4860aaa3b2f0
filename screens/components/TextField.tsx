// One line of text: typing, ←/→, Home/End (Ctrl-A/E), Backspace/Delete, Ctrl-U/K/W, paste;
// masked for secrets; Tab completes (file paths, or names offered by the question). The editing
// itself is a pure function (editText) so it is tested without a terminal.
import { useLayoutEffect, useRef, useState } from 'react';
import { Box, Text, type Key } from 'ink';
import { useKeys } from './keys.tsx';
import { G } from '../glyphs.ts';

export interface TextState { text: string; cursor: number }

export interface TextFieldProps {
  initial: string;
  placeholder?: string;
  mask?: boolean;
  isActive?: boolean;
  width?: number;
  /** Tab: the completed text and the candidates to show. */
  complete?: (text: string) => { text: string; candidates: string[] };
  onChange?: (text: string) => void;
  onSubmit: (text: string) => void;
}

const printable = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, '');

const NO_KEY = { ctrl: false, meta: false } as Key;
const CONTROLS: Record<string, Partial<Key> & { input?: string }> = {
  '\x7f': { backspace: true }, '\b': { backspace: true }, '\x15': { ctrl: true, input: 'u' }, '\x17': { ctrl: true, input: 'w' },
  '\x0b': { ctrl: true, input: 'k' }, '\x01': { ctrl: true, input: 'a' }, '\x05': { ctrl: true, input: 'e' },
};

/** The text after a key; undefined when the key is not an edit. */
export function editText(s: TextState, input: string, key: Key): TextState | undefined {
  // Several keys in one read ("\x15new text" when typing fast): apply them one by one.
  if (input.length > 1 && /[\x00-\x1f\x7f]/.test(input) && !key.ctrl && !key.meta) {
    let cur: TextState = s;
    let changed = false;
    for (const ch of input) {
      const c = CONTROLS[ch];
      const next = c ? editText(cur, c.input ?? '', { ...NO_KEY, ...c } as Key) : editText(cur, ch, NO_KEY);
      if (next) { cur = next; changed = true; }
    }
    return changed ? cur : undefined;
  }
  const { text, cursor } = s;
  if (key.leftArrow || (key.ctrl && input === 'b')) return { text, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow || (key.ctrl && input === 'f')) return { text, cursor: Math.min(text.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { text, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { text, cursor: text.length };
  if (key.backspace) return cursor ? { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 } : s;
  if (key.delete) return { text: text.slice(0, cursor) + text.slice(cursor + 1), cursor };
  if (key.ctrl && input === 'u') return { text: text.slice(cursor), cursor: 0 };
  if (key.ctrl && input === 'k') return { text: text.slice(0, cursor), cursor };
  if (key.ctrl && input === 'w') {
    const before = text.slice(0, cursor).replace(/[^\s/]*[\s/]?$/, '');
    return { text: before + text.slice(cursor), cursor: before.length };
  }
  if (key.ctrl || key.meta || key.return || key.tab || key.escape || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return undefined;
  const add = printable(input);
  if (!add) return undefined;
  return { text: text.slice(0, cursor) + add + text.slice(cursor), cursor: cursor + add.length };
}

// The cursor cell in reverse video. Written as SGR itself: NO_COLOR turns colours off, and
// chalk would drop reverse video with them, leaving no visible cursor.
const REV = '\x1b[7m';
const UNREV = '\x1b[27m';

/**
 * Without colours and styles (NO_COLOR, which run.ts turns into FORCE_COLOR=0 for chalk) a dim
 * example looks like a value already typed: it is then written as "(e.g. …)".
 */
const noStyles = () => process.env.FORCE_COLOR === '0';

export function TextField({ initial, placeholder, mask, isActive = true, width = 78, complete, onChange, onSubmit }: TextFieldProps) {
  const [s, setState] = useState<TextState>({ text: initial, cursor: initial.length });
  const [candidates, setCandidates] = useState<string[]>([]);
  // Keys that arrive in one read (typing over a slow link) each edit the text the one before left.
  const latest = useRef(s);
  const setS = (x: TextState) => { latest.current = x; setState(x); };
  // Keys after Enter in the same read belong to whatever comes next, not to this field.
  const submitted = useRef(false);
  useLayoutEffect(() => { submitted.current = false; });
  useKeys((input, key) => {
    const s = latest.current;
    if (submitted.current) return;
    if (key.return) { submitted.current = true; onSubmit(s.text); return; }
    if (key.tab && complete) {
      const c = complete(s.text);
      setCandidates(c.candidates);
      if (c.text !== s.text) { setS({ text: c.text, cursor: c.text.length }); onChange?.(c.text); }
      return;
    }
    const next = editText(s, input, key);
    if (!next) return;
    setS(next);
    if (next.text !== s.text) { setCandidates([]); onChange?.(next.text); }
  }, { isActive });

  const shown = mask ? '*'.repeat(s.text.length) : s.text;
  // Keep the cursor in view on a long line: show the tail around it.
  const room = Math.max(10, width - 4);
  const from = Math.max(0, s.cursor - room + 1);
  const visible = shown.slice(from, from + room);
  const at = s.cursor - from;
  const cursorChar = visible[at] ?? ' ';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color="cyan">{G.pointer} </Text>
        {from > 0 ? <Text dimColor>{G.ellipsis}</Text> : null}
        {s.text === '' && placeholder && isActive
          ? <Text>{REV} {UNREV}<Text dimColor>{noStyles() ? `(e.g. ${placeholder})` : placeholder}</Text></Text>
          : <Text>{visible.slice(0, at)}{isActive ? `${REV}${cursorChar}${UNREV}` : cursorChar}{visible.slice(at + 1)}</Text>}
      </Text>
      {candidates.length > 0 && (
        <Text dimColor wrap="truncate-end">  {candidates.slice(0, 6).join('  ')}{candidates.length > 6 ? `  (+${candidates.length - 6} more)` : ''}</Text>
      )}
    </Box>
  );
}
