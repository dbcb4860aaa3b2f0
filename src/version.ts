// The tool's version: baked into the bundle by scripts/build.mjs; read from package.json when
// running from source (tests).
import { readFileSync } from 'node:fs';

declare const __WALLAROO_INSTALL_VERSION__: string | undefined;

export const VERSION: string = typeof __WALLAROO_INSTALL_VERSION__ !== 'undefined'
  ? __WALLAROO_INSTALL_VERSION__
  : JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
