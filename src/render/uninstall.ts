// The uninstall plan and result as sections of lines: the plain renderer prints them, the Ink
// screens show the same sections (scrolling, with colour). ASCII only.
import type { Action, GroupId, Leftover, PlanItem, UninstallPlan, UninstallResult } from '../flows/uninstall/types.ts';
import { GROUP_ORDER, refText, retainedNote } from '../flows/uninstall/types.ts';
import { formatGi, parseQuantityBytes } from '../util/quantity.ts';

export interface PlanLine { action?: Action; text: string }
export interface PlanSection { group: GroupId | 'namespace' | 'access' | 'header'; title: string; lines: PlanLine[] }

/** The word shown in front of an object: what will happen to it. */
export const ACTION_WORD: Record<Action, string> = { helm: 'helm', delete: 'delete', keep: 'keep', untouched: 'skip' };

function groupTitle(g: GroupId, plan: UninstallPlan, items: PlanItem[]): string {
  const purge = plan.mode === 'purge';
  switch (g) {
    case 'release': return `Release objects (${items.length}): helm uninstall deletes them`;
    case 'hooks': return `Hook Jobs and run-time objects of the release (${items.length}): deleted`;
    case 'data': {
      const bytes = items.reduce((n, i) => n + (parseQuantityBytes(i.pvc?.size ?? '') ?? 0), 0);
      return `Data: ${items.length} claim${items.length === 1 ? '' : 's'}${bytes ? `, ${formatGi(bytes)}` : ''}: ${purge ? `DELETED (--purge)${retainedNote(plan)}` : 'kept (--purge deletes them)'}`;
    }
    case 'namespaces': return `Wallaroo's dynamic namespaces and objects elsewhere: ${purge ? 'deleted (--purge)' : 'kept (--purge deletes them)'}`;
    case 'cluster': return `Cluster-wide leftovers: ${purge ? 'deleted (--purge)' : 'kept (--purge deletes them)'}`;
    case 'install': return 'Made by wallaroo-install: deleted';
  }
}

function itemText(i: PlanItem): string {
  const where = i.namespace ? ` (namespace ${i.namespace})` : '';
  const bits: string[] = [];
  if (i.pvc) bits.push([i.pvc.size, i.pvc.storageClass && `storage class ${i.pvc.storageClass}`, i.pvc.phase].filter(Boolean).join(', '));
  if (i.crd) bits.push(`${i.crd.customResources} ${i.crd.kind} custom resource${i.crd.customResources === 1 ? '' : 's'} left`);
  if (i.ns && !i.protectedBecause) bits.push(`${i.note ?? 'namespace'}, ${i.ns.marked} Wallaroo object${i.ns.marked === 1 ? '' : 's'}${i.ns.pvcs ? `, ${i.ns.pvcs} claim${i.ns.pvcs === 1 ? '' : 's'}` : ''}`);
  if (i.inRelease && i.group === 'data') bits.push(i.action === 'keep' ? 'in the release: helm is told to keep it' : 'in the release');
  if (i.terminating) bits.push('already Terminating');
  const detail = bits.filter(Boolean).join('; ');
  // The section title says "kept"; everything else says why.
  return `${i.kind} ${i.name}${where}${detail ? `: ${detail}` : ''}${i.action !== 'keep' ? ` - ${i.reason}` : ''}`;
}

/** Release objects are many and alike: one line per kind. */
function releaseLines(items: PlanItem[]): PlanLine[] {
  const byKind = new Map<string, PlanItem[]>();
  for (const i of items) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  return [...byKind].map(([kind, list]) => {
    const gone = list.filter((i) => i.note === 'already gone').length;
    return { action: 'helm' as const, text: `${kind} (${list.length}): ${list.map((i) => i.name).join(', ')}${gone ? ` [${gone} already gone]` : ''}` };
  });
}

