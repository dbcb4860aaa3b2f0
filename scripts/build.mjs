// The bundle, with zero runtime dependencies: dist/wallaroo-install.js and the chunks it loads on
// demand (dist/chunks/). Split at a few doors only, so that a command loads what it uses in few
// files: the command line itself (--version, --help); src/core.ts, everything that reads files
// or talks to the cluster; the wizard (src/wizard/run.ts, its first frame before Ink) and its Ink
// screens; the uninstall screens; client-node. Each dynamic import() is a door of its own, and
// each distinct set of doors that reaches a module makes one more chunk to load (src/core.ts).
import { build } from 'esbuild';
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { builtinImportsInPlace } from './builtin-imports.mjs';

// Node's built-in modules through require(), not ESM import: importing a built-in as ESM makes
// Node read every one of its exports, and node:http's include a getter that loads Node's own
// copy of undici (measured: `import('node:http')` + `import('node:https')` 45 ms, require 11 ms).
// - In our own sources (src/, screens/) and commander an import of a built-in becomes a
//   `process.getBuiltinModule()` call in place (builtinsInPlace): no module of its own.
// - A bundled CommonJS package's require() of one stays a require() (the banner's createRequire).
// - A bundled ES module's import (Ink's, say) becomes a one-line CommonJS module; its named
//   imports turn into property reads at use time.
// Why not one module per built-in everywhere: each is shared by a different set of the
// bundle's entry points, so each became a chunk of its own, and every chunk costs a load
// (src/core.ts: an install loaded 7 such 220-byte chunks).
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (a) => {
      if (!isBuiltin(a.path)) return undefined;
      // The require() inside the one-line module itself, or a CommonJS package's own: Node's, at run time.
      if (a.namespace === 'builtin' || a.kind === 'require-call') return { path: a.path, external: true };
      return { path: a.path.replace(/^node:/, ''), namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => ({ contents: `module.exports = require(${JSON.stringify(`node:${a.path}`)});`, loader: 'js' }));
  },
};

const builtinsInPlace = {
  name: 'builtins-in-place',
  setup(b) {
    b.onLoad({ filter: /\/(src|screens)\/.*\.tsx?$/ }, (a) => {
      if (/\.test\.tsx?$/.test(a.path)) return undefined;
      const text = readFileSync(a.path, 'utf8');
      return { contents: builtinImportsInPlace(text, a.path), loader: a.path.endsWith('x') ? 'tsx' : 'ts' };
    });
    // commander is an ES module loaded by every command: its built-ins too (Ink's, only in the
    // wizard's chunks, stay one-line modules).
    b.onLoad({ filter: /\/node_modules\/commander\/lib\/.*\.js$/ }, (a) => ({ contents: builtinImportsInPlace(readFileSync(a.path, 'utf8'), a.path), loader: 'js' }));
  },
};

const BANNER = "import { createRequire as __wiCreateRequire } from 'node:module'; const require = __wiCreateRequire(import.meta.url);";
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/devtools-stub.js', 'export default {};\n');
// client-node's index re-exports every module it has; each that imports a CommonJS package
// (cp.js → tar-fs, the WebSocket handler → ws, …) counts as having side effects, so the bundler
// keeps them all. They have none (bar the File polyfill): marked so, the modules the
// installer does not use are left out with their packages (the index, which imports the File
// polyfill for its effect, is left as it is).
const clientNodeWithoutSideEffects = {
  name: 'client-node-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (a) => {
      if (a.pluginData === 'resolving' || !a.importer.includes('@kubernetes/client-node/dist') && a.path !== '@kubernetes/client-node') return undefined;
      const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'resolving' });
      // The index imports the polyfill for its effect: both stay as they are.
      if (r.errors.length || !r.path.includes('@kubernetes/client-node/dist/') || /\/dist\/(index|polyfill)\.js$/.test(r.path)) return r;
      return { ...r, sideEffects: false };
    });
  },
};

const result = await build({
  entryPoints: { 'wallaroo-install': 'src/main.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.19',
  minify: true,
  // No keepNames: it wraps every function and class of the bundle in a call that redefines its
  // `name` (thousands in client-node's generated clients), all run as the modules load. Measured
  // on client-node's chunk (median of 9 loads, compile cache warm): 124-139 ms with it, 97-101 ms
  // without. Nothing here reads a function's or class's name for its logic; stack traces were
  // minified names before as well (they come from the source, not from `name`).
  keepNames: false,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  // Ink imports react-devtools-core only in dev mode; React must run its production build.
  alias: { 'react-devtools-core': './dist/devtools-stub.js' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __WALLAROO_INSTALL_VERSION__: JSON.stringify(pkg.version),
  },
  // Some bundled CommonJS packages call require() for Node built-ins.
  banner: { js: BANNER },
  plugins: [builtinsInPlace, builtinsViaRequire, clientNodeWithoutSideEffects],
  logLevel: 'warning',
});
// The banner's createRequire only where the file uses `require` (the built-ins and the bundled
// CommonJS packages): each import of node:module plus a createRequire costs ≈ 0.13 ms at load
// (measured: 60 modules, 16 ms bare, 24 ms with the banner), and most chunks never call it.
for (const file of Object.keys(result.metafile.outputs)) {
  const text = readFileSync(file, 'utf8');
  if (text.startsWith(BANNER) && !/\brequire\b/.test(text.slice(BANNER.length))) writeFileSync(file, text.slice(BANNER.length));
}
const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
const entry = outputs.find(([f]) => f.endsWith('wallaroo-install.js'))?.[1].bytes ?? 0;
console.log(`build: dist/wallaroo-install.js ${(entry / 1024).toFixed(0)} KiB + ${outputs.length - 1} chunks, ${(bytes / 1024).toFixed(0)} KiB in all`);
// BUILD_META=FILE writes esbuild's metafile (which module went into which chunk, and its bytes):
// for reading a CPU profile of the bundle.
if (process.env.BUILD_META) writeFileSync(process.env.BUILD_META, JSON.stringify(result.metafile));
