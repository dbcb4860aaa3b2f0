// `wallaroo-install attach [--release R] [-n NS] [--context C]`: follow the install of a release
// that runs on this machine (after the SSH link dropped, from a second terminal): what it has
// reported so far, then what it reports next, until it ends; exit with its exit code. When no
// install runs, the last one started here is replayed (its outcome: credentials, DNS records).
import type { CliOptions } from '../cli/args.ts';
import { FlowError, type EventBus } from '../flows/events.ts';
import { openCluster, type Cluster } from '../flows/install.ts';
import { describeRunning, findRunningInstall, InstallRunning, runningWhat } from '../session/install-lock.ts';
import { followRun, followRunningInstall, outcomeError, type FollowOutcome } from '../session/follow.ts';
import { findRunRecord, runIsAlive, runRecordsFor, type RunRecord } from '../session/run-record.ts';
import { existsSync } from 'node:fs';
import { loadPresetOrFail } from './load.ts';

function target(o: CliOptions, bus: EventBus): { release: string; namespace: string } {
  const p = o.preset ? loadPresetOrFail(o.preset, bus, { resolveSecrets: false }).answers : undefined;
  return { release: o.release ?? p?.release ?? 'wallaroo', namespace: o.namespace ?? p?.namespace ?? 'wallaroo' };
}

function replay(bus: EventBus, r: RunRecord, signal: AbortSignal): Promise<FollowOutcome> {
  const alive = !r.endedAt && runIsAlive(r.pid);
  // The last run of the release from this machine may have been an uninstall: said so.
  const what = runningWhat(r);
  return followRun(bus, {
    eventsFile: r.eventsFile!, pid: r.pid, logFile: r.logFile,
    announce: alive
      ? `attached to the ${what} of release ${r.release} in namespace ${r.namespace} (pid ${r.pid}, started ${r.startedAt}; log: ${r.logFile}); Ctrl-C stops following, the ${what} goes on`
      : `no install of release ${r.release} is running; ${what === 'uninstall' ? 'the last run from this machine (an uninstall, ' : 'the last one from this machine ('}started ${r.startedAt}${r.endedAt ? `, ended ${r.endedAt}` : ''}; log: ${r.logFile}) reported:`,
  }, signal);
}

function finish(o: FollowOutcome, logFile?: string): void {
  const err = outcomeError(o, logFile);
  if (err) throw err;
}

export async function attachCommand(o: CliOptions, bus: EventBus, signal: AbortSignal): Promise<void> {
  const t = target(o, bus);
  let c: Cluster | undefined;
  let connectError: unknown;
  try { c = await openCluster(o); } catch (e) { connectError = e; }

  const nothing = () => new FlowError('E_NOTHING_TO_ATTACH', `no install of release ${t.release} in namespace ${t.namespace} is running${c ? ` (context "${c.target.context}")` : ''}, and none was started from this machine`,
    '`wallaroo-install status` shows the release; check --release, -n and --context', 1);

  if (!c) {
    // No kubeconfig here: this machine's own records still know its runs.
    const r = runRecordsFor(t.namespace, t.release).find((x) => x.eventsFile && existsSync(x.eventsFile));
    if (!r) throw connectError;
    return finish(await replay(bus, r, signal), r.logFile);
  }

  const run = await findRunningInstall(c, t.release, t.namespace);
  // An uninstall has no install to attach to: who runs it, and to wait.
  if (run && runningWhat(run) === 'uninstall') throw new InstallRunning(run, c.target.context);
  if (run) {
    const outcome = await followRunningInstall(bus, run, signal, { attach: true });
    if (outcome) return finish(outcome, run.logFile);
    if (run.local) {
      throw new FlowError('E_ATTACH_UNREADABLE', `the install of release ${t.release} runs on this machine (${describeRunning(run)}), but its events file ${run.eventsFile ?? '(unknown)'} cannot be read`,
        `attach as the user who started it (${run.user ?? 'see above'}), or read its log`, 1);
    }
    throw new FlowError('E_INSTALL_RUNNING_ELSEWHERE', `the install of release ${t.release} runs on another machine: ${describeRunning(run)}`,
      `attach there: \`ssh -t ${run.host ?? 'HOST'} wallaroo-install attach --release ${t.release} -n ${t.namespace}\`, or wait for it to end (\`wallaroo-install status\` shows the release)`, 1);
  }
  const last = findRunRecord({ server: c.target.server, namespace: t.namespace, release: t.release });
  if (!last?.eventsFile || !existsSync(last.eventsFile)) throw nothing();
  return finish(await replay(bus, last, signal), last.logFile);
}
