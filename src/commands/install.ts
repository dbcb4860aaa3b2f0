// `wallaroo-install [install] --preset FILE` and `wallaroo-install preflight --preset FILE`.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CliOptions } from '../cli/args.ts';
import { stateHome } from '../cli/run-log.ts';
import type { EventBus } from '../flows/events.ts';
import { installFlow, runChecks } from '../flows/install.ts';
import { buildPlan } from '../flows/plan.ts';
import { loadPresetOrFail } from './load.ts';

function runDir(release: string): string {
  return join(stateHome(), 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${release}`);
}

export async function installCommand(o: CliOptions, bus: EventBus, signal: AbortSignal, logFile?: string): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  const result = await installFlow(bus, preset, {
    kubeconfig: o.kubeconfig, context: o.context, helm: o.helm, ignorePreflight: o.ignorePreflight,
    showSecrets: o.showSecrets, lbTimeoutMs: o.lbTimeoutMs, dropUnsupported: o.dropUnsupported, runDir: runDir(preset.answers.release), logFile,
  }, signal);
  bus.emit({ type: 'result', result });
}

/** The checks an install runs before it writes anything: preflight and the chart check. */
export async function preflightCommand(o: CliOptions, bus: EventBus, signal: AbortSignal): Promise<void> {
  const preset = loadPresetOrFail(o.preset!, bus);
  // The pulled chart and the values file are only needed for the check itself.
  const work = mkdtempSync(join(tmpdir(), 'wallaroo-install-preflight-'));
  try {
    await runChecks(bus, preset, buildPlan(preset), o, work, signal);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
