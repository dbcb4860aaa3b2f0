// One bundled ESM file with zero runtime dependencies: dist/wallaroo-install.js.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });
writeFileSync('dist/devtools-stub.js', 'export default {};\n');
const result = await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/wallaroo-install.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.19',
  minify: true,
  keepNames: true,
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
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`build: dist/wallaroo-install.js ${(bytes / 1024).toFixed(0)} KiB`);
