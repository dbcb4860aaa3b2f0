// The wizard in Ink: the reducer's state, the cluster facts arriving in the background, one
// screen per step, and the dialogs (quit, install anyway, stop the install). Screens render and
// dispatch; everything they decide with is in src/wizard/.
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { join } from 'node:path';
import { reduce, type Ctx, type WizardState } from '../src/wizard/state.ts';
import { stepDef, stepNumber } from '../src/wizard/steps.ts';
import { initialFacts, type Facts } from '../src/wizard/facts-types.ts';
import type { StepId } from '../src/wizard/question.ts';
import { reviewModel } from '../src/wizard/review.ts';
import { answersFilePath, NOTHING_SAVED } from '../src/wizard/preset.ts';
import type { InstallHandle, InstallSettings, Outcome, RenderOutcome } from '../src/wizard/install.ts';
import type { LoadedPreset } from '../src/config/load-preset.ts';
import type { EventBus } from '../src/flows/events.ts';
import type { Draft } from '../src/wizard/draft.ts';
import { shellQuote } from '../src/helm/args.ts';
import { StepHeader } from './components/StepHeader.tsx';
import { Confirm } from './components/Confirm.tsx';
import { KeyRouter } from './components/keys.tsx';
import { ClusterScreen } from './ClusterScreen.tsx';
import { ExistingReleaseScreen } from './ExistingReleaseScreen.tsx';
import { ChartScreen } from './ChartScreen.tsx';
import { DistributionScreen } from './DistributionScreen.tsx';
import { IngressScreen } from './IngressScreen.tsx';
import { DomainScreen } from './DomainScreen.tsx';
import { TlsScreen } from './TlsScreen.tsx';
import { RegistriesScreen } from './RegistriesScreen.tsx';
import { SizeScreen } from './SizeScreen.tsx';
import { AdvancedScreen } from './AdvancedScreen.tsx';
import { ReviewScreen } from './ReviewScreen.tsx';
import { InstallScreen } from './InstallScreen.tsx';
import { DoneScreen } from './DoneScreen.tsx';
import type { ScreenProps } from './types.ts';

/** What the App reads the cluster through: the FactsLoader, or a stub in tests. */
export interface FactsSource {
  get(): Facts;
  subscribe(l: (f: Facts) => void): () => void;
  useContext(name: string): void;
  setTarget(release: string, namespace: string): void;
  preflight(p: Pick<LoadedPreset, 'answers' | 'secrets' | 'tlsFiles'>, again?: boolean): void;
}

/** Side effects, injectable so that screens are tested without a cluster. */
export interface WizardServices {
  loadFacts: () => Promise<FactsSource>;
  startInstall: (preset: LoadedPreset, s: InstallSettings, bus: EventBus) => InstallHandle;
  renderWithoutCluster: (preset: LoadedPreset, helmMajor: 3 | 4) => Promise<RenderOutcome>;
  readCredentials: (cluster: { kubeconfig?: string; context?: string; helm?: string }, namespace: string) => Promise<{ user: string; password: string } | undefined>;
  saveAnswers: (path: string, d: Draft, note: string) => void;
}

export interface AppSettings {
  env: NodeJS.ProcessEnv;
  cwd: string;
  cli: Ctx['cli'] & { kubeconfig?: string; helm?: string; ignorePreflight: string[]; lbTimeoutMs?: number; showSecrets: boolean };
  /** Where answers are saved (<release>-answers.yaml in it). */
  answersDir: string;
  /** This run's folder for the values file (made from the release name). */
  runDirFor: (release: string) => string;
}

export interface AppProps {
  initial: WizardState;
  settings: AppSettings;
  services: WizardServices;
  /** The exit code, once the wizard is over (the Ink app has unmounted by then). */
  /** The exit code, and lines to print once the screen is gone (a path to copy, what happened). */
  onExit: (code: number, epilogue?: string[]) => void;
  /** Tests: every state the reducer produces. */
  onState?: (s: WizardState) => void;
  /** SIGTERM / SIGINT sent to the process (not Ctrl-C typed: that is a key here). */
  signals?: NodeJS.EventEmitter;
}

const SCREENS: Partial<Record<StepId, (p: ScreenProps) => React.JSX.Element>> = {
  cluster: ClusterScreen, existing: ExistingReleaseScreen, chart: ChartScreen, distribution: DistributionScreen,
  ingress: IngressScreen, domain: DomainScreen, tls: TlsScreen, registries: RegistriesScreen, size: SizeScreen, advanced: AdvancedScreen,
};

type Dialog =
  | { kind: 'quit'; path?: string }
  | { kind: 'ignore'; codes: string[] }
  | { kind: 'cancel' };

