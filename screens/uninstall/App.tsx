// The interactive uninstall: context → release → plan → keep data / purge / cancel → progress →
// result. One key listener for the whole app feeds the pure reducer (state.ts), so no key is lost
// while a screen changes; effects start the slow work the state asks for (state.job) and feed
// the flow's events back. Nothing is deleted before the plan was shown and a choice made.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useApp, useInput, useWindowSize, type Key as InkKey } from 'ink';
import { EventBus, FlowError } from '../../src/flows/events.ts';
import type { HookFailure } from '../../src/flows/uninstall/hooks.ts';
import { planUninstall } from '../../src/flows/uninstall/plan.ts';
import type { CliOptions } from '../../src/cli/args.ts';
import { reducer, initialState, planOf, choiceUsable, splitKeys, CHOICES, type Action, type HookChoice, type Outcome, type State, type Key } from './state.ts';
import { metrics } from './lines.ts';
import { G } from './glyphs.ts';
import type { UninstallServices } from './services.ts';
import { LoadingScreen } from './LoadingScreen.tsx';
import { ContextScreen } from './ContextScreen.tsx';
import { ReleaseScreen } from './ReleaseScreen.tsx';
import { PlanScreen } from './PlanScreen.tsx';
import { ChoiceScreen, choiceSummary } from './ChoiceScreen.tsx';
import { ConfirmScreen } from './ConfirmScreen.tsx';
import { ProgressScreen } from './ProgressScreen.tsx';
import { HookFailedScreen } from './HookFailedScreen.tsx';
import { ResultScreen } from './ResultScreen.tsx';

export interface AppProps {
  o: Pick<CliOptions, 'context' | 'release' | 'namespace' | 'purge' | 'noHooks'> & { timeoutMs: number };
  services: UninstallServices;
  bus: EventBus;
  onExit: (code: number) => void;
  /** The run's log file, shown at the end. */
  logFile?: string;
  /** Fixed size (tests); otherwise the terminal's, followed on resize. */
  size?: { columns: number; rows: number };
  /** Tests: the abort the running flow would get. */
  onAbort?: () => void;
  /** Aborted on SIGTERM / SIGHUP: handled like Ctrl-C. */
  stop?: AbortSignal;
  /** Filled in while the uninstall runs: if Ink lets go first (its own handler of a hangup may
   *  come before ours), the caller stops the run as on Ctrl-C and waits for it (run.tsx). */
  running?: { done?: Promise<unknown>; stop?: () => void };
}

type AppAction = Action | { type: 'keyAt'; key: Key; width: number; height: number; logFile?: string };

const failure = (e: unknown, stopped: boolean): Outcome => {
  if (e instanceof FlowError) return { error: { code: e.code, cause: e.cause_, fix: e.fix }, exitCode: stopped ? 130 : e.exitCode };
  return { error: { code: 'E_INTERNAL', cause: `internal error: ${(e as Error)?.message ?? String(e)}`, fix: 'please report it with the log' }, exitCode: 1 };
};

