// `helm upgrade --install` started while the checks still run, held before it can change
// anything; let go the moment they pass. helm's first 50–70 ms (its start, the kubeconfig, its
// own look at the release's history) then overlap our checks instead of following them.
//
// How it is held, twice over:
// - The first values file is `-`, stdin, which helm reads to its end after that history look
//   and before anything else (the chart, the cluster's APIs, any write; measured with helm 3.17
//   and 4.1 on the test API: a GET of /version and of the release's records, then nothing). Its
//   stdin gets `{` at once and `}` when let go: `{}`, nothing to merge. If this process ends
//   without letting go (a failed check, Ctrl-C, a crash, SIGKILL), stdin closes on `{` alone,
//   which helm cannot parse: it stops with "failed to parse -" having written nothing. (An
//   empty stdin would be empty values, which helm would take: hence the brace sent first.)
// - Its values file is a name that exists only from the let-go on (a link to the run's values
//   file): a helm that read past stdin early (a wrapper that did not pass our stdin on) finds
//   no such file and stops before any write. Only a compiled helm is held at all (install.ts),
//   so this is the second line, not the first.
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Helm, RunOptions, RunResult, StartedRun } from './helm.ts';

export interface GatedHelm {
  /**
   * Lets the held helm go on when it is the run wanted (the same Helm, the same arguments) and
   * still waiting; else stops it (nothing written) and says undefined: the caller then starts
   * helm as usual.
   */
  open(helm: Helm, args: string[], o: { signal: AbortSignal; onLine: NonNullable<RunOptions['onLine']> }): Promise<RunResult> | undefined;
  /** Not needed after all: helm is stopped, having written nothing. Nothing once opened. */
  cancel(): void;
}

/** The arguments with the held values file first: `{}`, so the real files decide every value. */
export function gatedArgs(args: string[]): string[] {
  const at = args.indexOf('--values');
  return at < 0 ? [...args, '--values', '-'] : [...args.slice(0, at), '--values', '-', ...args.slice(at)];
}

/** The name helm is given for the values file: made only when helm is let go. */
export function lateValuesPath(valuesFile: string): string {
  return join(dirname(valuesFile), `.${basename(valuesFile)}.for-helm`);
}

/**
 * Starts `helm` with `args` (whose values file is `valuesFile`), held. Throws only when it
 * cannot start it at all (no room for its output files): the caller then runs helm as usual.
 */
export function startGated(helm: Helm, args: string[], valuesFile: string): GatedHelm {
  const late = lateValuesPath(valuesFile);
  // Not there until the let-go, whatever an earlier attempt in this run folder left.
  rmSync(late, { force: true });
  let letGo!: (text: string) => void;
  const gate = new Promise<string>((res) => { letGo = res; });
  const ac = new AbortController();
  const run: StartedRun = helm.start(gatedArgs(args.map((a) => (a === valuesFile ? late : a))), { stdin: gate, stdinPrefix: '{', signal: ac.signal, watched: true });
  let exited = false;
  run.result.then(() => { exited = true; }, () => { exited = true; });
  let state: 'held' | 'open' | 'cancelled' = 'held';
  const cancel = () => {
    if (state !== 'held') return;
    state = 'cancelled';
    // stdin ends on `{` alone and the values file never appears; and helm, which has only read
    // so far, is killed: one still waiting on an API that does not answer would otherwise
    // outlive us until that request gives up (SIGTERM would only cancel its context).
    letGo('');
    run.kill('SIGKILL');
    run.unref();
  };
  return {
    open(wanted, wantedArgs, o) {
      const same = wanted === helm && sameStrings(wantedArgs, args);
      if (state !== 'held' || exited || !same || o.signal.aborted || !makeLate(valuesFile, late)) {
        cancel();
        return undefined;
      }
      state = 'open';
      run.listen(o.onLine);
      o.signal.addEventListener('abort', () => ac.abort(o.signal.reason), { once: true });
      letGo('}\n');
      // helm has read it by the time it exits; the run's values file stays. A name that cannot
      // be removed is left: helm's result is what counts.
      return run.result.finally(() => { try { rmSync(late, { force: true }); } catch { /* left */ } });
    },
    cancel,
  };
}

/** The values file under the name helm was given: a link, else a private copy. */
function makeLate(valuesFile: string, late: string): boolean {
  try {
    linkSync(valuesFile, late);
    return true;
  } catch {
    try {
      writeFileSync(late, readFileSync(valuesFile), { mode: 0o600, flag: 'wx' });
      return true;
    } catch {
      // Half written (no space left, say): not left for anyone to read as values.
      try { rmSync(late, { force: true }); } catch { /* nothing there */ }
      return false;
    }
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
