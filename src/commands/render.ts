// `wallaroo-install render --preset FILE [--output DIR]`: the values file and the exact commands
// an install would run, without a cluster.
import { dirname, join, resolve } from 'node:path';
import { EventBus } from '../flows/events.ts';
import { buildPlan, type InstallPlan } from '../flows/plan.ts';
import { writePrivateFile, toYaml11 } from '../util/files.ts';
import { upgradeInstallArgs, registryLoginArgs, commandLine, shellQuote, type HelmMajor } from '../helm/args.ts';
import { loadPresetOrFail } from './load.ts';
import { writeValuesFile } from '../flows/values-file.ts';
import type { LoadedPreset } from '../config/load-preset.ts';

export interface RenderOptions { preset: string; output?: string; inlineSecrets?: boolean; helmMajor?: HelmMajor }

export function secretManifests(plan: InstallPlan): string {
  return plan.kubeSecrets.map((s) => toYaml11({
    apiVersion: 'v1', kind: 'Secret', type: s.type,
    metadata: { name: s.name, namespace: plan.namespace, labels: { 'app.kubernetes.io/managed-by': 'wallaroo-install' } },
    stringData: s.data,
  })).join('---\n');
}

function loginCommand(plan: InstallPlan, preset: LoadedPreset, helm: string): string | undefined {
  if (plan.chart.kind !== 'oci' || !plan.chart.login) return undefined;
  const ref = preset.answers.chart.login!.password;
  const login = commandLine(helm, registryLoginArgs(plan.chart.login));
  if (ref.startsWith('env:')) return `printenv ${ref.slice(4)} | ${login}`;
  if (ref.startsWith('file:')) return `${login} < ${shellQuote(resolve(dirname(preset.file), ref.slice(5)))}`;
  return `${login}   # then type the license ID and press Ctrl-D`;
}

export async function renderCommand(o: RenderOptions, bus: EventBus): Promise<void> {
  return renderLoaded(loadPresetOrFail(o.preset, bus), o, bus);
}

/** The render of answers already loaded (the wizard's "no cluster" ending uses it too). */
export async function renderLoaded(preset: LoadedPreset, o: Omit<RenderOptions, 'preset'>, bus: EventBus): Promise<void> {
  const inline = Boolean(o.inlineSecrets);
  const plan = buildPlan(preset, inline ? 'inline' : 'kubernetes');
  const dir = resolve(o.output ?? '.');
  const valuesFile = join(dir, `${plan.release}-values.yaml`);
  writeValuesFile(valuesFile, plan.values, preset.file, inline);
  let secretsFile: string | undefined;
  if (plan.kubeSecrets.length) {
    secretsFile = join(dir, `${plan.release}-secrets.yaml`);
    writePrivateFile(secretsFile, `# Secrets wallaroo-install creates before helm runs. Private: mode 0600.\n${secretManifests(plan)}`);
  }
  const commands = [
    loginCommand(plan, preset, 'helm'),
    secretsFile && `kubectl create namespace ${plan.namespace} --dry-run=client -o yaml | kubectl apply -f -`,
    secretsFile && commandLine('kubectl', ['apply', '--namespace', plan.namespace, '--filename', secretsFile]),
    commandLine('helm', upgradeInstallArgs(plan, valuesFile, o.helmMajor ?? 3)),
  ].filter((c): c is string => Boolean(c));
  bus.emit({ type: 'rendered', valuesFile, secretsFile, commands });
  bus.emit({ type: 'output', title: `Wrote ${valuesFile}${secretsFile ? ` and ${secretsFile}` : ''} (mode 0600). An install runs:`, lines: commands });
  if (plan.existingSecrets.length) {
    bus.emit({ type: 'output', title: 'These Secrets must already exist in the namespace:', lines: plan.existingSecrets.map((s) => `${s.name}: ${s.purpose}`) });
  }
}
