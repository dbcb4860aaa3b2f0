// The first frame, written before anything else loads (Ink, React and the questions take a few
// hundred ms on a busy machine): the first question as it looks while the kubeconfig is read,
// as plain text. Ink then erases it and draws the same screen in place. Keys typed meanwhile
// wait in the terminal (raw mode is already on) for the wizard.
import { ALWAYS_SHOWN, FIRST_QUESTION, STEP_ORDER } from '../src/wizard/step-order.ts';
import { G, asciiFold } from './glyphs.ts';
import { escapeControl } from '../src/util/escape.ts';

export interface BootFrame { lines: number; erase: () => void }

export function bootLines(width: number, color: boolean, preset?: string): string[] {
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  // Every line whole, cut to one column less than the terminal: a line that wrapped would take
  // two rows, and the erase (one row per line) would leave one behind above Ink's screen.
  const cut = (s: string) => (s.length > width - 1 ? s.slice(0, Math.max(1, width - 2)) + G.ellipsis : s);
  const prefix = `wallaroo-install ${G.dot} step 1 of ${ALWAYS_SHOWN} ${G.dot} `;
  const head = cut(prefix + STEP_ORDER[0].title);
  const lines = [
    dim(head.slice(0, prefix.length)) + bold(head.slice(prefix.length)),
    dim(G.rule.repeat(Math.max(1, Math.min(width - 1, 100)))),
  ];
  if (preset) return [...lines, cut(`${G.spinner[0]} reading ${escapeControl(preset, { oneLine: true })}...`)];
  return [...lines, bold(cut(FIRST_QUESTION.label)), cut(`${G.spinner[0]} ${FIRST_QUESTION.busy}`),
    dim(cut(`${G.up}${G.down} move  ${G.dot}  Enter choose  ${G.dot}  Esc back  ${G.dot}  Ctrl-C quit`))];
}

export function writeBoot(out: NodeJS.WriteStream, env: NodeJS.ProcessEnv, preset?: string): BootFrame {
  const noColor = env.FORCE_COLOR === '0' || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  const color = !noColor && (out.hasColors?.() ?? false);
  // An ASCII terminal gets ASCII, as Ink's output does (run-ink.tsx).
  const lines = bootLines(out.columns || 80, color, preset).map((l) => (G.ellipsis === '…' ? l : asciiFold(l)));
  out.write(lines.join('\n') + '\n');
  return {
    lines: lines.length,
    // Up one row and clear it, for each row written: Ink then starts where the frame started.
    erase: () => { out.write('\x1b[1A\x1b[2K'.repeat(lines.length)); },
  };
}
