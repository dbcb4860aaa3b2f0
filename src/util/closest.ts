// "Did you mean …?" for misspelt keys, values, commands and flags: the nearest candidate by edit
// distance (fastest-levenshtein: linear memory, fast on short strings), if close enough; or one
// that the word abbreviates ("distro" → "distribution").
import { distance } from 'fastest-levenshtein';

export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (!w) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(w.length / 3)) && bestD < w.length) return best;
  // An abbreviation ("distro"), a part of a longer name, or a longer name around a known one:
  // only when exactly one candidate fits.
  if (w.length >= 3) {
    const prefix = (l: string) => { let i = 0; while (i < w.length && i < l.length && w[i] === l[i]) i++; return i; };
    const fits = candidates.filter((c) => {
      const l = c.toLowerCase();
      return l.startsWith(w) || (w.length >= 4 && l.includes(w)) || (l.length >= 4 && w.includes(l))
        || (w.length >= 4 && prefix(l) >= Math.max(4, Math.ceil(w.length * 0.75)));
    });
    if (fits.length === 1) return fits[0];
  }
  return undefined;
}
