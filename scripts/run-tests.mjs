// Runs every test file under test/ (and the screens' tests beside them in screens/) with Node's
// test runner, TypeScript through tsx.
// Pass file paths to run only those: `npm test -- test/unit/values.test.ts`.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [...globSync('test/**/*.test.{ts,tsx}'), ...globSync('screens/**/*.test.{ts,tsx}')].sort();
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
const r = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000', '--test-reporter=spec', ...files,
], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
