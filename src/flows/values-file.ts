// The values file both `render` and `install` write: 0600, YAML 1.1, and a header that says
// which tool version and preset made it, which chart version its keys were resolved against
// (or that they were not), exactly which secrets it holds, and which settings were left out.
import { escapeControl } from '../util/escape.ts';
import { writePrivateFile, toYaml11, type WriteOptions } from '../util/files.ts';
import type { InstallPlan } from './plan.ts';
import { chartLabel } from '../wallaroo/key-map.ts';
import { VERSION } from '../version.ts';

export function valuesFileHeader(plan: InstallPlan, presetFile: string): string {
  // A control character in a comment makes the file unreadable for helm (go-yaml refuses it):
  // the preset's path and the chart's name and version are written escaped, on one line.
  const lines = [` Helm values for Wallaroo, written by wallaroo-install ${VERSION} from preset ${escapeControl(presetFile, { oneLine: true })}`];
  const chart = plan.keyMap.chart && { name: escapeControl(plan.keyMap.chart.name, { oneLine: true }), version: escapeControl(plan.keyMap.chart.version, { oneLine: true }) };
  lines.push(chart
    ? ` Resolved against chart ${chartLabel(chart)}: every key below is one that chart version has.`
    : ' UNRESOLVED: not checked against a chart. Undocumented keys are the installer\'s first guesses;'
      + '\n render with --chart PATH|oci://REF (or chart.archive) to resolve them against the chart you install.');
  if (!plan.inlineSecrets.length) {
    lines.push(` Secrets in this file: none.${plan.kubeSecrets.length || plan.existingSecrets.length ? ' Keys and passwords are in the Kubernetes Secrets it names.' : ''}`);
  } else {
    lines.push(' Secrets in this file (keep it private, mode 0600, out of version control):');
    for (const s of plan.inlineSecrets) lines.push(`   ${s.answer} as ${s.key} (inline: stored in helm's release, readable by anyone who can read Secrets in namespace ${plan.namespace})`);
  }
  if (plan.unsupported.length) {
    lines.push(` Left out (${chart ? `chart ${chartLabel(chart)}` : 'the chart'} has no key for them; the chart's own behaviour applies): ${plan.unsupported.map((s) => s.label).join(', ')}.`);
  }
  return lines.join('\n');
}

/** Writes the values file; returns what it wrote (helm can be given the same text on stdin). */
export function writeValuesFile(path: string, plan: InstallPlan, presetFile: string, opts: WriteOptions = {}): string {
  const text = toYaml11(plan.values, valuesFileHeader(plan, presetFile));
  writePrivateFile(path, text, opts);
  return text;
}
