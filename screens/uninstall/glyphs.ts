// The glyphs the uninstall screens draw, with ASCII stand-ins when the locale is not UTF-8
// (LANG=C, a serial console), where "✔" would come out as mojibake.
export interface Glyphs { pointer: string; check: string; cross: string; warn: string; up: string; down: string; spinner: string[]; rule: string; dot: string }

export const UNICODE: Glyphs = { pointer: '❯', check: '✔', cross: '✘', warn: '⚠', up: '↑', down: '↓', spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'], rule: '─', dot: '·' };
export const ASCII: Glyphs = { pointer: '>', check: 'v', cross: 'x', warn: '!', up: '^', down: 'v', spinner: ['-', '\\', '|', '/'], rule: '-', dot: '-' };

/** UTF-8 when the locale says so (LC_ALL, then LC_CTYPE, then LANG, as C programs read it). */
export function glyphsFor(env: NodeJS.ProcessEnv = process.env): Glyphs {
  return /utf-?8/i.test(env.LC_ALL || env.LC_CTYPE || env.LANG || '') ? UNICODE : ASCII;
}

/** The glyphs of this process (screens read it; tests pin it). */
export let G: Glyphs = glyphsFor();
export function setGlyphs(g: Glyphs): void { G = g; }
