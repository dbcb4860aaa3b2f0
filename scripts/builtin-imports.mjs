// Used by build.mjs (builtinsInPlace); tested in test/unit/builtin-imports.test.ts.

/**
 * `import { a, b as c } from 'node:x'` → `const { a, b: c } = globalThis.process.getBuiltinModule('node:x');`
 * (and `import x from` / `import * as x from` / `{ default as x }` → `const x = …`), for our own
 * sources; type-only ones are left for the bundler to drop. Node ≥ 22.3 has getBuiltinModule
 * (the launcher requires 22.19). Any other statement that loads a built-in (a re-export, a
 * side-effect import, an import with a comment after it on its line) stops the build rather
 * than passing through unchanged. It works by lines: an import-shaped line inside a template
 * string would be rewritten too (the sources it runs on have none).
 */
export function builtinImportsInPlace(source, file) {
  return source.replace(/^import\s+(?!type\s)([^'"`;]*?)\s+from\s+(['"])(node:[a-z0-9_/]+)\2;?[ \t]*$/gm, (line, clause, _q, mod) => {
    // globalThis: `import process from 'node:process'` declares a `process` of its own.
    const get = `globalThis.process.getBuiltinModule(${JSON.stringify(mod)})`;
    const m = /^(?:([A-Za-z_$][\w$]*)\s*,\s*)?(?:\{([^}]*)\}|\*\s+as\s+([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*))$/.exec(clause.trim());
    if (!m) throw new Error(`${file}: cannot rewrite built-in import: ${line}`);
    const [, first, named, star, only] = m;
    const out = [];
    for (const d of [first, star, only]) if (d) out.push(`const ${d} = ${get};`);
    if (named !== undefined) {
      const names = [];
      for (const x of named.split(',').map((y) => y.trim()).filter((y) => y && !y.startsWith('type '))) {
        // A built-in's default export is the module itself, not a property of it.
        const dflt = /^default\s+as\s+([\w$]+)$/.exec(x);
        if (dflt) { out.push(`const ${dflt[1]} = ${get};`); continue; }
        if (x === 'default' || /^default\b/.test(x)) throw new Error(`${file}: cannot rewrite built-in import: ${line}`);
        names.push(x.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
      }
      if (names.length) out.push(`const { ${names.join(', ')} } = ${get};`);
    }
    return out.join(' ');
  }).replace(/^[ \t]*(?:import|export)\b[^;]*?from\s*(['"])node:[^'"]*\1|^[ \t]*import\s*(['"])node:[^'"]*\2/gm, (rest) => {
    if (/^\s*(?:import|export)\s+type\s/.test(rest)) return rest;
    throw new Error(`${file}: cannot rewrite built-in import: ${rest}`);
  });
}
