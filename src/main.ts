// Bundle entry: run the CLI and exit with its code.
import { main } from './cli.ts';
import { trace } from './util/trace.ts';

// A closed pipe (`wallaroo-install ... | head`) is not an error worth a stack trace.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
}
process.exitCode = await main(process.argv.slice(2));
trace('main returned');
process.on('exit', () => trace('exit'));
// After a cancel a request to a hung API server may still hold the event loop open (until the
// HTTP client gives up): nothing is left to do, helm has ended (it runs in its own session).
if (process.exitCode === 130) process.exit(130);
