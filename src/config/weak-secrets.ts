// Secrets that cannot be hidden in output without hiding ordinary text too: too short, a common
// word, or the same text as a non-secret value of the preset (a password equal to the
// namespace would turn every `--namespace …` into `--namespace ***`). They are not redacted
// (printed paths and commands stay copyable) and the user is told to pick a real secret.
import type { Answers } from './schema.ts';
import type { Problem, KeyPath } from './problems.ts';
import { keyPath } from './problems.ts';
import { secretFields } from './secret-fields.ts';
import { weakSecretReason } from '../util/redact.ts';

/** Every string in the answers that is not a secret field, with its key path. */
function publicStrings(a: unknown, secretPaths: Set<string>): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const stack: { v: unknown; path: KeyPath }[] = [{ v: a, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') { if (!secretPaths.has(keyPath(path))) out.push({ path: keyPath(path), text: v }); }
    else if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return out;
}

export function weakSecretWarnings(a: Answers, secrets: ReadonlyMap<string, string>, unresolved: ReadonlySet<string>): { problems: Problem[]; unmaskable: Set<string> } {
  const problems: Problem[] = [];
  const unmaskable = new Set<string>();
  const fields = secretFields(a);
  const secretPaths = new Set(fields.map((f) => keyPath(f.path)));
  // Linear in the preset: all public text joined once, one search per distinct secret value
  // (a preset may hold thousands of secret fields that all read the same variable).
  let texts: { path: string; text: string }[] | undefined;
  let joined: string | undefined;
  const verdict = new Map<string, string | undefined>();
  const reasonFor = (value: string): string | undefined => {
    if (verdict.has(value)) return verdict.get(value);
    let reason = weakSecretReason(value);
    if (!reason) {
      texts ??= publicStrings(a, secretPaths);
      joined ??= texts.map((t) => t.text).join('\u0000');
      if (joined.includes(value)) reason = `it also appears in the preset as ${texts.find((t) => t.text.includes(value))?.path ?? 'another value'}`;
    }
    verdict.set(value, reason);
    return reason;
  };
  for (const f of fields) {
    const where = keyPath(f.path);
    const value = secrets.get(where);
    if (value === undefined || unresolved.has(where)) continue;
    const reason = reasonFor(value);
    if (!reason) continue;
    unmaskable.add(where);
    problems.push({ level: 'warning', code: 'W_SECRET_WEAK', path: f.path,
      message: `${f.label} is weak: ${reason}, so it cannot be masked in output without garbling other text, and is shown wherever it appears`,
      fix: 'use a long random secret (12 characters or more, not a word)' });
  }
  return { problems, unmaskable };
}
