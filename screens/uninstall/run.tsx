import type { CliOptions } from '../../src/cli/args.ts';
export async function runUninstallApp(_o: CliOptions): Promise<number> { return 2; }
