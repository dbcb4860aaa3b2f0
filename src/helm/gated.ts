// `helm upgrade --install` started while the checks still run, held before it can change
// anything; let go the moment they pass. helm's first 50–70 ms (its start, the kubeconfig, its
// own look at the release's history) then overlap our checks instead of following them.
//
// How it is held: the first values file is `-`, stdin, which helm reads to its end after that
// history look and before anything else (the chart, the cluster's APIs, any write; measured
// with helm 3.17 and 4.1 on the test API: a GET of /version and of the release's records, then
// nothing). Its stdin gets `{` at once and `}` when let go: `{}`, nothing to merge, the real
// values files following it. If this process ends without letting go (a failed check, Ctrl-C,
// a crash, SIGKILL), stdin closes on `{` alone, which helm cannot parse: it stops with
// "failed to parse -" having written nothing. An empty stdin would instead be empty values,
// and helm would install the chart's defaults: hence the brace sent first.
import type { Helm, RunOptions, RunResult, StartedRun } from './helm.ts';

export interface GatedHelm {
  /**
   * Lets the held helm go on when it is the run wanted (the same Helm, the same arguments) and
   * still waiting; else stops it (nothing written) and says undefined: the
   * caller then starts helm as usual.
   */
  open(helm: Helm, args: string[], o: { signal: AbortSignal; onLine: NonNullable<RunOptions['onLine']> }): Promise<RunResult> | undefined;
  /** Not needed after all: helm stops before writing anything. Nothing once opened. */
  cancel(): void;
}

/** The arguments with the held values file first: `{}`, so the real files decide every value. */
export function gatedArgs(args: string[]): string[] {
  const at = args.indexOf('--values');
  return at < 0 ? [...args, '--values', '-'] : [...args.slice(0, at), '--values', '-', ...args.slice(at)];
}

export function startGated(helm: Helm, args: string[]): GatedHelm {
  let letGo!: (text: string) => void;
  const gate = new Promise<string>((res) => { letGo = res; });
  const ac = new AbortController();
  const run: StartedRun = helm.start(gatedArgs(args), { stdin: gate, stdinPrefix: '{', signal: ac.signal, watched: true });
  let exited = false;
  run.result.then(() => { exited = true; }, () => { exited = true; });
  let state: 'held' | 'open' | 'cancelled' = 'held';
  const cancel = () => {
    if (state !== 'held') return;
    state = 'cancelled';
    // stdin ends on `{` alone: helm stops at once without a write (no SIGTERM: that would only
    // cancel its context, and the shape of its exit would then depend on where it was). A
    // helm still on its first requests (an API that does not answer) reads the end once they
    // give up; our process does not wait for that.
    letGo('');
    run.unref();
  };
  return {
    open(wanted, wantedArgs, o) {
      // The same Helm (binary, environment, context) and the same arguments, or not this run.
      const same = wanted === helm && sameStrings(wantedArgs, args);
      if (state !== 'held' || exited || !same || o.signal.aborted) {
        cancel();
        return undefined;
      }
      state = 'open';
      run.listen(o.onLine);
      o.signal.addEventListener('abort', () => ac.abort(o.signal.reason), { once: true });
      letGo('}\n');
      return run.result;
    },
    cancel,
  };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
