// Text that came from input (preset keys and values, file names, helm's and the API server's
// messages) is shown with its control characters escaped, so that a preset cannot move the
// cursor, recolour or clear the terminal, or hide text behind bidirectional overrides.
// Every renderer passes what it prints through `escapeControl`.

// C0 controls, DEL, C1 controls, and the Unicode bidi embeddings/overrides/isolates.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escapeOne(c: string): string {
  if (NAMED[c]) return NAMED[c];
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters as visible escapes (`\e`, `\x07`, `\u202e`). Newlines and tabs are kept
 * (multi-line messages such as helm's stay readable) unless `oneLine` is set.
 */
export function escapeControl(text: string, o: { oneLine?: boolean } = {}): string {
  return text.replace(o.oneLine ? CONTROL_OR_NEWLINE : CONTROL, escapeOne);
}

/** A value from input inside a message: one line, escaped, shortened, in double quotes. */
export function quoteInput(value: string, max = 60): string {
  const s = escapeControl(value, { oneLine: true });
  return `"${s.length > max ? `${s.slice(0, max - 3)}...` : s}"`;
}

/** A file path inside a message: one line, escaped, not shortened (it must stay copyable). */
export function showPath(path: string): string {
  return escapeControl(path, { oneLine: true });
}