export function App({ initial, settings, services, onExit, onState, signals }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [state, dispatch] = useReducer(reduce, initial);
  const [facts, setFacts] = useState<Facts>(initialFacts());
  const loader = useRef<FactsSource | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [ignore, setIgnore] = useState<string[]>([]);
  const [installKey, setInstallKey] = useState(0);
  const handle = useRef<InstallHandle | undefined>(undefined);
  const [cancelling, setCancellingState] = useState(false);
  const cancellingRef = useRef(false);
  const setCancelling = (v: boolean) => { cancellingRef.current = v; setCancellingState(v); };
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [rendered, setRendered] = useState<RenderOutcome | undefined>();
  const runDir = useRef<{ release: string; dir: string } | undefined>(undefined);
  const [confirmQueued, setConfirmQueued] = useState(false);
  const finished = useRef(false);

  const ctx: Ctx = useMemo(() => ({ facts, env: settings.env, cwd: settings.cwd, cli: settings.cli }), [facts]);
  useLayoutEffect(() => { onState?.(state); }, [state]);

  // The facts load after the first frame: nothing above waited for the cluster or for helm.
  useEffect(() => {
    let off: (() => void) | undefined;
    let live = true;
    services.loadFacts().then((l) => {
      if (!live) return;
      loader.current = l;
      off = l.subscribe(setFacts);
      setFacts(l.get());
    }, () => undefined);
    return () => { live = false; off?.(); };
  }, []);

  const release = String(state.answers.release ?? settings.cli.release ?? 'wallaroo');
  const namespace = String(state.answers.namespace ?? settings.cli.namespace ?? 'wallaroo');
  const chosen = state.answers.$?.context;
  useEffect(() => { if (chosen && loader.current && facts.kubeconfig.state === 'ok') loader.current.useContext(chosen); }, [chosen, loader.current, facts.kubeconfig.state]);
  useEffect(() => { loader.current?.setTarget(release, namespace); }, [release, namespace, loader.current, facts.context]);

  const answersFile = answersFilePath(settings.answersDir, release);
  if (!runDir.current || runDir.current.release !== release) runDir.current = { release, dir: settings.runDirFor(release) };
  const valuesFile = join(runDir.current.dir, 'values.yaml');
  const model = useMemo(() => (['review', 'install', 'done'].includes(state.step)
    ? reviewModel({ draft: state.answers, secrets: state.secrets, ctx: { ...ctx, secrets: state.secrets }, answersFile, valuesFile })
    : undefined), [state.answers, state.secrets, state.step, ctx, answersFile]);

  // Preflight starts in the background as soon as the answers make a complete, valid set.
  useEffect(() => {
    if (state.step !== 'review' || !model?.built.ok || model.noCluster) return;
    loader.current?.preflight(model.built.preset);
  }, [model, facts.connection.state]);

  const save = (note: string) => {
    savedHere.current = true;
    try { services.saveAnswers(answersFile, state.answers, note); return answersFile; } catch (e) { return `(not saved: ${(e as Error).message})`; }
  };
  // The answers as this session began (from a preset, an earlier run, or none). Until they
  // change, Ctrl-C or a dropped terminal saves nothing: the file of that name may hold the
  // answers of a finished install ("repeat it with --preset …"), which a fresh session's empty
  // draft must not replace.
  const started = useRef<string | undefined>(undefined);
  started.current ??= JSON.stringify(state.answers);
  const savedHere = useRef(false);
  const saveIfChanged = (note: string): string | undefined =>
    (savedHere.current || JSON.stringify(state.answers) !== started.current ? save(note) : undefined);
  const finish = (code: number, epilogue?: string[]) => {
    if (finished.current) return;
    finished.current = true;
    onExit(code, epilogue);
    exit();
  };
  // What is printed under the last frame when the wizard ends without success: its key hints
  // are dead by then, and a path in a frame may be cut or broken to fit.
  const failed = (o: Outcome | undefined): string[] | undefined => (o && !o.ok
    ? [`${o.failure.exitCode === 130 ? 'Cancelled' : 'Failed'}: ${o.failure.cause} [${o.failure.code}]`, ...(o.failure.fix ? [`  next: ${o.failure.fix}`] : []), ...(o.logFile ? [`  log: ${o.logFile}`] : [])]
    : undefined);
  // The files and the command to repeat it, whole (the Done screen fits them to its width).
  const doneLines = () => {
    const values = outcome?.ok ? outcome.result.valuesFile : rendered?.valuesFile;
    return [
      `Repeat it without questions: ${repeat}`,
      `  answers: ${answersFile}`,
      ...(values ? [`  values:  ${values}`] : []),
      ...(rendered?.secretsFile ? [`  secrets: ${rendered.secretsFile}`] : []),
      ...(outcome?.logFile ? [`  log:     ${outcome.logFile}`] : []),
    ];
  };
  const quitLines = (path: string | undefined) => (path
    ? [`Quit. Your answers so far are in ${path} (no secret values).`, `  pick up where you left: wallaroo-install wizard --preset ${shellQuote(path)}`]
    : ['Quit. Nothing was answered in this session, so no answers file was written.']);

  // Unmounted without finishing: Ink let go first when the terminal went away (its own exit
  // handler runs on SIGHUP too, and may come before ours). The answers so far are saved all the
  // same, as on SIGHUP, and the wizard ends as cancelled (an install under way carries on and
  // decides the exit code itself, run-ink.tsx).
  const latest = useRef({ step: state.step, save: saveIfChanged });
  latest.current = { step: state.step, save: saveIfChanged };
  useEffect(() => () => {
    if (finished.current) return;
    finished.current = true;
    const { step, save: saveNow } = latest.current;
    // An install under way carries on without a screen; its outcome is the exit code (run-ink.tsx).
    if (step === 'install') return;
    if (step !== 'done') saveNow('saved when the terminal went away');
    onExit(step === 'done' ? 0 : 130);
  }, []);

  const clusterOptions = { kubeconfig: settings.cli.kubeconfig, context: facts.context ?? settings.cli.context, helm: settings.cli.helm };
  const confirm = (ignored: string[] = ignore) => {
    if (!model) return;
    if (model.errors) { setMessage(`${model.errors} problem${model.errors === 1 ? '' : 's'} first: press the step's number to edit it`); return; }
    if (!model.built.ok) return;
    if (!model.noCluster && (facts.kubeconfig.state === 'idle' || facts.kubeconfig.state === 'loading')) {
      // Enter before the kubeconfig is read (a preset opened on the review): kept, and acted on
      // as soon as it is read.
      setMessage('reading the kubeconfig: this goes on by itself in a moment');
      setConfirmQueued(true);
      return;
    }
    setConfirmQueued(false);
    const unignored = model.blocking.filter((c) => !ignored.includes(c) && !settings.cli.ignorePreflight.includes(c));
    if (!model.noCluster && unignored.length) { setDialog({ kind: 'ignore', codes: unignored }); return; }
    setMessage(undefined);
    save('confirmed on the review');
    if (model.noCluster) {
      const major = facts.helm.state === 'ok' ? facts.helm.value.major : 3;
      void services.renderWithoutCluster(model.built.preset, major).then((r) => { setRendered(r); dispatch({ type: 'goto', step: 'done' }); });
      return;
    }
    setOutcome(undefined);
    setCancelling(false);
    dispatch({ type: 'goto', step: 'install' });
  };

  useEffect(() => {
    if (confirmQueued && state.step === 'review' && (facts.kubeconfig.state === 'ok' || facts.kubeconfig.state === 'error')) confirm();
    else if (confirmQueued && state.step !== 'review') setConfirmQueued(false);
  }, [confirmQueued, facts.kubeconfig.state, state.step]);

  // A cancelled install ends the wizard (130) once its last frame, which says so, is drawn.
  useEffect(() => {
    if (outcome && !outcome.ok && (cancellingRef.current || outcome.failure.exitCode === 130)) finish(130, failed(outcome));
  }, [outcome]);

  // A signal from outside (kill, a service manager): an install is stopped cleanly (helm gets
  // SIGTERM and time to mark the release failed); otherwise the answers are saved and we go.
  const onSignal = useRef<(sig: string) => void>(() => {});
  onSignal.current = (sig) => {
    // A hangup during the install is the run session's (the install carries on without a screen).
    if (sig === 'SIGHUP' && state.step === 'install' && !outcome) return;
    if (state.step === 'install' && !outcome) {
      if (cancellingRef.current) { finish(130, failed(outcome)); return; }
      setDialog(undefined);
      setCancelling(true);
      handle.current?.cancel(sig);
      return;
    }
    const path = state.step !== 'done' && state.step !== 'install' ? saveIfChanged(`saved on ${sig}`) : undefined;
    finish(state.step === 'done' ? 0 : 130, state.step === 'done' ? undefined : failed(outcome) ?? quitLines(path));
  };
  useEffect(() => {
    if (!signals) return;
    const l = (sig: string) => onSignal.current(sig);
    signals.on('signal', l);
    return () => { signals.off('signal', l); };
  }, [signals]);

  useInput((input, key) => {
    if (!(key.ctrl && input === 'c')) return;
    if (state.step === 'done') {
      finish(outcome && !outcome.ok ? outcome.failure.exitCode : 0, failed(outcome) ?? doneLines());
      return;
    }
    if (state.step === 'install') {
      if (outcome && !outcome.ok) { finish(outcome.failure.exitCode, failed(outcome)); return; }
      if (cancelling) { finish(130); return; }
      setDialog({ kind: 'cancel' });
      return;
    }
    setDialog({ kind: 'quit', path: saveIfChanged('saved when Ctrl-C was pressed') });
  }, { isActive: !dialog });

  const onDialog = (yes: boolean) => {
    const d = dialog!;
    setDialog(undefined);
    if (d.kind === 'quit' && yes) finish(130, quitLines(d.path));
    else if (d.kind === 'ignore' && yes) { const all = [...ignore, ...d.codes]; setIgnore(all); confirm(all); }
    else if (d.kind === 'cancel' && yes) { setCancelling(true); handle.current?.cancel('Ctrl-C'); }
  };

  const bodyRows = Math.max(5, rows - 3);
  const { k, n } = stepNumber(state.step, state.answers, { ...ctx, secrets: state.secrets });
  const title = state.step === 'install' ? (facts.release.state === 'ok' && facts.release.value.exists ? 'Upgrade' : 'Install') : stepDef(state.step).title;
  const active = !dialog;
  const repeat = `wallaroo-install --preset ${shellQuote(answersFile)}`;

  const body = (() => {
    const Screen = SCREENS[state.step];
    const props: ScreenProps = { state, ctx, dispatch, width: columns, height: bodyRows - (dialog ? 5 : 0), isActive: active };
    if (Screen) return <Screen key={state.step} {...props} />;
    if (state.step === 'review' && model) {
      return <ReviewScreen {...props} model={model} message={message}
        onConfirm={() => confirm()} onPreflight={() => model.built.ok && loader.current?.preflight(model.built.preset, true)}
        onQuit={() => setDialog({ kind: 'quit', path: saveIfChanged('saved when quit was asked for') })} />;
    }
    if (state.step === 'install' && model?.built.ok) {
      const preset = model.built.preset;
      return <InstallScreen key={installKey} header={<StepHeader k={k} n={n} title={title} width={columns} />} width={columns} height={bodyRows} isActive={active} cancelling={cancelling}
        failed={outcome && !outcome.ok ? outcome : undefined}
        start={(bus) => services.startInstall(preset, { ...clusterOptions, ignorePreflight: [...settings.cli.ignorePreflight, ...ignore], lbTimeoutMs: settings.cli.lbTimeoutMs, runDir: runDir.current!.dir }, bus)}
        onStarted={(h) => { handle.current = h; }}
        onOutcome={(o) => {
          setOutcome(o);
          if (o.ok) { save('saved after the install'); dispatch({ type: 'goto', step: 'done' }); }
        }}
        onRetry={() => { setOutcome(undefined); setCancelling(false); setInstallKey((x) => x + 1); }}
        onEdit={() => { setOutcome(undefined); dispatch({ type: 'goto', step: 'review' }); }}
        onQuit={() => finish(outcome && !outcome.ok ? outcome.failure.exitCode : 1, failed(outcome))} />;
    }
    if (state.step === 'done') {
      const result = outcome?.ok ? outcome.result : undefined;
      return <DoneScreen result={result} rendered={rendered} width={columns} isActive={active} repeat={repeat}
        files={{ answers: answersFile, values: result?.valuesFile ?? rendered?.valuesFile, secrets: rendered?.secretsFile, log: outcome?.logFile }}
        initiallyShown={undefined}
        reveal={result ? async () => (await services.readCredentials(clusterOptions, result.namespace))?.password : undefined}
        onExit={() => finish(0, doneLines())} />;
    }
    return <Text>{G_LOADING}</Text>;
  })();

  return (
    <KeyRouter>
    <Box flexDirection="column">
      {state.step !== 'done' && state.step !== 'install' && <StepHeader k={k} n={n} title={title} width={columns} />}
      {body}
      {dialog?.kind === 'quit' && (
        <Confirm title="Quit the wizard?" onAnswer={onDialog}
          lines={dialog.path
            ? [`Your answers so far are saved in ${dialog.path} (no secret values).`, `Pick up where you left: wallaroo-install wizard --preset ${shellQuote(dialog.path)}`]
            : [NOTHING_SAVED]} />
      )}
      {dialog?.kind === 'ignore' && (
        <Confirm title={`Preflight failed: ${dialog.codes.join(', ')}. Install anyway?`} onAnswer={onDialog}
          lines={['These checks are then ignored, as with --ignore-preflight. The review lists what each means and how to fix it.']} />
      )}
      {dialog?.kind === 'cancel' && (
        <Confirm title="Stop the install?" onAnswer={onDialog}
          lines={['helm gets SIGTERM and time to mark the release failed (never left pending); the wizard then exits (130).']} />
      )}
    </Box>
    </KeyRouter>
  );
}

const G_LOADING = 'one moment...';
