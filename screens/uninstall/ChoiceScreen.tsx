// Step 4: keep data, purge, or cancel, each with what it means for this cluster in numbers.
import { Box, Text } from 'ink';
import { retainedNote, type UninstallPlan } from '../../src/flows/uninstall/types.ts';
import { formatGi, parseQuantityBytes } from '../../src/util/quantity.ts';
import { Frame } from './Frame.tsx';
import { SelectList } from './SelectList.tsx';
import { CHOICES } from './state.ts';
import { G } from './glyphs.ts';
import { wrapText } from './wrap.ts';

const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;

/** One sentence per choice: what goes, what stays. */
export function choiceSummary(plan: UninstallPlan | undefined, mode: 'keep' | 'purge' | 'cancel'): string {
  if (mode === 'cancel' || !plan) return 'Change nothing and leave.';
  if (plan.blocked) return `Not possible now: ${plan.blocked.cause}.`;
  const count = (f: (i: UninstallPlan['items'][number]) => boolean) => plan.items.filter(f).length;
  const claims = plan.items.filter((i) => i.group === 'data' && i.action !== 'untouched');
  const bytes = claims.reduce((t, i) => t + (parseQuantityBytes(i.pvc?.size ?? '') ?? 0), 0);
  const data = `${n(claims.length, 'claim')}${bytes ? `, ${formatGi(bytes)}` : ''}`;
  // The release's own namespace is planned apart from the items (plan.releaseNamespace): counted
  // here as the plan and the result show it (kept with the data, or deleted by a purge).
  const own = plan.releaseNamespace?.action === (mode === 'keep' ? 'keep' : 'delete') ? 1 : 0;
  const nss = count((i) => i.kind === 'Namespace' && i.action !== 'untouched') + own;
  const cluster = count((i) => i.group === 'cluster' && i.action !== 'untouched');
  const removed = count((i) => i.action === 'helm' || i.action === 'delete') + (mode === 'purge' ? own : 0);
  if (mode === 'keep') {
    return `Uninstall the release: ${n(removed, 'object')} removed. Kept: the data (${data}), ${n(nss, 'namespace')}, ${n(cluster, 'cluster-wide object')}.`;
  }
  return `Also DELETE the data (${data})${retainedNote(plan)}, ${n(nss, 'namespace')} and ${n(cluster, 'cluster-wide object')}: ${n(removed, 'object')} removed in all. This cannot be undone.`;
}

export interface ChoiceScreenProps { keep?: UninstallPlan; purge?: UninstallPlan; usable: boolean[]; cursor: number; width: number; height: number; title: string }

export function ChoiceScreen({ keep, purge, usable, cursor, width, title }: ChoiceScreenProps) {
  const rows = CHOICES.map((c, i) => ({ label: c.label, disabled: !usable[i] }));
  const mode = CHOICES[cursor].mode;
  const summary = choiceSummary(mode === 'purge' ? purge : keep, mode);
  return (
    <Frame title={title} width={width} hints={`${G.up}${G.down} move  1-3 pick  Enter confirm  Esc back to the plan  q quit`}>
      <Text>What should happen to release {keep?.release ?? purge?.release}?</Text>
      <Box marginTop={1}><SelectList rows={rows} cursor={cursor} height={3} width={width} /></Box>
      <Box marginTop={1} flexDirection="column">
        {wrapText(summary, width).map((l, i) => <Text key={i} color={mode === 'purge' ? 'yellow' : undefined}>{l}</Text>)}
      </Box>
    </Frame>
  );
}
