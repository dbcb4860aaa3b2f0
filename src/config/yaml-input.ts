// YAML from a file we do not control, parsed within bounds and in linear time:
// - alias bombs ("billion laughs") are refused (yaml's maxAliasCount), ordinary anchors and
//   `<<` merge keys work;
// - nesting deeper than any preset needs is refused, before the parser recurses into it;
// - duplicate keys are found with one pass and a Set per mapping (yaml's own uniqueKeys check
//   compares each key with every earlier one: quadratic, seconds for a few thousand keys);
// - every node's position is indexed once, so that locating N problems costs O(N), not O(N²).
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, isAlias, type Document, type Node } from 'yaml';
import type { KeyPath } from './problems.ts';
import { quoteInput, escapeControl } from '../util/escape.ts';

export const YAML_LIMITS = {
  /** Collections inside collections; a preset needs 6. */
  maxDepth: 64,
  /** Aliases expanded when building the data (yaml's resource-exhaustion guard). */
  maxAliasCount: 100,
} as const;

export interface YamlProblem { code: string; message: string; fix: string; line?: number; col?: number }

export type ParsedYaml =
  | { ok: true; data: unknown; locate: (path: KeyPath) => { line?: number; col?: number } }
  | { ok: false; problems: YamlProblem[] };

/**
 * Nesting of flow collections ([…] and {…}), counted without parsing: the parser recurses once
 * per level and takes seconds to give up on 500,000 of them. Brackets inside quoted strings
 * count too; a real preset has a handful, so the bound sits far above any honest file.
 */
function flowNestingAt(text: string, limit: number): number | undefined {
  let depth = 0;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (comment) { if (c === 10) comment = false; continue; }
    if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) <= 32)) comment = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) { if (++depth > limit) return i; }
    else if ((c === 93 /* ] */ || c === 125 /* } */) && depth > 0) depth--;
  }
  return undefined;
}

const pathKey = (path: readonly (string | number)[]) => path.join('\u0000');

