// Building answers in tests the way a preset would: through the schema, so defaults apply.
import { answersSchema, type Answers, type AnswersInput } from '../../src/config/schema.ts';

export const baseInput: AnswersInput = {
  apiVersion: 'wallaroo-install/v1',
  chart: { channel: '2025-1', version: '2025.1.0-6290' },
  distribution: 'eks',
  domain: { prefix: 'wallaroo', suffix: 'example.com' },
};

export function answers(over: Partial<AnswersInput> = {}): Answers {
  return answersSchema.parse({ ...baseInput, ...over });
}

export function parseIssues(over: Partial<AnswersInput>) {
  const r = answersSchema.safeParse({ ...baseInput, ...over });
  return r.success ? [] : r.error.issues;
}
