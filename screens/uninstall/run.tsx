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
  const terminal = keepRunningWhenTerminalGoes(bus, { screens: [], streams: [process.stdout, process.stderr, process.stdin], logFile: log.path, onGone: (why) => stop.abort(why) });
  let code = 1;
  try {
    const app = render(
      <App o={{ ...o, timeoutMs: o.timeoutMs ?? DEFAULT_UNINSTALL_TIMEOUT_MS }} services={services} bus={bus} logFile={log.path} stop={stop.signal}
        onExit={(c) => { code = c; }} />,
      { exitOnCtrlC: false, incrementalRendering: true, interactive: true, patchConsole: false, maxFps: 30 },
    );
    await app.waitUntilExit();
  } finally {
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(sig, onSignal);
    terminal.dispose();
    await log.close();
  }
  return code;
}
