// `wallaroo-install render --preset FILE [--output DIR]`: the values file and the exact commands
// an install would run, without a cluster.
import { dirname, join, resolve } from 'node:path';
import { EventBus } from '../flows/events.ts';
import { buildPlan, type InstallPlan } from '../flows/plan.ts';
import { writePrivateFile, toYaml11, prepareOutputDir, checkWriteTarget } from '../util/files.ts';
import { upgradeInstallArgs, registryLoginArgs, commandLine, shellQuote, type HelmMajor } from '../helm/args.ts';
import { loadPresetCancellable } from './load.ts';
import { holdsUnresolved } from '../config/resolve-secrets.ts';
import { writeValuesFile } from '../flows/values-file.ts';
import type { LoadedPreset } from '../config/load-preset.ts';

export interface RenderOptions { preset: string; output?: string; inlineSecrets?: boolean; helmMajor?: HelmMajor; force?: boolean }

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

export async function renderCommand(o: RenderOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const dir = prepareOutputDir(o.output ?? '.', { flag: '--output', create: false }); // a bad --output: exit 2 before any work
  // render needs no secret values: an unset env: or a missing file: is a warning here.
  const preset = await loadPresetCancellable(o.preset, bus, { secrets: 'optional' }, signal);
  return renderLoaded(preset, dir, o, bus);
}

/** The render of answers already loaded into an existing folder (the wizard's "no cluster" ending uses it too). */
export async function renderLoaded(preset: LoadedPreset, dir: string, o: Omit<RenderOptions, 'preset' | 'output'>, bus: EventBus): Promise<void> {
  const inline = Boolean(o.inlineSecrets);
  const plan = buildPlan(preset, inline ? 'inline' : 'kubernetes');
  const incomplete = plan.kubeSecrets.filter((s) => Object.values(s.data).some(holdsUnresolved));
  plan.kubeSecrets = plan.kubeSecrets.filter((s) => !incomplete.includes(s));
  const valuesFile = join(dir, `${plan.release}-values.yaml`);
  const secretsFile = plan.kubeSecrets.length ? join(dir, `${plan.release}-secrets.yaml`) : undefined;
  for (const f of [valuesFile, secretsFile]) if (f) checkWriteTarget(f, { force: o.force, keepForeign: true, flag: '--output' }); // all or nothing
  writeValuesFile(valuesFile, plan.values, preset.file, inline, { force: o.force, keepForeign: true, flag: '--output' });
  if (secretsFile) {
    writePrivateFile(secretsFile, `# Secrets wallaroo-install creates before helm runs. Private: mode 0600.\n${secretManifests(plan)}`, { force: o.force, keepForeign: true, flag: '--output' });
  }
  for (const s of incomplete) {
    bus.emit({ type: 'warning', code: 'W_SECRET_NOT_RENDERED', message: `Secret ${s.name} (${s.purpose}) is not in the rendered files: a value it needs is not available`, fix: 'set the variables or files named above and render again, or create that Secret yourself before installing' });
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
