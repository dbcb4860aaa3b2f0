// Colours by meaning. Colour is never the only signal (the action word, the pointer and the
// check marks say it too), so NO_COLOR (FORCE_COLOR=0, set before Ink loads) loses nothing.
import type { Tone } from './lines.ts';

export const TONE_COLOR: Record<Tone, string | undefined> = {
  title: undefined, dim: 'gray', warn: 'yellow', error: 'red', ok: 'green',
  helm: 'cyan', delete: 'red', keep: 'green', untouched: 'gray',
};
