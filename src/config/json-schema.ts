// The preset format as JSON Schema (draft-07, what editors' YAML plugins understand best).
import * as z from 'zod';
import { answersSchema } from './schema.ts';

export function presetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(answersSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://wallaroo.ai/schemas/wallaroo-install/preset-v1.json',
    title: 'wallaroo-install preset (apiVersion wallaroo-install/v1)',
    description: 'Answers for an unattended Wallaroo install: `wallaroo-install --preset FILE`. Secret fields take env:NAME or file:PATH.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
