// Renders the wizard with Ink and returns its exit code. The first frame (boot.ts) was written
// before Ink loaded; the cluster facts (client-node, helm) load after the App's first render.
// Ctrl-C is the App's to handle (raw mode: it never reaches helm as a signal).
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { CliOptions } from '../src/cli/args.ts';
import { App, type WizardServices } from './App.tsx';
import { wizardSetup, type WizardSetup } from '../src/wizard/setup.ts';
import { saveAnswers } from '../src/wizard/preset.ts';
import { FactsLoader } from '../src/wizard/facts.ts';
import { storedAnswersOf } from '../src/wizard/release-answers.ts';
import { startInstall, renderWithoutCluster, readCredentials, failureOf } from '../src/wizard/install.ts';
import { clusterOptions } from '../src/wizard/cluster-options.ts';
import { setGlyphs, glyphsFor, asciiFold } from './glyphs.ts';
import type { BootFrame } from './boot.ts';
import type { Outcome } from '../src/wizard/install.ts';
import { escapeControl } from '../src/util/escape.ts';
import { keepRunningWhenTerminalGoes } from '../src/session/terminal.ts';
import { EventBus } from '../src/flows/events.ts';

/** What run-ink needs to know when the terminal goes away while an install runs. */
interface Lifeline { gone: boolean; installing?: Promise<Outcome>; unmount?: () => void }

export function realServices(setup: WizardSetup, saveAnswers: WizardServices['saveAnswers'], life: Lifeline = { gone: false }): WizardServices {
  return {
    loadFacts: async () => {
      const l = new FactsLoader(clusterOptions(setup.o), storedAnswersOf);
      void l.start();
      return l;
    },
    startInstall: (preset, s, bus) => {
      // Started on the next tick, after the caller has its listeners on the bus.
      let handle: ReturnType<WizardServices['startInstall']> | undefined;
      // The SSH link drops mid-install: Ink lets go, the install carries on to its end (logging),
      // and the exit code is the install's.
      const terminal = { screens: [], streams: [process.stdout, process.stderr, process.stdin], onGone: () => { life.gone = true; life.unmount?.(); } };
      const ready = Promise.resolve().then(() => { handle = startInstall(preset, s, bus, terminal); life.installing = handle.done; return handle; });
      // startInstall itself failing (the logs folder cannot be made, say) is an outcome like any
      // other install failure, shown on the install screen, not a rejection nobody catches.
      return {
        bus,
        get logFile() { return handle?.logFile ?? ''; },
        cancel: (why) => { ready.then((h) => h.cancel(why), () => undefined); },
        done: ready.then((h) => h.done, async (e): Promise<Outcome> => ({ ok: false, failure: await failureOf(e) })),
      };
    },
    renderWithoutCluster: (preset, major) => renderWithoutCluster(preset, major),
    readCredentials: (cluster, ns) => readCredentials(cluster, ns),
    saveAnswers,
  };
}

/**
 * On an ASCII-only terminal (LANG=C) the screens draw ASCII glyphs; what is left (Ink's "…" for
 * a cut row, typography in messages) is folded to ASCII of the same width (glyphs.ts), so that
 * Ink's cursor arithmetic holds.
 */
function asciiStdout(out: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(out, {
    get(target, prop, receiver) {
      if (prop === 'write') return (chunk: unknown, ...rest: unknown[]) => (target.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? asciiFold(chunk) : chunk, ...rest);
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

export async function runInk(o: CliOptions, presetAnswers: Record<string, unknown> | undefined, boot?: BootFrame): Promise<number> {
  setGlyphs(glyphsFor(process.env));
  const setup = wizardSetup(o, presetAnswers);
  let code: number | undefined;
  let epilogue: string[] | undefined;
  const life: Lifeline = { gone: false };
  const signals = new EventEmitter();
  const onSignal = (sig: NodeJS.Signals) => { signals.emit('signal', sig); };
  // SIGHUP too: the SSH link dropped while answering; the answers are saved before going. A
  // write to a terminal that is gone (EIO) means the same (the session's watch, not a crash).
  const sigs: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  for (const s of sigs) process.on(s, onSignal);
  const watch = keepRunningWhenTerminalGoes(new EventBus(), {
    screens: [], streams: [process.stdout, process.stderr, process.stdin], onGone: () => onSignal('SIGHUP'),
  });
  boot?.erase();
  // interactive: true — the TTY check is done (mode.ts); Ink would otherwise turn CI=true in the
  // environment into "write the last frame only".
  const app = render(
    <App initial={setup.initial} services={realServices(setup, saveAnswers, life)} onExit={(c, lines) => { code = c; epilogue = lines; }} signals={signals}
      settings={{
        env: setup.env, cwd: setup.cwd, answersDir: setup.answersDir, runDirFor: setup.runDirFor,
        cli: { ...clusterOptions(setup.o), release: setup.o.release, namespace: setup.o.namespace, ignorePreflight: setup.o.ignorePreflight, lbTimeoutMs: setup.o.lbTimeoutMs, showSecrets: setup.o.showSecrets },
      }} />,
    {
      stdout: glyphsFor(process.env).ellipsis === '…' ? process.stdout : asciiStdout(process.stdout),
      exitOnCtrlC: false, incrementalRendering: true, interactive: true, patchConsole: false, maxFps: 30,
    },
  );
  life.unmount = () => app.unmount();
  try {
    await app.waitUntilExit();
  } finally {
    for (const s of sigs) process.off(s, onSignal);
    watch.dispose();
  }
  // Under the last frame, in plain lines: what ended the wizard, and the paths to copy whole.
  if (epilogue?.length && !life.gone) {
    const text = `${epilogue.map((l) => escapeControl(l)).join('\n')}\n`;
    try { process.stdout.write(glyphsFor(process.env).ellipsis === '…' ? text : asciiFold(text)); } catch { /* the terminal is gone */ }
  }
  // The terminal went away during the install (or Ink let go first, on the hangup, before the
  // App ended): the install carries on to its end, and its outcome is the exit code.
  if (life.installing && (life.gone || code === undefined)) {
    const outcome = await life.installing;
    return outcome.ok ? 0 : outcome.failure.exitCode;
  }
  return code ?? 130;
}
