// One full garbage collection while helm runs and this process only waits. Without it V8 tends to
// start its first mark-compact just after helm has exited (the old generation reaches its first
// limit while the answers, the credentials and the result are being handled): measured with
// helm 3, 11–16 ms of GC (plus 10 ms of concurrent marking) between the address shown and the
// exit, in 3 of 3 runs, that a collection during helm's run takes off the way to the exit.
// V8 offers no idle-time hook to Node and `gc()` only with --expose-gc, which the `npx`
// launcher cannot pass: the flag is set at run time and `gc` read from a fresh context (the
// usual way to do this; if it ever fails, nothing is collected early and nothing else changes).
import { trace } from './trace.ts';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
    const gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Collects once, `afterMs` from now, unless cancelled first (helm ended). Never keeps the process alive. */
export function collectWhileWaiting(afterMs: number): () => void {
  const timer = setTimeout(() => {
    const gc = collector();
    if (!gc) return;
    gc();
    trace('garbage collected while helm runs');
  }, afterMs);
  timer.unref();
  return () => clearTimeout(timer);
}
