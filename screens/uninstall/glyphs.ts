// The uninstall screens draw the wizard's glyphs (one table, one ASCII fallback under LANG=C).
export { G, setGlyphs, glyphsFor, ASCII, UNICODE, type Glyphs } from '../glyphs.ts';
