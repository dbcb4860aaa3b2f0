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
  // An abbreviation or a part of a longer name: only when exactly one candidate fits.
  if (w.length >= 3) {
    const fits = candidates.filter((c) => { const l = c.toLowerCase(); return l.startsWith(w) || (w.length >= 4 && l.includes(w)) || w.startsWith(l); });
    if (fits.length === 1) return fits[0];
  }
  return undefined;
}
