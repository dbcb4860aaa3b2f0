// zod issues → Problems that say what is wrong and what to do, in the preset's own words.
// Input text (keys, values) is quoted with its control characters escaped; a missing key says
// it is required and what it takes, never "undefined".
import type * as z from 'zod';
import type { Problem, KeyPath } from './problems.ts';
import { keyPath } from './problems.ts';
import { closest } from '../util/closest.ts';
import { quoteInput, escapeControl } from '../util/escape.ts';

type ZodIssue = z.core.$ZodIssue;

function unwrap(s: any): any {
  for (let i = 0; i < 10 && s; i++) {
    const d = s._zod?.def;
    if (!d) return s;
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return s;
  }
  return s;
}

function schemaAt(schema: z.ZodType, path: KeyPath): any {
  let s: any = unwrap(schema);
  for (const p of path) {
    const d = s?._zod?.def;
    if (!d) return undefined;
    if (d.type === 'object') s = d.shape[p as string];
    else if (d.type === 'array') s = d.element;
    else return undefined;
    s = unwrap(s);
  }
  return s;
}

/** Keys the schema knows at `path` (for "did you mean"). Walks zod 4's definitions. */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  const d = schemaAt(schema, path)?._zod?.def;
  return d?.type === 'object' ? Object.keys(d.shape) : [];
}

/** The values an enum or literal at `path` allows, if it is one. */
function allowedValuesAt(schema: z.ZodType, path: KeyPath): unknown[] | undefined {
  const d = schemaAt(schema, path)?._zod?.def;
  if (d?.type === 'enum') return Object.values(d.entries);
  if (d?.type === 'literal') return d.values;
  return undefined;
}

/** A shown path: key names come from the input, so they are escaped. */
function shownPath(path: KeyPath): string {
  return escapeControl(keyPath(path), { oneLine: true });
}

function describeValue(input: unknown): string {
  if (input === null) return 'null (an empty value)';
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return input === '' ? 'an empty string' : `the string ${quoteInput(input, 40)}`;
  if (typeof input === 'number') return `the number ${input}`;
  if (typeof input === 'boolean') return `${input}`;
  return typeof input;
}


/** A secret's key (a password, a client secret): its value is never shown, only what kind it is. */
function isSecretPath(path: KeyPath): boolean {
  const last = path[path.length - 1];
  return last === 'password' || last === 'clientSecret';
}

function describeHidden(input: unknown): string {
  if (typeof input === 'number') return 'a number (its value not shown: it is a secret)';
  if (typeof input === 'string') return input === '' ? 'an empty string' : 'a string (its value not shown: it is a secret)';
  return describeValue(input);
}

const expectedWords: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
  object: 'a mapping of keys', array: 'a list', literal: 'a fixed value',
};

function hasInput(i: ZodIssue): boolean {
  return 'input' in i && (i as { input?: unknown }).input !== undefined;
}

export function problemsFromZod(schema: z.ZodType, issues: readonly ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const i of issues) {
    const path = i.path as KeyPath;
    const where = shownPath(path) || 'the preset';
    const secret = isSecretPath(path);
    const describe = secret ? describeHidden : describeValue;
    const e = (code: string, p: KeyPath, message: string, fix: string) => out.push({ level: 'error', code, path: p, message, fix });
    switch (i.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path);
        for (const k of i.keys) {
          const guess = closest(k, known);
          e('E_UNKNOWN_KEY', [...path, k], `unknown key ${quoteInput(k)}${path.length ? ` in ${where}` : ''}`,
            guess ? `did you mean "${guess}"? Otherwise remove it` : `remove it; known keys here: ${known.join(', ')}`);
        }
        break;
      }
      case 'invalid_type': {
        const expected = expectedWords[i.expected] ?? i.expected;
        if (!hasInput(i)) {
          const keys = i.expected === 'object' ? knownKeysAt(schema, path) : [];
          e('E_REQUIRED', path, `${where} is required`, keys.length ? `add ${where} with its keys (${keys.join(', ')})` : `add ${where}: ${expected}`);
        } else {
          const input = (i as { input?: unknown }).input;
          e('E_TYPE', path, `${where} must be ${expected}, not ${describe(input)}`,
            i.expected === 'boolean' && typeof input === 'string' ? `write true or false without quotes`
              : secret ? `give ${where} as env:NAME (an environment variable) or file:PATH (a file holding it); written in the preset it must be a quoted string`
                : `set ${where} to ${expected}`);
        }
        break;
      }
      case 'invalid_value': {
        const values = i.values.map((x) => JSON.stringify(x));
        const list = i.values.map(String).join(', ');
        if (path.length === 1 && path[0] === 'apiVersion') {
          e(hasInput(i) ? 'E_API_VERSION' : 'E_REQUIRED', path, hasInput(i) ? `apiVersion must be ${values[0]}` : 'apiVersion is required', `put "apiVersion: ${String(i.values[0])}" at the top of the preset`);
        } else if (!hasInput(i)) {
          e('E_REQUIRED', path, `${where} is required`, `add ${where}: one of ${list}`);
        } else {
          const input = (i as { input?: unknown }).input;
          const guess = !secret && (typeof input === 'string' || typeof input === 'number') ? closest(String(input), i.values.map(String)) : undefined;
          e('E_VALUE', path, `${where} must be one of ${values.join(', ')}, not ${describe(input)}`, guess ? `did you mean ${guess}? Use one of: ${list}` : `use one of: ${list}`);
        }
        break;
      }
      case 'invalid_union': {
        const allowed = allowedValuesAt(schema, path);
        e(hasInput(i) ? 'E_VALUE' : 'E_REQUIRED', path, hasInput(i) ? `${where} has an invalid value, ${describe((i as { input?: unknown }).input)}` : `${where} is required`,
          allowed ? `use one of: ${allowed.map(String).join(', ')}` : `see the preset schema for ${where} (\`wallaroo-install presets show NAME --write DIR\` writes schema.json)`);
        break;
      }
      case 'custom':
        e(String(i.params?.code ?? 'E_RULE'), path, i.message, String(i.params?.fix ?? `correct ${where}`));
        break;
      case 'too_small':
      case 'too_big': {
        const small = i.code === 'too_small';
        const limit = Number(small ? (i as { minimum: unknown }).minimum : (i as { maximum: unknown }).maximum);
        const what = i.origin === 'string' ? (small && limit === 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${limit} characters`)
          : i.origin === 'array' ? `must have ${small ? 'at least' : 'at most'} ${limit} entr${limit === 1 ? 'y' : 'ies'}`
            : `must be ${small ? 'at least' : 'at most'} ${limit}`;
        // A custom message (helm's 53-character limit, say) says more than the generic one.
        const message = /^Too (small|big)/.test(i.message) ? what : i.message;
        e('E_VALUE', path, `${where} ${message}${hasInput(i) && i.origin === 'number' && !secret ? `, not ${(i as { input?: unknown }).input}` : ''}`, `correct ${where}`);
        break;
      }
      default: {
        const input = (i as { input?: unknown }).input;
        e('E_VALUE', path, `${where} ${i.message}${hasInput(i) ? `, not ${describe(input)}` : ''}`, `correct ${where}`);
      }
    }
  }
  return out;
}
