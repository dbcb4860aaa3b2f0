// Used by build.mjs (builtinsInPlace); tested in test/unit/builtin-imports.test.ts.

/**
 * `import { a, b as c } from 'node:x'` → `const { a, b: c } = globalThis.process.getBuiltinModule('node:x');`
 * (and `import x from` / `import * as x from` → `const x = …`), for our own sources; type-only
 * ones are left for the bundler to drop. Node ≥ 22.3 has getBuiltinModule (the launcher
 * requires 22.19). A built-in import this does not recognise (a comment after it on its line,
 * say) fails the build rather than passing through unchanged.
 */
export function builtinImportsInPlace(source, file) {
  return source.replace(/^import\s+(?!type\s)([^'";]*?)\s+from\s+'(node:[a-z_/]+)';[ \t]*$/gm, (line, clause, mod) => {
    // globalThis: `import process from 'node:process'` declares a `process` of its own.
    const get = `globalThis.process.getBuiltinModule(${JSON.stringify(mod)})`;
    const m = /^(?:([A-Za-z_$][\w$]*)\s*,\s*)?(?:\{([^}]*)\}|\*\s+as\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*))$/.exec(clause.trim());
    if (!m) throw new Error(`${file}: cannot rewrite built-in import: ${line}`);
    const [, first, named, star, only] = m;
    const out = [];
    for (const d of [first, star, only]) if (d) out.push(`const ${d} = ${get};`);
    if (named !== undefined) {
      const names = named.split(',').map((x) => x.trim()).filter((x) => x && !x.startsWith('type '))
        .map((x) => x.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
      if (names.length) out.push(`const { ${names.join(', ')} } = ${get};`);
    }
    return out.join(' ');
  }).replace(/^import\s(?:[^;]*?from\s+)?'node:[^']*';/gms, (rest) => {
    if (/^import\s+type\s/.test(rest)) return rest;
    throw new Error(`${file}: cannot rewrite built-in import: ${rest}`);
  });
}
