// Renders the interactive uninstall with Ink and returns its exit code. The mode was decided
// before (commands/uninstall.ts: a terminal on both ends, not CI, not TERM=dumb), so Ink is told
// it is interactive; Ctrl-C is the App's (raw mode), SIGTERM and SIGHUP stop it the same way (helm
// gets SIGTERM and time to finish) and it then exits on its own: there may be no one to press Enter.
import { render } from 'ink';
import type { CliOptions } from '../../src/cli/args.ts';
import { EventBus } from '../../src/flows/events.ts';
import { openRunLog } from '../../src/cli/run-log.ts';
import { VERSION } from '../../src/version.ts';
import { DEFAULT_UNINSTALL_TIMEOUT_MS } from '../../src/commands/uninstall.ts';
import { App } from './App.tsx';
import { realServices, type UninstallServices } from './services.ts';
import { glyphsFor, setGlyphs } from './glyphs.ts';
import { keepRunningWhenTerminalGoes } from '../../src/session/terminal.ts';

export async function runUninstallApp(o: CliOptions, services: UninstallServices = realServices(o)): Promise<number> {
  setGlyphs(glyphsFor(process.env));
  const bus = new EventBus();
  const log = openRunLog(bus, 'uninstall');
  bus.emit({ type: 'run-started', command: 'uninstall', version: VERSION, logFile: log.path });
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => stop.abort(sig);
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(sig, onSignal);
  // A terminal that went away (writes fail with EIO/EPIPE) stops the run the same way, without a crash.
  const terminal = keepRunningWhenTerminalGoes(bus, { screens: [], streams: [process.stdout, process.stderr, process.stdin], logFile: log.path, onGone: (why) => stop.abort(why), carryOn: ': stopping the uninstall cleanly, as on Ctrl-C' });
  let code: number | undefined;
  const running: { done?: Promise<unknown>; stop?: () => void } = {};
  try {
    const app = render(
      <App o={{ ...o, timeoutMs: o.timeoutMs ?? DEFAULT_UNINSTALL_TIMEOUT_MS }} services={services} bus={bus} logFile={log.path} stop={stop.signal}
        running={running} onExit={(c) => { code = c; }} />,
      { exitOnCtrlC: false, incrementalRendering: true, interactive: true, patchConsole: false, maxFps: 30 },
    );
    await app.waitUntilExit();
    // Ink let go without the App ending (a hangup reached Ink's own handler first): an uninstall
    // still running is stopped as on Ctrl-C (helm gets SIGTERM and time to finish) and waited
    // for, so that its end reaches the log before it is closed.
    if (code === undefined && running.done) {
      running.stop?.();
      await running.done;
      code = 130;
    }
  } finally {
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(sig, onSignal);
    terminal.dispose();
    await log.close();
  }
  return code ?? 130;
}
