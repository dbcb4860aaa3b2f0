// The review, as data: every answer grouped by step (each group jumps to its step), the
// problems and warnings, the preflight results, what an upgrade changes against the live
// release, the exact helm command and the files. The Ink review and the plain prompts show
// the same sections.
import { keyPath } from '../config/problems.ts';
import { buildPlan, type InstallPlan } from '../flows/plan.ts';
import { upgradeWarnings } from '../flows/upgrade-warnings.ts';
import { commandLine, upgradeInstallArgs } from '../helm/args.ts';
import type { Draft } from './draft.ts';
import type { StepId, WizardContext } from './question.ts';
import { visibleSteps } from './steps.ts';
import { draftProblems, type SecretValues } from './validate.ts';
import { buildPreset, type Built } from './preset.ts';
import { valuesDiff } from './diff.ts';
import { noClusterChosen } from './questions/cluster.ts';
import type { LoadedPreset } from '../config/load-preset.ts';

export type LineLevel = 'ok' | 'warn' | 'error' | 'info' | 'busy' | 'dim';
/** `command`: a shell command, wrapped with `\` continuations so that it still pastes into a shell. */
export interface ReviewLine { text: string; level?: LineLevel; command?: boolean }
export interface ReviewSection { title: string; step?: StepId; lines: ReviewLine[] }

export interface ReviewInput {
  draft: Draft;
  secrets: SecretValues;
  ctx: WizardContext;
  answersFile: string;
  valuesFile: string;
}

export interface ReviewModel {
  sections: ReviewSection[];
  /** Errors that keep the install from starting. */
  errors: number;
  built: Built;
  plan?: InstallPlan;
  noCluster: boolean;
  /** Failed preflight checks (confirming the install ignores them, after asking). */
  blocking: string[];
  /** Preflight still running or not run. */
  preflightPending: boolean;
}

const bullet = (text: string, level?: LineLevel): ReviewLine => ({ text, level });

