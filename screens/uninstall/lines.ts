// What the scrolling screens show, as lines already fitted to the width (pure): the plan, the
// result. Built from the same sections the plain renderer prints (src/render/uninstall.ts).
import { asciiFold } from '../../src/wizard/ascii.ts';
import { G, ASCII } from './glyphs.ts';
import { ACTION_WORD, planSections, resultLines } from '../../src/render/uninstall.ts';
import type { Action, UninstallPlan } from '../../src/flows/uninstall/types.ts';
import type { Outcome, State } from './state.ts';
import { planOf, CHOICES, HOOK_CHOICES } from './state.ts';
import { wrapText } from './wrap.ts';
import { escapeControl } from '../../src/util/escape.ts';

export type Tone = 'title' | 'dim' | 'warn' | 'error' | 'ok' | Action;
export interface ViewLine { text: string; tone?: Tone; word?: string }

/** Text from the cluster (names, messages, log lines) cannot drive the terminal: controls are shown escaped. */
/** Text from the cluster and the flows: control characters escaped, typography folded to ASCII on an ASCII terminal. */
export const safe = (t: string) => { const s = escapeControl(t, { oneLine: true }); return G === ASCII ? asciiFold(s) : s; };

/** Rows the frame keeps for itself: title, rule, status line, key hints, and one spare. */
export const CHROME_ROWS = 5;

export function planView(plan: UninstallPlan, width: number): ViewLine[] {
  const out: ViewLine[] = [];
  for (const s of planSections(plan)) {
    if (s.group !== 'header') out.push({ text: '' });
    // Titles wrap too: a purge's data line says which volumes keep their data, past 80 columns.
    if (s.group !== 'header') for (const t of wrapText(safe(s.title), width, 2)) out.push({ text: t, tone: 'title' });
    for (const l of s.lines) {
      if (!l.action) {
        const tone: Tone | undefined = /^(warning|BLOCKED)/.test(l.text) ? 'warn' : undefined;
        for (const t of wrapText(`  ${safe(l.text)}`, width, 4)) out.push({ text: t, tone });
        continue;
      }
      wrapText(safe(l.text), width - 9, 2).forEach((t, i) => out.push({ text: t, tone: l.action, word: i === 0 ? ACTION_WORD[l.action!] : '' }));
    }
  }
  return out;
}

export function resultView(o: Outcome, width: number, logFile?: string): ViewLine[] {
  const out: ViewLine[] = [];
  if (o.result) {
    // The first lines say what the screen's headline says already.
    for (const l of resultLines(o.result).slice(o.result.cancelled ? 1 : 2)) {
      const tone: Tone | undefined = /^ {2}left/.test(l) ? 'error' : /^ {2}kept/.test(l) ? 'keep' : /^ {2}skip/.test(l) ? 'untouched' : undefined;
      for (const t of wrapText(safe(l), width, 8)) out.push({ text: t, tone });
    }
  }
  if (o.error && o.error.code !== 'E_LEFTOVERS') {
    if (out.length) out.push({ text: '' });
    for (const t of wrapText(safe(`error: ${o.error.cause} [${o.error.code}]`), width, 2)) out.push({ text: t, tone: o.exitCode === 130 ? 'warn' : 'error' });
    for (const t of wrapText(safe(`next: ${o.error.fix}`), width, 2)) out.push({ text: t });
  } else if (o.error) {
    out.push({ text: '' });
    for (const t of wrapText(safe(`next: ${o.error.fix}`), width, 2)) out.push({ text: t });
  }
  if (logFile) { out.push({ text: '' }); for (const t of wrapText(`log: ${logFile}`, width, 5)) out.push({ text: t, tone: 'dim' }); }
  return out;
}

/** How many rows the current screen scrolls through, and how many it shows at once. */
export function metrics(s: State, width: number, height: number, logFile?: string): { viewport: number; total: number } {
  const viewport = Math.max(3, height - CHROME_ROWS);
  switch (s.screen.name) {
    case 'plan': { const p = planOf(s); return { viewport, total: p ? planView(p, width).length : 0 }; }
    case 'result': return { viewport: viewport - 1, total: s.outcome ? resultView(s.outcome, width, logFile).length : 0 };
    case 'context': return { viewport: viewport - 2, total: s.contexts.length };
    case 'release': return { viewport: viewport - 3, total: s.releases.length };
    case 'choice': return { viewport, total: CHOICES.length };
    case 'hook-failed': return { viewport, total: HOOK_CHOICES.length };
    default: return { viewport, total: 0 };
  }
}
