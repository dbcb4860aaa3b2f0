// Before anything is applied: fetch the chart once (registry login with the password on stdin),
// compare the keys we write with the chart's own defaults (`helm show values`), and render it
// with our values (`helm template`), so a renamed key or a schema error stops us early.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Helm } from '../helm/helm.ts';
import { helmError } from '../helm/helm.ts';
import { registryLoginArgs, templateArgs } from '../helm/args.ts';
import type { InstallPlan } from './plan.ts';
import { valueKeyPaths, type HelmValues } from '../wallaroo/values.ts';
import { FlowError } from './events.ts';
import { readChartFile } from '../helm/chart-files.ts';

function inDefaults(path: string[], defaults: HelmValues): boolean {
  let node: unknown = defaults;
  for (const part of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(part in (node as object))) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

type JsonSchema = { properties?: Record<string, JsonSchema>; additionalProperties?: boolean | JsonSchema };

function inSchema(path: string[], schema: JsonSchema | undefined): boolean {
  let node = schema;
  for (const part of path) {
    const next = node?.properties?.[part] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!next) return false;
    node = next;
  }
  return true;
}

/**
 * Keys of `ours` the chart does not know: neither in its defaults (`helm show values`) nor in
 * its values.schema.json (a required key such as kubernetes_distribution has no default).
 */
export function unknownKeys(ours: HelmValues, chartDefaults: HelmValues, schema?: JsonSchema): string[] {
  return valueKeyPaths(ours).filter((path) => !inDefaults(path.split('.'), chartDefaults) && !inSchema(path.split('.'), schema));
}

export interface ChartCheck { chartPath: string; chartName: string; objects: number }

export async function checkChart(plan: InstallPlan, helm: Helm, workDir: string, secrets: Map<string, string>, valuesFile: string, signal: AbortSignal): Promise<ChartCheck> {
  let chartPath: string;
  const c = plan.chart;
  if (c.kind === 'oci') {
    if (c.login) {
      const r = await helm.run(registryLoginArgs(c.login), { stdin: secrets.get(c.login.passwordKey) ?? '', signal });
      if (r.exitCode !== 0) {
        throw new FlowError('E_REGISTRY_LOGIN', `login to ${c.login.registry} as ${c.login.username} failed: ${helmError(r)}`,
          'check chart.login.username (the license email) and the password (the license ID) from your Wallaroo license', 1);
      }
    }
    const r = await helm.run(['pull', c.ref, '--version', c.version, '--destination', workDir], { signal });
    if (r.exitCode !== 0) {
      throw new FlowError('E_CHART_PULL', `cannot fetch ${c.ref} version ${c.version}: ${helmError(r)}`,
        'check chart.channel/ref and chart.version against your license, and the login; for an air gap use chart.archive', 1);
    }
    const tgz = readdirSync(workDir).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new FlowError('E_CHART_PULL', `helm pull of ${c.ref} wrote no chart archive`, 'run the same helm pull by hand to see why', 1);
    chartPath = join(workDir, tgz);
  } else chartPath = c.path;

  const local: InstallPlan = { ...plan, chart: { kind: 'archive', path: chartPath } };
  const [meta, shown] = await Promise.all([helm.run(['show', 'chart', chartPath], { signal }), helm.run(['show', 'values', chartPath], { signal })]);
  if (meta.exitCode !== 0) throw new FlowError('E_CHART_INVALID', `${chartPath} is not a readable chart: ${helmError(meta)}`, 'point chart.archive at the Wallaroo chart .tgz from Wallaroo support', 1);
  const chartMeta = parse(meta.stdout) as { name?: string; version?: string };
  if (shown.exitCode !== 0) throw new FlowError('E_CHART_INVALID', `cannot read the chart's default values: ${helmError(shown)}`, 'check the chart archive', 1);
  const schemaText = readChartFile(chartPath, 'values.schema.json');
  let schema: JsonSchema | undefined;
  try { schema = schemaText ? JSON.parse(schemaText) : undefined; } catch { schema = undefined; }
  const missing = unknownKeys(plan.values, (parse(shown.stdout) ?? {}) as HelmValues, schema);
  if (missing.length) {
    throw new FlowError('E_CHART_UNKNOWN_KEYS',
      `chart ${chartMeta.name} ${chartMeta.version} does not know ${missing.length === 1 ? 'this key' : 'these keys'} we would write: ${missing.join(', ')}`,
      'this chart version renamed or dropped them: use the wallaroo-install release made for this chart version, or drop the settings behind these keys from the preset', 1);
  }
  const t = await helm.run(templateArgs(local, valuesFile), { signal });
  if (t.exitCode !== 0) {
    throw new FlowError('E_CHART_TEMPLATE', `the chart rejects our values: ${helmError(t)}`, 'correct the preset setting behind the key helm names, then run again', 1);
  }
  const objects = (t.stdout.match(/^kind: /gm) ?? []).length;
  return { chartPath, chartName: `${chartMeta.name} ${chartMeta.version}`, objects };
}
