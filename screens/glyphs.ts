// Every glyph the screens draw, with an ASCII stand-in for terminals whose locale is not UTF-8
// (LANG=C, a bare serial console): there a "✔" would come out as mojibake.
export interface Glyphs {
  pointer: string; check: string; cross: string; warn: string; info: string; dot: string;
  on: string; off: string; up: string; down: string; arrow: string; ellipsis: string;
  spinner: string[]; border: 'round' | 'classic'; rule: string; bullet: string;
}

const UNICODE: Glyphs = {
  pointer: '❯', check: '✔', cross: '✘', warn: '⚠', info: 'ℹ', dot: '·', on: '◉', off: '◯', up: '↑', down: '↓', arrow: '→',
  ellipsis: '…', spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], border: 'round', rule: '─', bullet: '•',
};

const ASCII: Glyphs = {
  pointer: '>', check: '+', cross: 'x', warn: '!', info: 'i', dot: '-', on: '[x]', off: '[ ]', up: '^', down: 'v', arrow: '->',
  ellipsis: '...', spinner: ['-', '\\', '|', '/'], border: 'classic', rule: '-', bullet: '*',
};

export { unicodeTerminal } from '../src/wizard/ascii.ts';
import { unicodeTerminal } from '../src/wizard/ascii.ts';

export function glyphsFor(env: NodeJS.ProcessEnv = process.env): Glyphs {
  return unicodeTerminal(env) ? UNICODE : ASCII;
}

/** The glyphs of this process (screens read it; tests pin LANG). */
export let G: Glyphs = glyphsFor();
export function setGlyphs(g: Glyphs): void { G = g; }
export { UNICODE, ASCII };


export { asciiFold } from '../src/wizard/ascii.ts';
