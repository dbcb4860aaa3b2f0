// Bundle entry: run the CLI and exit with its code.
import { main } from './cli.ts';

// A closed pipe (`wallaroo-install ... | head`) is not an error worth a stack trace.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
}
process.exitCode = await main(process.argv.slice(2));