export function reviewModel(i: ReviewInput): ReviewModel {
  const { draft, ctx } = i;
  const c = { ...ctx, secrets: i.secrets };
  const sections: ReviewSection[] = [];
  const noCluster = noClusterChosen(draft, c);

  const built = buildPreset(draft, i.secrets, i.answersFile, c.env, c.cwd);
  // The answers, step by step, as the install will see them (schema defaults filled in).
  const valueAt = (path: (string | number)[]) => pathValue(draft, path) ?? (built.ok && path[0] !== '$' ? pathValue(built.preset.answers as unknown as Draft, path) : undefined);
  let n = 0;
  for (const s of visibleSteps(draft, c)) {
    const qs = s.questions(draft, c);
    if (!qs.length) continue;
    n++;
    sections.push({
      title: `${n}. ${s.title}`, step: s.id,
      lines: qs.map((q) => {
        const v = q.kind === 'secret' ? i.secrets[q.secretKey!] : q.path[0] === '$' ? pathValue(draft, q.path) ?? q.initial : valueAt(q.path);
        return bullet(`${q.label}: ${q.display(v)}`);
      }),
    });
  }

  const problems = draftProblems(draft, i.secrets, c);
  const found = problems.filter((p) => p.level === 'error');
  // What only building the install's input finds (nothing, normally) still stops it.
  const errors = found.length || built.ok ? found : built.problems;
  if (errors.length) {
    sections.push({ title: `Problems to fix first (${errors.length})`, lines: errors.flatMap((p) => [
      bullet(`${keyPath(p.path) || 'answers'}: ${p.message}`, 'error'), ...(p.fix ? [bullet(`  fix: ${p.fix}`, 'dim')] : [])]) });
  }

  let plan: InstallPlan | undefined;
  const warnings: ReviewLine[] = problems.filter((p) => p.level === 'warning').flatMap((p) => [bullet(`${p.message} [${p.code}]`, 'warn'), bullet(`  ${p.fix}`, 'dim')]);
  if (built.ok) plan = buildPlan(built.preset);

  const rel = ctx.facts.release.state === 'ok' ? ctx.facts.release.value : undefined;
  if (plan && rel?.exists && !noCluster) {
    const lines: ReviewLine[] = [bullet(`upgrade of revision ${rel.revision} (${rel.chart}, ${rel.status}) to ${plan.chart.kind === 'oci' ? plan.chart.version : plan.chart.path}`, 'info')];
    const recovered = draft.$?.recovered;
    if (recovered?.source === 'values') {
      lines.push(bullet('the release has no stored answers (installed without wallaroo-install): its answers were recovered from `helm get values`', 'info'));
      for (const u of recovered.unrecovered) lines.push(bullet(`not recovered: ${u.key} (${u.reason}): answered here instead`, 'warn'));
      for (const u of recovered.assumed) lines.push(bullet(`assumed: ${u.key} (${u.reason}): check it`, 'warn'));
    }
    if (rel.values) {
      for (const w of upgradeWarnings(rel.values, plan, rel.claims ?? [], (built as { preset: LoadedPreset }).preset.explicit)) warnings.push(bullet(`${w.message} [${w.code}]`, 'warn'), bullet(`  ${w.fix}`, 'dim'));
      const diff = valuesDiff(rel.values, plan.values, (built as { preset: LoadedPreset }).preset.secrets.values());
      if (!diff.length) lines.push(bullet('values: no change'));
      for (const d of diff) {
        lines.push(bullet(d.kind === 'added' ? `+ ${d.key}: ${d.to}` : d.kind === 'removed' ? `- ${d.key}: ${d.from} (back to the chart default)` : `~ ${d.key}: ${d.from} -> ${d.to}`,
          d.kind === 'removed' ? 'warn' : 'info'));
      }
    } else lines.push(bullet('the live values could not be read: no comparison', 'warn'));
    sections.push({ title: 'What the upgrade changes', lines });
  }
  if (warnings.length) sections.push({ title: 'Warnings', lines: warnings });

  const blocking: string[] = [];
  let preflightPending = false;
  if (noCluster) sections.push({ title: 'Preflight', lines: [bullet('no cluster: skipped; the run writes the answers and the values file and prints the commands', 'info')] });
  else {
    const pf = ctx.facts.preflight;
    const lines: ReviewLine[] = [];
    if (pf.state === 'ok') {
      for (const f of pf.value.findings) {
        lines.push(bullet(`${f.level === 'pass' ? 'ok  ' : f.level === 'warn' ? 'warn' : 'FAIL'} ${f.code}: ${f.message}`, f.level === 'pass' ? 'ok' : f.level === 'warn' ? 'warn' : 'error'));
        if (f.fix && f.level !== 'pass') lines.push(bullet(`     fix: ${f.fix}`, 'dim'));
      }
      blocking.push(...pf.value.blocking.map((f) => f.code));
    } else if (pf.state === 'error') lines.push(bullet(`preflight could not run: ${pf.reason}`, 'error'), ...(pf.fix ? [bullet(`  fix: ${pf.fix}`, 'dim')] : []));
    else if (ctx.facts.connection.state === 'error') lines.push(bullet(`the cluster is unreachable: ${ctx.facts.connection.reason}`, 'error'));
    else { preflightPending = true; lines.push(bullet(errors.length ? 'runs once the problems above are fixed' : 'checking the cluster…', errors.length ? 'dim' : 'busy')); }
    sections.push({ title: `Preflight${pf.state === 'ok' ? ` (${pf.value.findings.filter((f) => f.level === 'pass').length} passed, ${pf.value.findings.filter((f) => f.level === 'warn').length} warnings, ${pf.value.blocking.length} failed)` : ''}`, lines });
  }

  if (plan) {
    const major = ctx.facts.helm.state === 'ok' ? ctx.facts.helm.value.major : 3;
    sections.push({ title: `The helm command${noCluster ? ' to run' : ''}`, lines: [{ text: commandLine('helm', upgradeInstallArgs(plan, i.valuesFile, major)), command: true }] });
  }
  sections.push({ title: 'Files', lines: [bullet(`answers: ${i.answersFile}`), bullet(`values:  ${i.valuesFile}`)] });
  return { sections, errors: errors.length, built, plan, noCluster, blocking, preflightPending };
}

function pathValue(d: Draft, path: (string | number)[]): unknown {
  let cur: unknown = d;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}
