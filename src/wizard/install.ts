// The wizard's ending, on the same code as `--preset`: installFlow with the wizard's answers
// (a LoadedPreset like any preset's), its events on an EventBus with a run log; or, without a
// cluster, the `render` command's output. Both faces (Ink and plain) call these.
import { dirname } from 'node:path';
import type { LoadedPreset } from '../config/load-preset.ts';
import { EventBus, FlowError, type InstallResult } from '../flows/events.ts';
import type { ClusterOptions } from '../flows/install.ts';
import { openRunLog } from '../cli/run-log.ts';
import { VERSION } from '../version.ts';

export interface Failure { code: string; cause: string; fix: string; exitCode: number; step?: string }

export type Outcome =
  | { ok: true; result: InstallResult; logFile: string }
  | { ok: false; failure: Failure; logFile?: string; result?: InstallResult };

export interface InstallHandle {
  bus: EventBus;
  logFile: string;
  /** Stops helm cleanly (SIGTERM, time to mark the release failed). */
  cancel: (why: string) => void;
  done: Promise<Outcome>;
}

export function registerSecrets(bus: EventBus, preset: LoadedPreset): void {
  // As the preset loader's caller does: a secret too weak to redact safely was warned about.
  for (const [k, v] of preset.secrets) if (!preset.unmaskable.has(k) && !preset.unresolved.has(k)) bus.secret(v);
  if (preset.tlsFiles) bus.secret(preset.tlsFiles.key);
}

export async function failureOf(e: unknown, logFile?: string): Promise<Failure> {
  // As the CLI does: API and file failures explained, only a real bug is E_INTERNAL.
  const { toFlowError } = await import('../core.ts');
  const f = toFlowError(e, { logFile });
  return { code: f.code, cause: f.cause_, fix: f.fix, exitCode: f.exitCode };
}

/**
 * Starts the install. `bus` may already have the screen's listener; the run log is added here.
 * The outcome never rejects: a failure is an Outcome with the cause, the fix and the exit code.
 */
export interface InstallSettings extends ClusterOptions {
  ignorePreflight: string[];
  lbTimeoutMs?: number;
  runDir: string;
}

/** How the face that started the install lets go of the terminal if it goes away (SSH drop). */
export interface TerminalHooks {
  /** Unsubscribe functions of the screen's listeners on the bus. */
  screens: Array<() => void>;
  /** Streams whose failure means the terminal went away (an Ink UI adds stdin). */
  streams?: NodeJS.EventEmitter[];
  /** Called once when it went (unmount Ink). The install carries on, logging. */
  onGone?: (reason: string) => void;
}

export function startInstall(preset: LoadedPreset, o: InstallSettings, bus = new EventBus(), terminal: TerminalHooks = { screens: [] }): InstallHandle {
  registerSecrets(bus, preset);
  const log = openRunLog(bus, 'install');
  const ac = new AbortController();
  const done = (async (): Promise<Outcome> => {
    // The events file `attach` follows, and the install going on when the terminal goes.
    const { startRunSession } = await import('../core.ts');
    const session = startRunSession(bus, { logFile: log.path, ...terminal });
    bus.emit({ type: 'run-started', command: 'install', version: VERSION, preset: preset.file, logFile: log.path });
    let result: InstallResult | undefined;
    let exitCode = 1;
    const off = bus.on((e) => { if (e.type === 'result') result = e.result; });
    try {
      const { installFlow, InstallRunning, followRunningInstall, outcomeError } = await import('../core.ts');
      let r: InstallResult;
      try {
        r = await installFlow(bus, preset, {
          kubeconfig: o.kubeconfig, context: o.context, helm: o.helm,
          ignorePreflight: o.ignorePreflight,
          showSecrets: false, lbTimeoutMs: o.lbTimeoutMs ?? 10 * 60_000, runDir: o.runDir, logFile: log.path,
        }, ac.signal);
      } catch (e) {
        // Another run installs this release (on this machine): follow it to its end, as --preset does.
        const followed = e instanceof InstallRunning ? await followRunningInstall(bus, e.run, ac.signal) : false;
        if (!followed) throw e;
        const err = outcomeError(followed, (e as InstanceType<typeof InstallRunning>).run.logFile);
        if (err) throw err;
        if (!result) throw new FlowError('E_FOLLOWED', 'the install this run followed ended well, but its result was not in its events', '`wallaroo-install status` shows the release, `wallaroo-install credentials` the login', 1);
        r = result;
      }
      if (ac.signal.aborted) throw ac.signal.reason;
      if (r !== result) bus.emit({ type: 'result', result: r });
      exitCode = 0;
      return { ok: true, result: r, logFile: log.path };
    } catch (caught) {
      // Once cancelled, whatever a step then failed with (a killed helm pull) is the cancel.
      const e = ac.signal.aborted && !(caught instanceof FlowError && caught.exitCode === 130) ? ac.signal.reason : caught;
      const failure = await failureOf(e, log.path);
      exitCode = failure.exitCode;
      bus.emit({ type: 'failed', code: failure.code, cause: failure.cause, fix: failure.fix, exitCode: failure.exitCode });
      if (failure.code === 'E_INTERNAL') bus.emit({ type: 'log', step: 'status', source: 'stack', line: String((e as Error)?.stack) });
      return { ok: false, failure, logFile: log.path, result };
    } finally {
      off();
      session.close(exitCode);
      await log.close();
    }
  })();
  return {
    bus, logFile: log.path, done,
    cancel: (why) => { if (!ac.signal.aborted) ac.abort(new FlowError('E_CANCELLED', `cancelled by ${why}`, 'run the wizard again (or the saved preset) to retry; `wallaroo-install status` shows the release', 130)); },
  };
}

export interface RenderOutcome { ok: boolean; valuesFile?: string; secretsFile?: string; commands: string[]; notes: { title: string; lines: string[] }[]; failure?: Failure }

/** No cluster: what `render` does, next to the answers file. */
export async function renderWithoutCluster(preset: LoadedPreset, helmMajor: 3 | 4 = 3): Promise<RenderOutcome> {
  const bus = new EventBus();
  registerSecrets(bus, preset);
  const out: RenderOutcome = { ok: false, commands: [], notes: [] };
  bus.on((e) => {
    if (e.type === 'rendered') Object.assign(out, { valuesFile: e.valuesFile, secretsFile: e.secretsFile, commands: e.commands });
    else if (e.type === 'output') out.notes.push({ title: e.title, lines: e.lines });
  });
  try {
    const { renderLoaded } = await import('../core.ts');
    await renderLoaded(preset, dirname(preset.file), { helmMajor }, bus);
    out.ok = true;
  } catch (e) {
    out.failure = await failureOf(e);
  }
  return out;
}

/** The admin credentials, read when the user asks to see the password (never in an event). */
export async function readCredentials(o: ClusterOptions, namespace: string): Promise<{ user: string; password: string } | undefined> {
  const { openCluster, readAdminCredentials } = await import('../core.ts');
  const c = await openCluster(o);
  return readAdminCredentials(c.api, namespace);
}