export function App({ o, services, bus, onExit, logFile, size, onAbort, stop, running }: AppProps) {
  const win = useWindowSize();
  const width = Math.max(40, size?.columns ?? win.columns ?? 80);
  const height = Math.max(12, size?.rows ?? win.rows ?? 24);
  // Keys are measured against the state they apply to, not the last drawn one.
  const reduce = useCallback((s: State, a: AppAction): State => (a.type === 'keyAt'
    ? reducer(s, { type: 'key', key: a.key, ...metrics(s, a.width, a.height, a.logFile) })
    : reducer(s, a)), []);
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState({ purge: o.purge, noHooks: o.noHooks, timeoutMs: o.timeoutMs }));
  const { exit } = useApp();
  const dims = useRef({ width, height });
  dims.current = { width, height };
  const abort = useRef<AbortController | undefined>(undefined);
  const hookWaiter = useRef<((c: HookChoice) => void) | undefined>(undefined);
  const lastResult = useRef<Outcome['result']>(undefined);

  useInput(useCallback((input: string, key: InkKey) => {
    for (const k of splitKeys({ ...key, input })) dispatch({ type: 'keyAt', key: k, width: dims.current.width, height: dims.current.height, logFile });
  }, [logFile]));

  // The flow's events, for the progress screen (and the result it reports before failing).
  useEffect(() => bus.on((e) => {
    if (e.type === 'uninstall-result') lastResult.current = e.result;
    dispatch({ type: 'event', event: e });
  }, 'screen'), [bus]);

  // SIGTERM or a dropped terminal: the same as Ctrl-C.
  useEffect(() => {
    if (!stop) return;
    const onStop = () => dispatch({ type: 'keyAt', key: { input: 'c', ctrl: true }, width: dims.current.width, height: dims.current.height });
    if (stop.aborted) onStop();
    stop.addEventListener('abort', onStop);
    return () => stop.removeEventListener('abort', onStop);
  }, [stop]);

  // The slow work the state asks for.
  useEffect(() => {
    const job = state.job;
    if (!job) return;
    const fail = (e: unknown) => dispatch({ type: 'finished', outcome: failure(e, Boolean(abort.current?.signal.aborted)) });
    switch (job.kind) {
      case 'contexts':
        services.contexts().then((c) => dispatch({ type: 'contexts', contexts: c.contexts, current: c.current, given: o.context }), fail);
        break;
      case 'releases':
        services.releases(state.context!).then((r) => dispatch({
          type: 'releases', releases: r, given: o.release || o.namespace ? { release: o.release ?? 'wallaroo', namespace: o.namespace ?? 'wallaroo' } : undefined,
        }), fail);
        break;
      case 'inventory':
        services.inventory(state.context!, state.target!, bus).then((inventory) => dispatch({ type: 'inventory', inventory }), fail);
        break;
      case 'execute': {
        const plan = planOf(state)!;
        const ac = new AbortController();
        abort.current = ac;
        const onHookFailed = (f: HookFailure) => new Promise<HookChoice>((resolve) => {
          hookWaiter.current = resolve;
          dispatch({ type: 'hook-failed', failure: f });
        });
        const done = services.execute(state.context!, plan, bus, ac.signal, onHookFailed, logFile).then(
          (result) => { dispatch({ type: 'finished', outcome: { result, exitCode: 0 } }); return 0; },
          (e) => {
            // The flow already reported the result (leftovers, a stop) as an event; keep it with the error.
            const out = failure(e, ac.signal.aborted);
            dispatch({ type: 'finished', outcome: { ...out, result: lastResult.current } });
            return out.exitCode;
          },
        );
        if (running) {
          running.done = done;
          running.stop = () => { if (!ac.signal.aborted) ac.abort(new FlowError('E_CANCELLED', 'the terminal went away', 'run `wallaroo-install uninstall` again to continue', 130)); };
        }
        break;
      }
    }
    // Only a new job starts work; the state it reads is the state that asked for it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.job]);


  // Ctrl-C while it runs: stop the flow (helm gets SIGTERM and time to finish).
  useEffect(() => {
    if (state.progress.stopping && abort.current && !abort.current.signal.aborted) {
      // A signal or a lost terminal names itself (run.tsx aborts `stop` with it); otherwise it was Ctrl-C.
      const why = stop?.aborted ? `stopped by ${typeof stop.reason === 'string' ? stop.reason : 'a signal'}` : 'stopped with Ctrl-C';
      abort.current.abort(new FlowError('E_CANCELLED', why, 'run `wallaroo-install uninstall` again to continue', 130));
      onAbort?.();
    }
  }, [state.progress.stopping, onAbort]);

  // The admin's answer to a failed hook goes back to the waiting flow.
  useEffect(() => {
    if (state.hookChoice && hookWaiter.current) { const r = hookWaiter.current; hookWaiter.current = undefined; r(state.hookChoice); }
  }, [state.hookChoice]);

  // Stopped by a signal or a lost terminal: once the outcome is known, leave without waiting for a key.
  useEffect(() => {
    if (stop?.aborted && state.outcome && state.exit === undefined) dispatch({ type: 'keyAt', key: { input: 'q' }, width: dims.current.width, height: dims.current.height });
  }, [stop, state.outcome, state.exit]);

  useEffect(() => {
    if (state.exit === undefined) return;
    if (!state.outcome && abort.current && !abort.current.signal.aborted) abort.current.abort();
    onExit(state.exit);
    exit();
  }, [state.exit]);   // eslint-disable-line react-hooks/exhaustive-deps

  const plans = useMemo(() => (state.inventory
    ? {
      keep: planUninstall(state.inventory, { purge: false, noHooks: state.options.noHooks, timeoutMs: state.options.timeoutMs }),
      purge: planUninstall(state.inventory, { purge: true, noHooks: state.options.noHooks, timeoutMs: state.options.timeoutMs }),
    } : undefined), [state.inventory, state.options]);

  const where = state.target ? ` ${G.dot} ${state.target.release} (namespace ${state.target.namespace})` : '';
  const title = `wallaroo-install uninstall${state.context ? ` ${G.dot} context ${state.context}` : ''}${where}`;
  const sc = state.screen;
  switch (sc.name) {
    case 'loading':
      return <LoadingScreen what={sc.what} title={title} width={width} />;
    case 'context':
      return <ContextScreen contexts={state.contexts} current={state.currentContext} cursor={sc.cursor} width={width} height={height} title={title} />;
    case 'release':
      return <ReleaseScreen releases={state.releases} cursor={sc.cursor} context={state.context} width={width} height={height} title={title} canGoBack={state.pickedContext} />;
    case 'plan':
      return <PlanScreen plan={state.mode === 'purge' ? plans!.purge : plans!.keep} scroll={sc.scroll} width={width} height={height} title={title} />;
    case 'choice':
      return <ChoiceScreen keep={plans?.keep} purge={plans?.purge} usable={CHOICES.map((_, i) => choiceUsable(state, i))} cursor={sc.cursor} width={width} height={height} title={title} />;
    case 'confirm':
      return <ConfirmScreen release={state.target?.release ?? ''} typed={sc.typed} error={sc.error} summary={choiceSummary(plans?.purge, 'purge')} width={width} title={title} />;
    case 'progress':
      return <ProgressScreen progress={state.progress} width={width} height={height} title={`${title} ${G.dot} ${state.mode === 'purge' ? 'purge' : 'keep data'}`} />;
    case 'hook-failed':
      return <HookFailedScreen hook={state.hook!} cursor={sc.cursor} width={width} height={height} title={title} />;
    case 'result':
      return <ResultScreen outcome={state.outcome!} scroll={sc.scroll} width={width} height={height} title={title} logFile={logFile} />;
  }
}
