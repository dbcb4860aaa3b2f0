// `wallaroo-install render --preset FILE [--output DIR] [--chart PATH|oci://REF]`: the values
// file and the exact commands an install would run, without a cluster. With a chart at hand
// (--chart, or chart.archive) the values are resolved against it; without one they use the
// first-guess keys and say so.
import { dirname, join, resolve } from 'node:path';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CliOptions } from '../cli/args.ts';
import { EventBus, FlowError } from '../flows/events.ts';
import { buildPlan, chartSource, type ChartSource, type InstallPlan } from '../flows/plan.ts';
import { writePrivateFile, toYaml11, prepareOutputDir, checkWriteTarget } from '../util/files.ts';
import { upgradeInstallArgs, registryLoginArgs, commandLine, shellQuote, type HelmMajor } from '../helm/args.ts';
import { Helm, helmBinary } from '../helm/helm.ts';
import { loadPresetCancellable } from './load.ts';
import { holdsUnresolved } from '../config/resolve-secrets.ts';
import { writeValuesFile } from '../flows/values-file.ts';
import { fetchChart, inspectChart, reportUnsupported } from '../flows/chart-check.ts';
import { unresolvedKeyMap, chartLabel, type KeyMap } from '../wallaroo/key-map.ts';
import type { LoadedPreset } from '../config/load-preset.ts';
import { quoteInput } from '../util/escape.ts';
import { ociRef, chartVersion } from '../config/grammars.ts';

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

/** `--chart`: a local archive or folder, or oci://REF with its version after ":" or from the preset. */
function chartFlag(flag: string, preset: LoadedPreset): ChartSource {
  if (!flag.trim()) throw new FlowError('E_USAGE', '--chart is empty', 'give the path of the chart archive (.tgz) or chart folder, or an oci:// reference; leave --chart out to use chart.archive or render unresolved', 2);
  if (!flag.startsWith('oci://')) {
    const path = resolve(flag);
    if (!existsSync(path)) throw new FlowError('E_USAGE', `--chart ${quoteInput(flag)} does not exist`, 'pass the path of the chart archive (.tgz) or chart folder, or an oci:// reference', 2);
    return { kind: 'archive', path };
  }
  // oci://host[:port]/path[:version]: checked with the preset's own grammars (a digest or an
  // empty part is a usage error here, not a failed helm pull later).
  const shown = quoteInput(flag);
  const m = /^(oci:\/\/[^/]+\/[^:@]+)(?::([^/:@]*))?$/.exec(flag);
  if (!m || !ociRef.safeParse(m[1]).success) {
    throw new FlowError('E_USAGE', `--chart ${shown} is not an OCI chart reference`, 'give --chart oci://registry.example.com/path/chart:VERSION (a version, not a digest), or the path of a chart archive or folder', 2);
  }
  const ref = m[1];
  if (m[2] !== undefined && !chartVersion.safeParse(m[2]).success) {
    throw new FlowError('E_USAGE', `--chart ${shown} names the version ${quoteInput(m[2])}, which is not a chart version (SemVer)`, 'give --chart oci://REF:VERSION with a version such as 2025.1.0-6290, or leave it out to use chart.version', 2);
  }
  const version = m[2] ?? preset.answers.chart.version;
  if (!version) throw new FlowError('E_USAGE', `--chart ${shown} names no version, and the preset has no chart.version`, 'add the version: --chart oci://REF:VERSION, or set chart.version in the preset', 2);
  const own = chartSource(preset.answers);
  const host = ref.slice('oci://'.length).split('/')[0];
  const login = own.kind === 'oci' && own.login && own.login.registry === host ? own.login : undefined;
  return { kind: 'oci', ref, version, ...(login ? { login } : {}) };
}