export function parseYamlInput(text: string): ParsedYaml {
  const lc = new LineCounter();
  const pos = (offset: number) => { const p = lc.linePos(offset); return { line: p.line, col: p.col }; };
  const deepAt = flowNestingAt(text, YAML_LIMITS.maxDepth * 4);
  if (deepAt !== undefined) {
    // The line counter is filled by the parser; count lines of the prefix directly instead.
    const before = text.slice(0, deepAt);
    const line = before.split('\n').length;
    return { ok: false, problems: [{ code: 'E_YAML_TOO_DEEP', line, col: deepAt - before.lastIndexOf('\n'),
      message: `not a preset: brackets nest more than ${YAML_LIMITS.maxDepth * 4} levels deep`, fix: 'a preset nests a few levels; check that this is the right file' }] };
  }
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error' });
  if (doc.errors.length) {
    return { ok: false, problems: doc.errors.slice(0, 20).map((e) => {
      const deep = e.code === 'RESOURCE_EXHAUSTION';
      return { code: deep ? 'E_YAML_TOO_DEEP' : 'E_YAML', ...pos(e.pos[0]),
        message: deep ? `not a preset: it nests too deeply` : `not valid YAML: ${escapeControl(e.message.split('\n')[0], { oneLine: true })}`,
        fix: deep ? 'a preset nests a few levels; check that this is the right file' : 'fix the YAML syntax at this line (indentation, a missing colon, an unclosed quote)' };
    }) };
  }

  // One walk, with an explicit stack (no recursion): depth, duplicate keys, positions.
  const index = new Map<string, number>();
  const problems: YamlProblem[] = [];
  const stack: { node: unknown; path: (string | number)[]; depth: number }[] = [{ node: doc.contents, path: [], depth: 0 }];
  // An alias inside the node it names (`x: &a [*a]`) makes the data contain itself: every walk
  // over it (validation, secrets, the answers) would never end.
  const selfReference = (alias: unknown): boolean => {
    if (!isAlias(alias)) return false;
    const target = alias.resolve(doc) as Node | undefined;
    const a = alias.range?.[0];
    return Boolean(target?.range && a !== undefined && a >= target.range[0] && a < target.range[2]);
  };
  const checkAlias = (alias: unknown) => {
    if (selfReference(alias)) problems.push({ code: 'E_YAML_ALIASES', ...pos((alias as Node).range?.[0] ?? 0), message: 'not a preset: an alias (*name) refers to the node that contains it, so the data would contain itself', fix: 'remove the alias, or point it at another node' });
  };
  if (doc.contents?.range) index.set('', doc.contents.range[0]);
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= YAML_LIMITS.maxDepth) {
      problems.push({ code: 'E_YAML_TOO_DEEP', ...pos((node as Node).range?.[0] ?? 0), message: `not a preset: it nests more than ${YAML_LIMITS.maxDepth} levels deep`, fix: 'a preset nests a few levels; check that this is the right file' });
      break;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        const at = keyNode?.range?.[0] ?? (node.range?.[0] ?? 0);
        if (key === undefined) {
          problems.push({ code: 'E_YAML', ...pos(at), message: 'not a preset: a key here is a list, a mapping or empty, not a name', fix: 'write keys as plain names (`size: 16`)' });
          continue;
        }
        if (key === '<<') {
          if (isAlias(pair.value)) checkAlias(pair.value); else stack.push({ node: pair.value, path, depth: depth + 1 });
          continue;
        }
        if (seen.has(key)) {
          problems.push({ code: 'E_YAML_DUPLICATE_KEY', ...pos(at), message: `the key ${quoteInput(key)} appears twice${path.length ? ' in this mapping' : ''}`, fix: 'keep one of them' });
          continue;
        }
        seen.add(key);
        const p = [...path, key];
        index.set(pathKey(p), at);
        if (isAlias(pair.value)) checkAlias(pair.value);
        else stack.push({ node: pair.value, path: p, depth: depth + 1 });
      }
    } else {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        const r = (item as Node | null)?.range;
        if (r) index.set(pathKey(p), r[0]);
        if (isAlias(item)) checkAlias(item);
        else stack.push({ node: item, path: p, depth: depth + 1 });
      });
    }
  }
  if (problems.length) return { ok: false, problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (e) {
    const msg = (e as Error).message;
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(msg);
    if (unresolved) {
      const name = unresolved[1];
      const at = text.search(new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^\\s,\\]}])`));
      return { ok: false, problems: [{ code: 'E_YAML', ...(at >= 0 ? pos(at) : { line: 1, col: 1 }),
        message: `not valid YAML: the alias ${quoteInput(`*${name}`)} names no anchor ${quoteInput(`&${name}`)} set before it`,
        fix: `define the anchor (&${escapeControl(name, { oneLine: true })}) on the value before its first use, or write the value out` }] };
    }
    const bomb = /alias/i.test(msg);
    return { ok: false, problems: [{ code: bomb ? 'E_YAML_ALIASES' : 'E_YAML', line: 1, col: 1,
      message: bomb ? `not a preset: its aliases (*name) expand into more than ${YAML_LIMITS.maxAliasCount} copies, the pattern of a YAML "billion laughs" attack`
        : `not valid YAML: ${escapeControl((e as Error).message, { oneLine: true })}`,
      fix: bomb ? 'write the values out, or use fewer aliases' : 'fix the YAML' }] };
  }
  const locate = (path: KeyPath) => {
    // The deepest part of the path that exists in the file: a key that is missing points at
    // the mapping that should hold it.
    for (let n = path.length; n >= 0; n--) {
      const at = index.get(pathKey(path.slice(0, n)));
      if (at !== undefined) return pos(at);
    }
    return { line: 1, col: 1 }; // an empty file: the top of it
  };
  return { ok: true, data, locate };
}
