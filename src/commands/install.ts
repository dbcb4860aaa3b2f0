// `wallaroo-install [install] --preset FILE` and `wallaroo-install preflight --preset FILE`.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CliOptions } from '../cli/args.ts';
import { runDir } from '../cli/run-log.ts';
import { FlowError, type EventBus } from '../flows/events.ts';
import { installFlow, runChecks } from '../flows/install.ts';
import { buildPlan } from '../flows/plan.ts';
import { loadPresetOrFail } from './load.ts';
import { InstallRunning } from '../session/install-lock.ts';
import { followRunningInstall, outcomeError } from '../session/follow.ts';
import { kubeFailure } from '../kube/errors.ts';
import { CancelGuard } from '../flows/cancel.ts';
import { trace } from '../util/trace.ts';


export async function installCommand(o: CliOptions, bus: EventBus, signal: AbortSignal, logFile?: string): Promise<void> {
  trace('install command loaded');
  const preset = loadPresetOrFail(o.preset!, bus);
  trace('preset loaded');
  let result;
  try {
    result = await installFlow(bus, preset, {
      kubeconfig: o.kubeconfig, context: o.context, helm: o.helm, ignorePreflight: o.ignorePreflight,
      showSecrets: o.showSecrets, lbTimeoutMs: o.lbTimeoutMs, dropUnsupported: o.dropUnsupported, runDir: runDir(preset.answers.release), logFile,
    }, signal);
  } catch (e) {
    // The release is being installed by another run: on this machine, follow it to its end.
    const running = e instanceof InstallRunning ? e.run : undefined;
    const followed = running ? await followRunningInstall(bus, running, signal) : false;
    if (!followed) throw kubeFailure(e) ?? e; // API failures anywhere in the install, explained
    // Another preset than ours was installing: ours was not applied, whatever that run did.
    if (running!.preset && running!.preset !== preset.file) {
      throw new FlowError('E_PRESET_NOT_APPLIED', `the install that was running used preset ${running!.preset} (exit ${followed.exitCode}); ${preset.file} was not applied`,
        `run \`wallaroo-install --preset ${preset.file}\` again now that it has ended`, 1);
    }
    const err = outcomeError(followed, running!.logFile);
    if (err) throw err;
    return;
  }
  bus.emit({ type: 'result', result });
}

/** The checks an install runs before it changes anything: preflight and the chart check. */
export async function preflightCommand(o: CliOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  // The pulled chart and the values file are only needed for the check itself.
  const workDir = mkdtempSync(join(tmpdir(), 'wallaroo-install-preflight-'));
  try {
    const work = runChecks(bus, preset, buildPlan(preset), o, workDir, signal ?? new AbortController().signal).catch((e) => { throw kubeFailure(e) ?? e; });
    await (signal ? new CancelGuard(signal).race(work) : work);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
