// zod issues → Problems that say what is wrong and what to do, in the preset's own words.
import type { z } from 'zod';
import type { Problem, KeyPath } from './problems.ts';
import { keyPath } from './problems.ts';
import { closest } from '../util/closest.ts';

type ZodIssue = z.core.$ZodIssue;

/** Keys the schema knows at `path` (for "did you mean"). Walks zod 4's definitions. */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let s: any = schema;
  const unwrap = () => {
    for (let i = 0; i < 10 && s; i++) {
      const d = s._zod?.def;
      if (!d) return;
      if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(d.type)) s = d.innerType;
      else if (d.type === 'pipe') s = d.in;
      else return;
    }
  };
  unwrap();
  for (const p of path) {
    const d = s?._zod?.def;
    if (!d) return [];
    if (d.type === 'object') s = d.shape[p as string];
    else if (d.type === 'array') s = d.element;
    else return [];
    unwrap();
  }
  const d = s?._zod?.def;
  return d?.type === 'object' ? Object.keys(d.shape) : [];
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `the string "${input.length > 40 ? input.slice(0, 37) + '...' : input}"`;
  return `${typeof input} ${String(input)}`;
}

const expectedWords: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
  object: 'a mapping of keys', array: 'a list', literal: 'a fixed value',
};

export function problemsFromZod(schema: z.ZodType, issues: readonly ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const i of issues) {
    const path = i.path as KeyPath;
    const where = keyPath(path) || 'the preset';
    const e = (code: string, p: KeyPath, message: string, fix: string) => out.push({ level: 'error', code, path: p, message, fix });
    switch (i.code) {
      case 'unrecognized_keys':
        for (const k of i.keys) {
          const known = knownKeysAt(schema, path);
          const guess = closest(k, known);
          e('E_UNKNOWN_KEY', [...path, k], `unknown key "${k}"${path.length ? ` in ${where}` : ''}`,
            guess ? `did you mean "${guess}"? Otherwise remove it` : `remove it; known keys here: ${known.join(', ')}`);
        }
        break;
      case 'invalid_type': {
        const input = (i as any).input;
        if (input === undefined) e('E_REQUIRED', path, `${where} is required`, `add ${where}: ${expectedWords[i.expected] ?? i.expected}`);
        else e('E_TYPE', path, `${where} must be ${expectedWords[i.expected] ?? i.expected}, not ${describe(input)}`,
          i.expected === 'boolean' && typeof input === 'string' ? `write true or false without quotes` : `set ${where} to ${expectedWords[i.expected] ?? i.expected}`);
        break;
      }
      case 'invalid_value': {
        const values = i.values.map((x) => JSON.stringify(x));
        if (path.length === 1 && path[0] === 'apiVersion') e('E_API_VERSION', path, `apiVersion must be ${values[0]}`, `put "apiVersion: ${String(i.values[0])}" at the top of the preset`);
        else e('E_VALUE', path, `${where} must be one of ${values.join(', ')}, not ${describe((i as any).input)}`, `use one of: ${i.values.join(', ')}`);
        break;
      }
      case 'invalid_union': {
        const input = (i as any).input;
        e('E_VALUE', path, `${where} has an invalid value ${describe(input)}`, `see presets/schema.json for the allowed values of ${where}`);
        break;
      }
      case 'custom':
        e(String(i.params?.code ?? 'E_RULE'), path, i.message, String(i.params?.fix ?? 'see the message'));
        break;
      default:
        e('E_VALUE', path, `${where} ${i.message}`, `correct ${where}`);
    }
  }
  return out;
}
