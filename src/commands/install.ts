// `wallaroo-install [install] --preset FILE` and `wallaroo-install preflight --preset FILE`.
import type { CliOptions } from '../cli/args.ts';
import { runDir } from '../cli/run-log.ts';
import type { EventBus } from '../flows/events.ts';
import { installFlow, openCluster, preflightStep } from '../flows/install.ts';
import { buildPlan } from '../flows/plan.ts';
import { loadPresetOrFail } from './load.ts';
import { InstallRunning } from '../session/install-lock.ts';
import { followRunningInstall, outcomeError } from '../session/follow.ts';


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
    const followed = e instanceof InstallRunning ? await followRunningInstall(bus, e.run, signal) : false;
    if (!followed) throw e;
    const err = outcomeError(followed, (e as InstallRunning).run.logFile);
    if (err) throw err;
    return;
  }
  bus.emit({ type: 'result', result });
}

export async function preflightCommand(o: CliOptions, bus: EventBus): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  const plan = buildPlan(preset, 'kubernetes');
  const c = await openCluster(o);
  await preflightStep(bus, plan, c, o.ignorePreflight);
}
