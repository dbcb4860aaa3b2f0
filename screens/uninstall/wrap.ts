// Lines fitted to the terminal's width before they are drawn, so a scrolling view counts the
// rows it really uses (Ink would otherwise wrap them behind our back and the screen would grow).
export function wrapText(text: string, width: number, indent = 0): string[] {
  const w = Math.max(10, width);
  const pad = ' '.repeat(Math.min(indent, w - 5));
  const lines: string[] = [];
  let cur = /^ */.exec(text)![0].slice(0, w - 5);
  const push = () => { lines.push(cur); cur = pad; };
  for (const word of text.trim().split(/ +/).filter(Boolean)) {
    let rest = word;
    const sep = cur.trim().length ? ' ' : '';
    if (cur.length + sep.length + rest.length <= w) { cur += sep + rest; continue; }
    if (cur.trim().length) push();
    // A word longer than a whole line is cut.
    while (cur.length + rest.length > w) { const room = w - cur.length; cur += rest.slice(0, room); rest = rest.slice(room); push(); }
    cur += rest;
  }
  if (cur.trim().length || !lines.length) lines.push(cur);
  return lines;
}

/** The first `n` items of a list that may be longer, and how many were left out. */
export function window<T>(items: T[], start: number, n: number): { shown: T[]; above: number; below: number } {
  const s = Math.max(0, Math.min(start, Math.max(0, items.length - n)));
  return { shown: items.slice(s, s + n), above: s, below: Math.max(0, items.length - s - n) };
}