export function planSections(plan: UninstallPlan): PlanSection[] {
  const r = plan.helmRelease;
  const header: PlanLine[] = [
    { text: `context "${plan.context}" (cluster "${plan.cluster}", ${plan.server})` },
    { text: r.exists ? `release: ${r.status}, revision ${r.revision}, chart ${r.chart}` : `release: not installed (already uninstalled?): only leftovers are handled` },
    { text: `mode: ${plan.mode === 'purge' ? 'PURGE: data, dynamic namespaces and cluster-wide leftovers are deleted too' : 'keep data (the default; --purge also deletes data, dynamic namespaces and cluster-wide leftovers)'}` },
    { text: `hook: ${plan.hooks.note}` },
    ...plan.warnings.map((w) => ({ text: `warning: ${w.message}${w.fix ? ` (${w.fix})` : ''}` })),
  ];
  if (plan.blocked) header.push({ text: `BLOCKED: ${plan.blocked.cause}` });
  const sections: PlanSection[] = [{ group: 'header', title: `Uninstall plan for release ${plan.release} in namespace ${plan.namespace}`, lines: header }];
  for (const g of GROUP_ORDER) {
    const items = plan.items.filter((i) => i.group === g);
    if (!items.length) continue;
    sections.push({
      group: g, title: groupTitle(g, plan, items),
      lines: g === 'release' ? releaseLines(items) : items.map((i) => ({ action: i.action, text: itemText(i) })),
    });
  }
  sections.push({ group: 'namespace', title: `Namespace ${plan.namespace}`, lines: [{ action: plan.releaseNamespace.action, text: plan.releaseNamespace.reason }] });
  const a = plan.access;
  if (a.address || a.dnsRecords.length) {
    sections.push({
      group: 'access', title: 'Stops working',
      lines: [
        ...(a.address ? [{ text: `load balancer ${a.address.hostname ?? a.address.ip} (service api-lb-ext)` }] : []),
        ...a.dnsRecords.map((d) => ({ text: `DNS record ${d.name} ${d.type} ${d.value}: remove it from your DNS` })),
      ],
    });
  } else if (a.endpoints.length) {
    sections.push({ group: 'access', title: 'Stops working', lines: a.endpoints.map((e) => ({ text: `${e.service} ${e.url}` })) });
  }
  return sections;
}

export function planLines(plan: UninstallPlan): string[] {
  const out: string[] = [];
  for (const s of planSections(plan)) {
    out.push('', s.title);
    for (const l of s.lines) out.push(`  ${l.action ? ACTION_WORD[l.action].padEnd(7) : ''}${l.text}`);
  }
  return out;
}

const leftoverText = (l: Leftover) => `${refText(l)}: ${l.reason}`;

export function resultLines(r: UninstallResult): string[] {
  const out: string[] = [''];
  if (r.cancelled) out.push(`Uninstall of ${r.release} stopped before the end: ${r.removed.length} object${r.removed.length === 1 ? '' : 's'} removed so far.`);
  else if (r.clean) out.push(`Wallaroo release ${r.release} is uninstalled from namespace ${r.namespace}: nothing of Wallaroo's is left beyond what was kept on purpose.`);
  else out.push(`Wallaroo release ${r.release} is uninstalled, but ${r.left.length} object${r.left.length === 1 ? ' is' : 's are'} still there:`);
  for (const l of r.left) out.push(`  left  ${leftoverText(l)}`);
  if (r.removed.length && r.cancelled) for (const x of r.removed) out.push(`  removed  ${refText(x)}`);
  if (!r.cancelled) out.push(`Removed: ${r.removed.length} object${r.removed.length === 1 ? '' : 's'}${r.helm === 'uninstalled' ? ' (with helm uninstall)' : ''}.`);
  if (r.kept.length) {
    out.push('Kept on purpose:');
    for (const k of r.kept) out.push(`  kept  ${leftoverText(k)}`);
  }
  if (r.skipped?.length) {
    out.push('Not touched (not Wallaroo\'s, or not this release\'s to delete):');
    for (const k of r.skipped) out.push(`  skip  ${leftoverText(k)}`);
  }
  if (!r.cancelled && r.dnsRecords.length) {
    out.push('These DNS records now point at nothing; remove them:');
    for (const d of r.dnsRecords) out.push(`  ${d.name} ${d.type} ${d.value}`);
  }
  return out;
}

/** One line per object the run removed, kept or could not delete (gone ones only when verbose). */
export function progressLine(e: { object: { kind: string; name: string; namespace?: string; apiVersion: string }; outcome: 'deleted' | 'gone' | 'failed' | 'kept'; detail?: string }, verbose = false): string | undefined {
  const what = refText(e.object);
  switch (e.outcome) {
    case 'deleted': return `    deleted ${what}`;
    case 'kept': return `    kept    ${what}${e.detail ? `: ${e.detail}` : ''}`;
    case 'failed': return `    FAILED  ${what}: ${e.detail ?? 'the delete was refused'}`;
    case 'gone': return verbose ? `    gone    ${what} (already)` : undefined;
  }
}

export function hookFailedLines(e: { job: string; namespace: string; reason: string; logTail: string[] }): string[] {
  return [
    `the uninstall hook failed: job ${e.job} in namespace ${e.namespace} (${e.reason})`,
    ...(e.logTail.length ? ['  its last log lines:', ...e.logTail.map((l) => `    ${l}`)] : ['  (no log lines could be read)']),
  ];
}
