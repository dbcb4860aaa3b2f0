// Terminals whose locale is not UTF-8 (LANG=C, a serial console) get ASCII: the screens pick
// ASCII glyphs (screens/glyphs.ts), and text from everywhere else is folded here.

/** UTF-8 when the locale says so (LC_ALL, then LC_CTYPE, then LANG, as C programs read it). */
export function unicodeTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

// Typography in messages from everywhere (an ellipsis, a middle dot, quotes, ≥): on an ASCII
// terminal each becomes one ASCII character of the same width, so that layouts computed for
// the original still hold. A cut line's ellipsis becomes "~" (a "." read as a full stop).
const FOLD: Record<string, string> = {
  '…': '~', '·': '-', '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '≥': '>', '≤': '<', '×': 'x', '→': '>', '←': '<', '•': '*',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

export function asciiFold(text: string): string {
  return text.replace(FOLD_RE, (c) => FOLD[c]);
}
