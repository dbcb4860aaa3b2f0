// Writes presets/schema.json from the zod answers schema (`npm run schema`). A unit test fails
// when the committed file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { presetJsonSchema } from '../src/config/json-schema.ts';

writeFileSync(new URL('../presets/schema.json', import.meta.url), JSON.stringify(presetJsonSchema(), null, 2) + '\n');
console.log('wrote presets/schema.json');
