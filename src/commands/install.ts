// `wallaroo-install [install] --preset FILE` and `wallaroo-install preflight --preset FILE`.
import type { CliOptions } from '../cli/args.ts';
import { runDir } from '../cli/run-log.ts';
import { FlowError, type EventBus } from '../flows/events.ts';
import { installFlow, openCluster, preflightStep } from '../flows/install.ts';
import { buildPlan } from '../flows/plan.ts';
import { loadPresetOrFail } from './load.ts';
import { InstallRunning } from '../session/install-lock.ts';
import { followRunningInstall, outcomeError } from '../session/follow.ts';
import { kubeFailure } from '../kube/errors.ts';
import { CancelGuard } from '../flows/cancel.ts';


export async function installCommand(o: CliOptions, bus: EventBus, signal: AbortSignal, logFile?: string): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  let result;
  try {
    result = await installFlow(bus, preset, {
      kubeconfig: o.kubeconfig, context: o.context, helm: o.helm, ignorePreflight: o.ignorePreflight,
      showSecrets: o.showSecrets, lbTimeoutMs: o.lbTimeoutMs ?? 10 * 60_000, runDir: runDir(preset.answers.release), logFile,
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

export async function preflightCommand(o: CliOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  const plan = buildPlan(preset, 'kubernetes');
  const work = (async () => preflightStep(bus, plan, await openCluster(o), o.ignorePreflight))().catch((e) => { throw kubeFailure(e) ?? e; });
  await (signal ? new CancelGuard(signal).race(work) : work);
}
