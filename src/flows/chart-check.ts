// The chart check, before anything is applied: fetch the chart once (registry login with the
// password on stdin), read what it knows from its own files (values.yaml, values.schema.json,
// Chart.yaml, templates), resolve every setting to the chart's key for it, refuse a chart that
// lacks a documented key, and render it with our values (`helm template`), so that a renamed
// key, a schema error or a chart `fail` rule stops us before the cluster is touched.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { escapeControl, quoteInput } from '../util/escape.ts';
import { isCompiledProgram } from '../helm/build-info.ts';
import type { Helm } from '../helm/helm.ts';
import { helmError } from '../helm/helm.ts';
import { registryLoginArgs, templateArgs } from '../helm/args.ts';
import { readChartFiles, archiveFiles, type ChartFiles } from '../helm/chart-files.ts';
import type { ChartSource, InstallPlan } from './plan.ts';
import { FlowError, type EventBus, type InstallResult } from './events.ts';
import { chartKnows, type ChartContents, type JsonSchema } from '../wallaroo/chart-keys.ts';
import { resolveKeyMap, chartLabel, type ChartInfo, type KeyMap } from '../wallaroo/key-map.ts';
import { SETTINGS } from '../wallaroo/keys.ts';
import { leftOutMessage, refusedMessage, type UnsupportedSetting } from '../wallaroo/unsupported.ts';
import { inReleaseText } from '../wallaroo/secrets-in-values.ts';
import { keepFacts, recallFacts, type Rendered } from './chart-memory.ts';
import { scanObjectRefs } from '../helm/manifest.ts';

/** helm's words for a chart it cannot load (as opposed to one whose schema or rules refuse our values). */
/** What helm's SemVer library accepts as a chart version (1, 1.2, 1.2.3, a leading v, pre-release and build parts). */
const SEMVER = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

const CHART_LOAD_ERROR = /Chart\.yaml file is missing|chart\.metadata|metadata is required|illegally contains|irregular file|unable to load chart|cannot load|error unpacking|invalid chart|chart not found|apiVersion is required|is not a valid chart|found in Chart\.yaml, but missing in charts\/ directory/i;

export interface InspectedChart { path: string; info: ChartInfo; keyMap: KeyMap; knows: (key: string) => boolean; recalled?: boolean }

const invalid = (path: string, what: string) =>
  new FlowError('E_CHART_INVALID', `${path} is not a readable Helm chart: ${what}`, 'point chart.archive (or --chart) at the Wallaroo chart .tgz or folder from Wallaroo support', 1);

/**
 * A chart's own YAML, read as helm reads it (sigs.k8s.io/yaml over go-yaml): YAML 1.1, `<<`
 * merge keys, the last of duplicate keys, the first document only, anchors used freely (a chart
 * often shares one selector among dozens of components; the bound only stops a runaway
 * expansion). A chart helm renders must never be refused for how we read it.
 */
function helmYaml(text: string, scalarsAsText = false): unknown {
  // Chart.yaml: helm reads its fields into strings, keeping a scalar's text (`version: 1.0` is "1.0").
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false, ...(scalarsAsText ? { schema: 'failsafe' as const } : {}) });
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return undefined;
  if (first.errors.length) throw first.errors[0];
  return first.toJS({ maxAliasCount: 100_000 });
}

function yamlOf(path: string, file: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try { return helmYaml(text, /(^|\/)Chart\.yaml$/.test(file)); } catch (e) { throw invalid(path, `${file} is not valid YAML (${escapeControl((e as Error).message.split('\n')[0], { oneLine: true })})`); }
}

type Dependency = { name?: string; alias?: string; condition?: string };

