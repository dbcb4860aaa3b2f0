import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetJsonSchema } from '../../src/config/json-schema.ts';
import { repoRoot } from '../support/tools.ts';

test('presets/schema.json is the JSON Schema generated from the zod answers schema (run `npm run schema`)', () => {
  const committed = JSON.parse(readFileSync(join(repoRoot, 'presets', 'schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(presetJsonSchema())));
  assert.equal(committed.additionalProperties, false, 'editors flag unknown keys');
  assert.deepEqual(committed.required.sort(), ['apiVersion', 'chart', 'distribution', 'domain']);
  assert.deepEqual(committed.properties.distribution.enum, ['aks', 'eks', 'gke', 'oke', 'kurl']);
});