async function keysFor(source: ChartSource | undefined, preset: LoadedPreset, o: RenderFlags, bus: EventBus, signal: AbortSignal): Promise<KeyMap> {
  if (!source) return unresolvedKeyMap();
  if (source.kind === 'archive') {
    try {
      return inspectChart(source.path).keyMap;
    } catch (e) {
      // --chart names the chart to resolve against: an unreadable one is bad input. The
      // preset's chart.archive is only at hand: render goes on unresolved and says why.
      if (o.chart || !(e instanceof FlowError) || e.code !== 'E_CHART_INVALID') throw o.chart && e instanceof FlowError ? new FlowError(e.code, e.cause_, e.fix, 2) : e;
      bus.emit({ type: 'warning', code: 'W_CHART_UNREADABLE', key: 'chart.archive', message: `the values cannot be resolved against chart.archive: ${e.cause_}`, fix: `${e.fix}; an install would stop here` });
      return unresolvedKeyMap();
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'wallaroo-install-render-'));
  try {
    const helm = new Helm(helmBinary(o.helm), { ...process.env });
    return inspectChart(await fetchChart(source, helm, work, preset.secrets, signal)).keyMap;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function renderCommand(o: CliOptions, bus: EventBus, signal: AbortSignal = new AbortController().signal): Promise<void> {
  const dir = prepareOutputDir(o.output ?? '.', { flag: '--output', create: false }); // a bad --output: exit 2 before any work
  // render needs no secret values: an unset env: or a missing file: is a warning here.
  const preset = await loadPresetCancellable(o.preset!, bus, { secrets: 'optional' }, signal);
  return renderLoaded(preset, dir, o, bus, signal);
}

/** What render takes beyond the preset and the folder (the wizard's "no cluster" ending passes its own). */
export type RenderFlags = Partial<Pick<CliOptions, 'chart' | 'inlineSecrets' | 'dropUnsupported' | 'force' | 'helm'>> & { helmMajor?: HelmMajor };

/** The render of answers already loaded into an existing folder (the wizard's "no cluster" ending uses it too). */
export async function renderLoaded(preset: LoadedPreset, dir: string, o: RenderFlags, bus: EventBus, signal: AbortSignal = new AbortController().signal): Promise<void> {
  const inline = Boolean(o.inlineSecrets);
  const source = o.chart !== undefined ? chartFlag(o.chart, preset) : preset.answers.chart.archive ? chartSource(preset.answers) : undefined;
  const keyMap = await keysFor(source, preset, o, bus, signal);
  const built = buildPlan(preset, keyMap, inline ? 'inline' : 'kubernetes');
  const plan: InstallPlan = source ? { ...built, chart: source } : built;
  reportUnsupported(bus, plan, Boolean(o.dropUnsupported));
  if (!keyMap.chart) {
    bus.emit({ type: 'warning', code: 'W_VALUES_UNRESOLVED', message: 'the values are UNRESOLVED: not checked against a chart, so undocumented keys are the installer\'s first guesses',
      fix: 'render with --chart PATH|oci://REF (or set chart.archive) to resolve them against the chart you will install; an install always resolves them' });
  }
  for (const s of plan.missingSecrets) {
    bus.emit({ type: 'warning', code: 'W_SECRET_NOT_IN_VALUES', key: s, message: `${s} is not set, so the files written leave it empty`, fix: 'set it and render again, or fill it in by hand before installing' });
  }
  const incomplete = plan.kubeSecrets.filter((s) => Object.values(s.data).some(holdsUnresolved));
  plan.kubeSecrets = plan.kubeSecrets.filter((s) => !incomplete.includes(s));
  const valuesFile = join(dir, `${plan.release}-values.yaml`);
  const secretsFile = plan.kubeSecrets.length ? join(dir, `${plan.release}-secrets.yaml`) : undefined;
  const write = { force: o.force, keepForeign: true, flag: '--output' };
  for (const f of [valuesFile, secretsFile]) if (f) checkWriteTarget(f, write); // all or nothing
  writeValuesFile(valuesFile, plan, preset.file, write);
  if (secretsFile) {
    writePrivateFile(secretsFile, `# Secrets wallaroo-install creates before helm runs. Private: mode 0600.\n${secretManifests(plan)}`, write);
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
  bus.emit({ type: 'output', title: `Wrote ${valuesFile}${secretsFile ? ` and ${secretsFile}` : ''} (mode 0600), ${keyMap.chart ? `resolved against chart ${chartLabel(keyMap.chart)}` : 'UNRESOLVED (no chart at hand)'}. An install runs:`, lines: commands });
  if (plan.inlineSecrets.length) {
    const why = o.inlineSecrets ? 'as --inline-secrets asked, or because the chart takes no Secret reference for them' : 'the chart takes no Secret reference for them';
    bus.emit({ type: 'output', title: `The values file holds these secrets inline (${why}): they end up in helm's release, readable by anyone who can read Secrets in namespace ${plan.namespace}:`,
      lines: plan.inlineSecrets.map((s) => `${s.answer} as ${s.key}`) });
  }
  if (plan.existingSecrets.length) {
    bus.emit({ type: 'output', title: 'These Secrets must already exist in the namespace:', lines: plan.existingSecrets.map((s) => `${s.name}: ${s.purpose}`) });
  }
}