/** Defaults of the chart's subcharts, by the name the parent's values use for each. */
function subchartValues(path: string, files: ChartFiles, deps: Dependency[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const add = (meta: unknown, values: unknown) => {
    const name = (meta as { name?: string } | undefined)?.name;
    if (!name) return;
    const aliases = deps.filter((d) => d.name === name && d.alias).map((d) => d.alias!);
    for (const key of aliases.length ? aliases : [name]) out.set(key, values ?? {});
  };
  for (const [rel, text] of files.files) {
    const m = /^charts\/([^/]+)\/Chart\.yaml$/.exec(rel);
    if (m) add(yamlOf(path, rel, text), yamlOf(path, `charts/${m[1]}/values.yaml`, files.files.get(`charts/${m[1]}/values.yaml`)));
  }
  for (const [rel, gz] of files.archives) {
    try {
      const sub = archiveFiles(gz);
      add(helmYaml(sub.files.get('Chart.yaml') ?? '', true), helmYaml(sub.files.get('values.yaml') ?? '') ?? {});
    } catch { /* an unreadable subchart: helm template will say so */ void rel; }
  }
  return out;
}

/** Every key path a setting may use: what the chart is asked about, and what its remembered facts must answer. */
const CANDIDATE_PATHS = [...new Set(Object.values(SETTINGS).flatMap((d) => Object.values(d.fields).flat()))];

/**
 * Reads the chart once and resolves every setting's key; refuses it if a documented key is
 * missing. `digest` (chart-memory.ts): the archive's facts are recalled from an earlier run
 * instead of read, and kept after a first read. `knows` then answers for our candidate keys.
 */
export function inspectChart(path: string, digest?: string): InspectedChart {
  const recalled = digest ? recallFacts(digest, CANDIDATE_PATHS) : undefined;
  if (recalled) return { ...resolved(path, recalled.info, (key) => recalled.has[key] === true), recalled: true };
  let files: ChartFiles;
  try { files = readChartFiles(path); } catch (e) { throw invalid(path, (e as Error).message); }
  const meta = yamlOf(path, 'Chart.yaml', files.files.get('Chart.yaml')) as { name?: string; version?: string; dependencies?: Dependency[] } | undefined;
  if (!meta?.name || !meta.version) throw invalid(path, 'no Chart.yaml with a name and a version at its top level');
  // As helm reads them: strings (a YAML number is refused by helm too), a version in SemVer.
  if (typeof meta.name !== 'string' || !meta.name.trim() || /[\u0000-\u001f\u007f-\u009f/]/.test(meta.name)) throw invalid(path, `Chart.yaml's name ${quoteInput(String(meta.name))} is not a chart name`);
  if (typeof meta.version !== 'string' || !SEMVER.test(meta.version)) throw invalid(path, `Chart.yaml's version ${quoteInput(typeof meta.version === 'string' ? meta.version : JSON.stringify(meta.version) ?? String(meta.version))} is not a SemVer version`);
  const info: ChartInfo = { name: meta.name, version: meta.version };
  let schema: JsonSchema | undefined;
  const schemaText = files.files.get('values.schema.json');
  if (schemaText !== undefined) {
    try { schema = JSON.parse(schemaText) as JsonSchema; } catch { throw invalid(path, 'values.schema.json is not valid JSON'); }
  }
  const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
  const contents: ChartContents = {
    values: yamlOf(path, 'values.yaml', files.files.get('values.yaml')) ?? {},
    schema,
    conditions: deps.map((d) => d.condition ?? '').filter(Boolean),
    subcharts: subchartValues(path, files, deps),
    templates: [...files.files].filter(([rel]) => rel.startsWith('templates/')).map(([, text]) => text),
  };
  const knows = chartKnows(contents);
  const inspected = resolved(path, info, knows);
  if (digest) keepFacts(digest, { info, has: Object.fromEntries(CANDIDATE_PATHS.map((key) => [key, knows(key)])) });
  return inspected;
}

function resolved(path: string, info: ChartInfo, knows: (key: string) => boolean): InspectedChart {
  const { keyMap, missingDocumented } = resolveKeyMap(info, knows);
  if (missingDocumented.length) {
    const keys = missingDocumented.map((m) => `${m.key} (${SETTINGS[m.setting].label})`);
    throw new FlowError('E_CHART_DOCUMENTED_KEY',
      `chart ${chartLabel(info)} has no ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}, which Wallaroo documents: this is not a chart version the installer can drive`,
      'check that chart.archive / chart.version name a Wallaroo chart; for a newer chart version, use the wallaroo-install release made for it', 1);
  }
  return { path, info, keyMap, knows };
}

/** helm's words for a registry it could not reach at all (as opposed to one that refused the login). */
const UNREACHABLE = /no such host|connection refused|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|connection reset by peer|server misbehaving|Client\.Timeout exceeded|proxyconnect|tls: failed to verify certificate|x509: /i;

function unreachable(registry: string, err: string): FlowError {
  const tls = /x509: |failed to verify certificate/i.test(err);
  return new FlowError('E_REGISTRY_UNREACHABLE', `cannot reach the chart registry ${registry} from this machine: ${err}`,
    tls ? `this machine does not trust ${registry}'s certificate (a TLS-inspecting proxy?): add its CA to the system's trust store, or use an air-gap chart archive (chart.archive)`
      : `check DNS, the proxy (HTTPS_PROXY) and the firewall for ${registry}, or install from an air-gap chart archive (chart.archive); the license is not the problem`, 1);
}

/** The chart on disk: the archive or folder itself, or `helm pull` of the OCI reference (after a login). */
export async function fetchChart(c: ChartSource, helm: Helm, workDir: string, secrets: ReadonlyMap<string, string>, signal: AbortSignal): Promise<string> {
  if (c.kind === 'archive') return c.path;
  if (c.login) {
    const password = secrets.get(c.login.passwordKey);
    if (password !== undefined) {
      const r = await helm.run(registryLoginArgs(c.login), { stdin: password, signal });
      if (r.exitCode !== 0) {
        const err = helmError(r);
        if (UNREACHABLE.test(err)) throw unreachable(c.login.registry, err);
        throw new FlowError('E_REGISTRY_LOGIN', `login to ${c.login.registry} as ${c.login.username} failed: ${err}`,
          'check chart.login.username (the license email) and the password (the license ID) from your Wallaroo license', 1);
      }
    }
  }
  const r = await helm.run(['pull', c.ref, '--version', c.version, '--destination', workDir], { signal });
  if (r.exitCode !== 0) {
    const err = helmError(r);
    if (UNREACHABLE.test(err)) throw unreachable(c.ref.slice('oci://'.length).split('/')[0], err);
    throw new FlowError('E_CHART_PULL', `cannot fetch ${c.ref} version ${c.version}: ${err}`,
      'check chart.channel/ref and chart.version against your license, and the login; for an air gap use chart.archive', 1);
  }
  const tgz = readdirSync(workDir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new FlowError('E_CHART_PULL', `helm pull of ${c.ref} wrote no chart archive`, 'run the same helm pull by hand to see why', 1);
  return join(workDir, tgz);
}

/**
 * Settings the chart cannot take: stops the run (exit 2, bad input) for what the admin asked
 * for, unless --drop-unsupported; otherwise warns about each one left out.
 */
export function reportUnsupported(bus: EventBus, plan: InstallPlan, dropUnsupported: boolean): UnsupportedSetting[] {
  const explicit = plan.unsupported.filter((s) => s.explicitFrom);
  if (explicit.length && !dropUnsupported) {
    const m = refusedMessage(explicit, plan.keyMap.chart);
    throw new FlowError('E_CHART_UNSUPPORTED_SETTING', m.cause, m.fix, 2);
  }
  for (const s of plan.unsupported) {
    const m = leftOutMessage(s, plan.keyMap.chart);
    bus.emit({ type: 'warning', code: 'W_CHART_SETTING_UNSUPPORTED', ...(s.explicitFrom ? { key: s.explicitFrom } : {}), message: m.message, fix: m.fix });
  }
  return plan.unsupported;
}

/** For the final summary: what was left out, and (when the preset set it) from which key. */
export function leftOutSummary(plan: InstallPlan): NonNullable<InstallResult['leftOut']> {
  const chart = plan.keyMap.chart ? chartLabel(plan.keyMap.chart) : 'the chart';
  return plan.unsupported.map((s) => ({ setting: s.id, label: s.label, chart, ...(s.explicitFrom ? { from: s.explicitFrom } : {}) }));
}

/** Secrets the values hold inline (the chart takes no Secret reference for them): say where they end up. */
export function reportInlineSecrets(bus: EventBus, plan: InstallPlan): void {
  for (const s of plan.inlineSecrets) {
    bus.emit({ type: 'warning', code: 'W_SECRET_IN_RELEASE', key: s.answer, message: inReleaseText(s, plan.namespace),
      fix: `limit who may read Secrets in namespace ${plan.namespace}, or leave the setting out if that is not acceptable` });
  }
}

/** helm template's output: its object count, and the objects helm applies itself (a hook is
 *  made and deleted by its own rules, never taken over, so it is left out). */
export function renderedObjects(manifest: string): Rendered {
  const refs = scanObjectRefs(manifest).filter((o) => !o.hook)
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) }));
  return { count: (manifest.match(/^kind: /gm) ?? []).length, refs };
}

