// The draft with an answer not yet submitted (the text being typed, the row highlighted), so
// that a question's live notes (FQDN preview, TLS checks) follow the keyboard.
import { setIn, type Draft } from './draft.ts';
import type { Question } from './question.ts';

export function withPending(d: Draft, q: Question, raw: unknown): Draft {
  if (raw === undefined || q.kind === 'secret') return d;
  const p = q.parse && typeof raw === 'string' ? q.parse(raw) : { value: raw };
  if ('error' in p) return d;
  return q.apply ? q.apply(d, p.value) : setIn(d, q.path, p.value);
}

/** The text an input starts with for a question. */
export function initialText(q: Question): string {
  if (q.format) return q.format(q.initial);
  return q.initial === undefined || q.initial === null ? '' : String(q.initial);
}
