// The bundle, with zero runtime dependencies: dist/wallaroo-install.js and the chunks it loads on
// demand (dist/chunks/). Split so that a command loads only what it uses: the wizard's first
// frame needs Ink and the questions, not client-node (most of the bytes), helm or the install
// flow, which load after it; `--version` and `--help` load neither.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';

// Node's built-in modules through require(), not ESM import: importing a built-in as ESM makes
// Node read every one of its exports, and node:http's include a getter that loads Node's own
// copy of undici (measured: `import('node:http')` + `import('node:https')` 45 ms, require 11 ms).
// Each built-in becomes a one-line CommonJS module; named imports turn into property reads at
// use time. `require` is the banner's createRequire below.
const builtinsViaRequire = {
  name: 'builtins-via-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (a) => {
      if (!isBuiltin(a.path)) return undefined;
      // The require() inside the one-line module itself: Node's, at run time.
      if (a.namespace === 'builtin') return { path: a.path, external: true };
      return { path: a.path.replace(/^node:/, ''), namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => ({ contents: `module.exports = require(${JSON.stringify(`node:${a.path}`)});`, loader: 'js' }));
  },
};

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
  banner: { js: "import { createRequire as __wiCreateRequire } from 'node:module'; const require = __wiCreateRequire(import.meta.url);" },
  plugins: [builtinsViaRequire, clientNodeWithoutSideEffects],
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
const entry = outputs.find(([f]) => f.endsWith('wallaroo-install.js'))?.[1].bytes ?? 0;
console.log(`build: dist/wallaroo-install.js ${(entry / 1024).toFixed(0)} KiB + ${outputs.length - 1} chunks, ${(bytes / 1024).toFixed(0)} KiB in all`);
// BUILD_META=FILE writes esbuild's metafile (which module went into which chunk, and its bytes):
// for reading a CPU profile of the bundle.
if (process.env.BUILD_META) writeFileSync(process.env.BUILD_META, JSON.stringify(result.metafile));