/**
 * `helm template` with our values: the chart's schema and its own rules judge them. Returns the
 * object count and the objects helm applies. Started before our values exist when helm is a compiled program (not a wrapper
 * script, which may not pass stdin on): helm is a Go process that takes 60–100 ms to start,
 * which then overlaps with reading the chart and resolving the keys; it reads the values from
 * stdin (`--values -`) once they are written. When `values` rejects, helm is stopped and what
 * it renders is never used. (Only `helm template`, which never touches the cluster, is started
 * this way: an upgrade given no values would install the chart's defaults.)
 */
export function startTemplate(plan: InstallPlan, chartPath: string, helm: Helm, values: Promise<{ text: string; file: string }>, signal: AbortSignal): Promise<Rendered> {
  const local: InstallPlan = { ...plan, chart: { kind: 'archive', path: chartPath } };
  const run = isCompiledProgram(helm.bin, helm.env)
    ? helm.run(templateArgs(local, '-'), { signal, stdin: values.then((v) => v.text) })
    : values.then((v) => helm.run(templateArgs(local, v.file), { signal }));
  return run.then((t) => {
    if (t.exitCode !== 0) {
      const err = helmError(t);
      // helm could not load the chart at all: the chart is at fault, not the values.
      if (CHART_LOAD_ERROR.test(err)) {
        throw new FlowError('E_CHART_INVALID', `helm cannot load the chart ${escapeControl(chartPath, { oneLine: true })}: ${err}`,
          'point chart.archive (or --chart) at the Wallaroo chart .tgz from Wallaroo support (`helm show chart PATH` checks that helm can read it)', 1);
      }
      // helm itself could not start (its version was known from its build info or remembered,
      // so nothing had run it yet): the binary is at fault, not the values.
      if (/^cannot run /.test(err)) throw new FlowError('E_HELM_BROKEN', err, 'check the helm binary (`helm version`), or pass another with --helm PATH', 1);
      throw new FlowError('E_CHART_TEMPLATE', `the chart rejects our values: ${err}`, 'correct the preset setting behind the key helm names, then run again', 1);
    }
    return renderedObjects(t.stdout);
  });
}
