// Builders shared by the steps' questions: text, select, file path and the secret pair (the value,
// typed masked, and where a replay reads it from).
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { keyPath, type KeyPath } from '../../config/problems.ts';
import { getIn, type Draft } from '../draft.ts';
import type { Choice, Parsed, Question, StepId, WizardContext } from '../question.ts';

export const trimmed = (text: string): Parsed => ({ value: text.trim() === '' ? undefined : text.trim() });

export function expandPath(text: string, cwd: string): string {
  const t = text.trim();
  const home = t === '~' || t.startsWith('~/') ? homedir() + t.slice(1) : t;
  return isAbsolute(home) ? home : resolve(cwd, home);
}

const show = (v: unknown) => (v === undefined || v === '' ? '(not set)' : String(v));

type Base = Partial<Question> & { id?: string; path: KeyPath; label: string };

export function textQ(step: StepId, d: Draft, o: Base & { default?: string }): Question {
  const v = getIn(d, o.path);
  return {
    id: o.id ?? keyPath(o.path), step, kind: 'text', owns: [o.path], display: show,
    parse: trimmed, format: (x) => (x === undefined ? '' : String(x)),
    ...o,
    initial: v ?? o.default,
  };
}

export function selectQ(step: StepId, d: Draft, o: Base & { choices: Choice[]; default?: string; value?: unknown }): Question {
  const v = o.value !== undefined ? o.value : getIn(d, o.path);
  const initial = v !== undefined ? String(v) : o.default ?? o.choices[0]?.value;
  return {
    id: o.id ?? keyPath(o.path), step, kind: 'select', owns: [o.path],
    display: (x) => o.choices.find((c) => c.value === String(x))?.label ?? show(x),
    ...o,
    initial,
  };
}

/** yes/no as a select, stored as a boolean. */
export function yesNoQ(step: StepId, d: Draft, o: Base & { default: boolean; yes: string; no: string }): Question {
  const v = getIn(d, o.path);
  return selectQ(step, d, {
    ...o,
    choices: [{ value: 'yes', label: o.yes }, { value: 'no', label: o.no }],
    value: v === undefined ? undefined : v ? 'yes' : 'no',
    default: o.default ? 'yes' : 'no',
    parse: (t) => ({ value: t === 'yes' }),
    display: (x) => (x === true || x === 'yes' ? o.yes : o.no),
  });
}

export function pathQ(step: StepId, d: Draft, c: WizardContext, o: Base): Question {
  return {
    ...textQ(step, d, o),
    kind: 'path',
    parse: (t) => ({ value: t.trim() ? expandPath(t, c.cwd) : undefined }),
    ...o,
    initial: getIn(d, o.path),
  };
}

/** `env:NAME`, `file:PATH`, a bare NAME (an environment variable) or a path (a file). */
export function parseSecretSource(text: string, cwd: string): Parsed {
  const t = text.trim();
  if (!t) return { error: 'say where a replay reads it from: an environment variable (env:NAME) or a file (file:PATH)' };
  if (t.startsWith('env:') || /^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) {
    const name = t.startsWith('env:') ? t.slice(4) : t;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { error: `"${name}" is not an environment variable name (letters, digits and _, not starting with a digit)` };
    return { value: `env:${name}` };
  }
  const p = t.startsWith('file:') ? t.slice(5) : t;
  if (!p || !(p.startsWith('/') || p.startsWith('.') || p.startsWith('~') || t.startsWith('file:'))) {
    return { error: 'use env:NAME for an environment variable or file:PATH for a file (the value itself is never saved)' };
  }
  return { value: `file:${expandPath(p, cwd)}` };
}

/**
 * A secret is asked as two questions: the value (masked, kept in memory for this run only) and
 * the place a replay of the saved answers reads it from (saved as env:NAME or file:PATH).
 */
export function secretPair(step: StepId, d: Draft, c: WizardContext, o: { path: KeyPath; label: string; env: string; help?: string }): Question[] {
  const key = keyPath(o.path);
  const raw = getIn(d, o.path);
  // A literal secret from a preset is never shown: the wizard moves it to SecretValues first.
  const ref = typeof raw === 'string' && /^(env|file):/.test(raw) ? raw : undefined;
  const typed = c.secrets[key];
  return [
    {
      id: `${key}#value`, step, kind: 'secret', path: o.path, label: o.label, secretKey: key,
      help: o.help ?? `Typed masked, kept in memory for this run, never written to a file. Leave it empty to read it from the place asked next.`,
      initial: typed ?? '', owns: [], locate: [o.path],
      display: () => (typed ? '******** (typed)' : '(read from the source below)'),
    },
    {
      id: key, step, kind: 'text', path: o.path, label: `Where a replay reads ${o.label.toLowerCase().replace(/^the /, '')} from`,
      help: 'env:NAME (an environment variable) or file:PATH (a file holding only the secret). Saved in the answers instead of the value.',
      initial: ref ?? `env:${o.env}`, owns: [o.path],
      parse: (t) => parseSecretSource(t, c.cwd), format: (x) => (x === undefined ? '' : String(x)),
      display: (x) => (typeof x === 'string' && (x.startsWith('env:') || x.startsWith('file:')) ? x : x ? '(a literal value from the preset)' : '(not set)'),
    },
  ];
}
