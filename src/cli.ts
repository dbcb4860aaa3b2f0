// Entry point: argv → command; picks the renderer (JSON or plain lines) before anything runs,
// maps failures to exit codes (0 ok, 1 failed, 2 bad input, 130 cancelled).
import { parseCli, wantsJson, type CliOptions } from './cli/args.ts';
import { EventBus, FlowError } from './flows/events.ts';
import { jsonRenderer } from './render/json.ts';
import { plainRenderer } from './render/plain.ts';
import { VERSION } from './version.ts';
import { toFlowError } from './kube/errors.ts';
import { trace } from './util/trace.ts';

type Core = typeof import('./core.ts');

async function dispatch(core: Core, o: CliOptions, bus: EventBus, signal: AbortSignal, logFile?: string): Promise<void> {
  switch (o.command) {
    case 'render':
      return core.renderCommand(o, bus, signal);
    case 'install':
      return core.installCommand(o, bus, signal, logFile);
    case 'preflight':
      return core.preflightCommand(o, bus, signal);
    case 'status':
      return core.statusCommand(o, bus, signal);
    case 'credentials':
      return core.credentialsCommand(o, bus, signal);
    case 'uninstall':
      return core.uninstallCommand(o, bus, signal, logFile);
    case 'attach':
      return core.attachCommand(o, bus, signal);
    case 'presets':
      return core.presetsCommand(o, bus, signal);
    default:
      throw new Error(`unhandled command ${o.command}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  trace('main: bundle loaded');
  const bus = new EventBus();
  let o: CliOptions;
  try {
    o = parseCli(argv);
  } catch (e) {
    if (!(e instanceof FlowError)) throw e;
    // Scripts that asked for JSON get the usage error as a JSON event too.
    if (wantsJson(argv)) jsonRenderer(process.stdout)({ type: 'failed', code: e.code, cause: e.cause_, fix: e.fix, exitCode: e.exitCode });
    else process.stderr.write(`error: ${e.cause_}\n  next: ${e.fix}\n`);
    return e.exitCode;
  }
  if (o.command === 'help') { process.stdout.write(o.helpText + '\n'); return 0; }
  if (o.command === 'version') { process.stdout.write(`${VERSION}\n`); return 0; }
  if (o.command === 'wizard') return (await import('./wizard/run.ts')).runWizard(o);
  // A preset that is only incomplete or invalid, given in a terminal: the wizard asks for the rest.
  if (o.command === 'install' && o.preset && !o.json && process.stdin.isTTY && process.stdout.isTTY
    && (await import('./wizard/entry.ts')).presetStart(o.preset).kind === 'partial') {
    return (await import('./wizard/run.ts')).runWizard(o);
  }

  // Every other command runs from the cluster side, loaded now as one part (src/core.ts says
  // why one): --version, --help and the wizard's first frame never load it.
  const core = await import('./core.ts');
  if (o.command === 'uninstall') {
    // Decided before anything renders: Ink in a real terminal, plain lines or JSON otherwise.
    if (core.wantsUninstallTui(o)) return core.runUninstallTui(o);
  }

  // helm's version, asked now so that a `helm version` process (when its binary does not say it)
  // runs beside our start-up rather than beside helm template and preflight (early-version.ts).
  if (['install', 'preflight', 'uninstall'].includes(o.command)) {
    core.askHelmVersionEarly(core.helmBinary(o.helm));
  }
  const offScreen = bus.on(o.json ? jsonRenderer(process.stdout) : plainRenderer({ out: process.stdout, err: process.stderr, verbose: o.verbose }), 'screen');
  const log = ['install', 'preflight', 'uninstall'].includes(o.command) ? core.openRunLog(bus, o.command) : undefined;
  // The events file `attach` follows; the run carries on (log only) if the terminal goes away.
  const session = log ? core.startRunSession(bus, { logFile: log.path, screens: [offScreen], carryOn: `: carrying on with the ${o.command === 'uninstall' ? 'uninstall' : o.command === 'preflight' ? 'checks' : 'install'}` }) : undefined;
  trace('run log and session open');
  bus.emit({ type: 'run-started', command: o.command, version: VERSION, preset: o.preset, logFile: log?.path });

  // Ctrl-C / SIGTERM: abort the running step (helm gets SIGTERM and time to finish), exit 130.
  const ac = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      bus.emit({ type: 'info', message: `${sig} received: stopping helm cleanly so the release is not left pending (press Ctrl-C again to quit at once)` });
      ac.abort(new FlowError('E_CANCELLED', `cancelled by ${sig}`, 'run the same command again to resume; `wallaroo-install status` shows the release', 130));
    } else {
      // helm runs in its own session (the terminal's signals never reach it) and already has its
      // SIGTERM: it is left to finish marking the release failed, never SIGKILLed into pending.
      bus.emit({ type: 'info', message: 'quitting at once; helm, already told to stop, finishes on its own and marks the release failed (`wallaroo-install status` shows it)' });
      session?.close(130);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let code = 0;
  try {
    await dispatch(core, o, bus, ac.signal, log?.path);
    if (ac.signal.aborted) throw ac.signal.reason;
  } catch (caught) {
    // Once cancelled, whatever a step then failed with (a killed helm pull, say) is the cancel.
    const e = ac.signal.aborted && !(caught instanceof FlowError && caught.exitCode === 130) ? ac.signal.reason : caught;
    if (e instanceof FlowError) {
      code = e.exitCode;
      bus.emit({ type: 'failed', code: e.code, cause: e.cause_, fix: e.fix, exitCode: e.exitCode });
    } else {
      // Kubernetes API, input-file and filesystem errors get their cause and fix; only a real
      // bug is E_INTERNAL (and the advice names the log only if one was written).
      const f = toFlowError(e, { logFile: log?.path });
      code = f.exitCode;
      bus.emit({ type: 'failed', code: f.code, cause: f.cause_, fix: f.fix, exitCode: f.exitCode });
      if (log && f.code === 'E_INTERNAL') bus.emit({ type: 'log', step: 'status', source: 'stack', line: String((e as Error)?.stack) });
    }
  } finally {
    trace('command ended');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    session?.close(code);
    if (log) {
      await log.close();
      if (code !== 0 && !o.json) process.stderr.write(`  log: ${log.path}\n`);
    }
  }
  return code;
}
