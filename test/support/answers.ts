// Building answers in tests the way a preset would: through the schema, so defaults apply.
import { answersSchema, type Answers, type AnswersInput } from '../../src/config/schema.ts';

export const baseInput: AnswersInput = {
  apiVersion: 'wallaroo-install/v1',
  chart: { channel: '2025-1', version: '2025.1.0-6290' },
  distribution: 'eks',
  domain: { prefix: 'wallaroo', suffix: 'example.com' },
};

/** The smallest preset that installs, as a file's text (its license is read from env:LICENSE). */
export const MINIMAL_PRESET = `apiVersion: wallaroo-install/v1
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login:
    username: admin@example.com
    password: env:LICENSE
distribution: eks
domain:
  suffix: example.com
`;

export function answers(over: Partial<AnswersInput> = {}): Answers {
  return answersSchema.parse({ ...baseInput, ...over });
}

export function parseIssues(over: Partial<AnswersInput>) {
  const r = answersSchema.safeParse({ ...baseInput, ...over });
  return r.success ? [] : r.error.issues;
}
