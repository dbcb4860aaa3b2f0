// The build's rewrite of our built-in imports (scripts/builtin-imports.mjs): every form we write
// becomes process.getBuiltinModule() with the same bindings, types are left to the bundler,
// and a form it does not know stops the build instead of slipping through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// @ts-expect-error: a plain .mjs build helper, without types
import { builtinImportsInPlace } from '../../scripts/builtin-imports.mjs';

const rewrite = (src: string): string => builtinImportsInPlace(src, 'x.ts');

test('named, renamed, default, namespace and mixed imports keep their bindings', () => {
  const out = rewrite([
    "import { readFileSync, statSync as stat } from 'node:fs';",
    "import path from 'node:path';",
    "import * as os from 'node:os';",
    "import events, { once } from 'node:events';",
    "import { pipeline } from 'node:stream/promises';",
    // A binding named like the global the rewrite reads it through.
    "import process from 'node:process';",
    // Double quotes, no semicolon, a digit in the name, the default by name.
    'import { constants } from "node:http2"',
    "import { default as util } from 'node:util';",
  ].join('\n'));
  assert.doesNotMatch(out, /^import /m);
  // Evaluated: each name is bound to what Node's own module has.
  const got = new Function(`${out}\nreturn { readFileSync, stat, path, os, events, once, pipeline, process, constants, util };`)();
  assert.equal(got.readFileSync, fs.readFileSync);
  assert.equal(got.stat, fs.statSync);
  assert.equal(got.path.join, path.join);
  assert.equal(typeof got.os.homedir, 'function');
  assert.equal(typeof got.events.EventEmitter, 'function');
  assert.equal(typeof got.once, 'function');
  assert.equal(typeof got.pipeline, 'function');
  assert.equal(got.process, process);
  assert.equal(typeof got.constants.HTTP2_HEADER_STATUS, 'string');
  assert.equal(typeof got.util.inspect, 'function');
});

test('a multi-line import is rewritten whole', () => {
  const out = rewrite("import {\n  readFileSync,\n  existsSync as exists,\n} from 'node:fs';\nconst after = 1;\n");
  assert.equal(out, 'const { readFileSync, existsSync: exists } = globalThis.process.getBuiltinModule("node:fs");\nconst after = 1;\n');
});

test('types are left alone: type-only imports stay for the bundler to drop, inline types are removed', () => {
  assert.equal(rewrite("import type { Agent } from 'node:http';"), "import type { Agent } from 'node:http';");
  assert.equal(rewrite("import { type Readable, Writable } from 'node:stream';"), 'const { Writable } = globalThis.process.getBuiltinModule("node:stream");');
  // Only types: nothing is left to load.
  assert.equal(rewrite("import { type Readable } from 'node:stream';"), '');
});

test('imports of anything else are not touched', () => {
  const src = "import { parse } from 'yaml';\nimport { x } from './node:fs.ts';\nimport z from \"zod\";\n";
  assert.equal(rewrite(src), src);
});

test('a built-in import in a form it does not know stops the build, naming the file', () => {
  assert.throws(() => rewrite("import { readFileSync } from 'node:fs'; // why\n"), /x\.ts: cannot rewrite built-in import/);
  assert.throws(() => rewrite("import 'node:fs';\n"), /x\.ts: cannot rewrite built-in import/);
  assert.throws(() => rewrite("export { readFileSync } from 'node:fs';\n"), /x\.ts: cannot rewrite built-in import/);
  assert.throws(() => rewrite("  import { readFileSync } from \"node:fs\";\n"), /x\.ts: cannot rewrite built-in import/);
  assert.throws(() => rewrite("import { default } from 'node:fs';\n"), /x\.ts: cannot rewrite built-in import/);
  // Types re-exported or imported are the bundler's to drop.
  assert.equal(rewrite("export type { Stats } from 'node:fs';"), "export type { Stats } from 'node:fs';");
});
