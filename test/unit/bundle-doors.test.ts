// The bundle is split only at a few doors (scripts/build.mjs, src/core.ts): each dynamic
// import() of another module makes the bundler split the code reachable from it into one more
// set of chunks, and an install then loads more files (62 instead of 12, measured). A new lazy
// import of a part of the cluster side goes through src/core.ts instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../support/tools.ts';

const DOORS = new Set([
  'src/core.ts',
  'src/wizard/run.ts', 'src/wizard/entry.ts', 'src/wizard/plain.ts',
  'screens/run-ink.tsx', 'screens/uninstall/run.tsx',
  'src/kube/client-node.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) => join(d.parentPath, d.name));
}

test('every dynamic import() in the shipped code goes through one of the doors', () => {
  const strays: string[] = [];
  let doors = 0;
  for (const file of [...sources(join(repoRoot, 'src')), ...sources(join(repoRoot, 'screens'))]) {
    const text = readFileSync(file, 'utf8');
    // A call in any quoting, with options or not; not a type (`typeof import('node:http')`,
    // `import('x').T`).
    for (const m of text.matchAll(/(?<![\w$.])(typeof\s+)?import\s*\(\s*(['"`])([^'"`]+)\2\s*[,)](?!\.[A-Z])/g)) {
      if (m[1]) continue;
      const spec = m[3];
      const target = spec.startsWith('.') ? relative(repoRoot, resolve(dirname(file), spec)) : spec;
      if (DOORS.has(target)) doors++;
      else strays.push(`${relative(repoRoot, file)}: import('${spec}')`);
    }
  }
  assert.deepEqual(strays, []);
  // The scan sees the doors it guards (a scan that matched nothing would pass too).
  assert.ok(doors >= 20, `${doors} door imports found`);
});
