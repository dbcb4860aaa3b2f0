// The chart's uninstall hook failed: which Job, why, its last log lines; then retry, go on
// without the hook, or stop (nothing else has been deleted yet).
import { Box, Text } from 'ink';
import type { HookFailure } from '../../src/flows/uninstall/hooks.ts';
import { Frame } from './Frame.tsx';
import { SelectList } from './SelectList.tsx';
import { HOOK_CHOICES } from './state.ts';
import { G } from './glyphs.ts';
import { wrapText } from './wrap.ts';
import { safe } from './lines.ts';

export interface HookFailedScreenProps { hook: HookFailure; cursor: number; width: number; height: number; title: string }

export function HookFailedScreen({ hook, cursor, width, height, title }: HookFailedScreenProps) {
  const head = wrapText(safe(`The uninstall hook failed: job ${hook.job} in namespace ${hook.namespace} (${hook.reason}). Nothing else has been deleted.`), width);
  const room = Math.max(1, height - 5 - head.length - 1 - 1 - HOOK_CHOICES.length - 1);
  const log = hook.logTail.length ? hook.logTail.flatMap((l) => wrapText(`  ${safe(l)}`, width, 4)).slice(-room) : ['  (no log lines could be read)'];
  return (
    <Frame title={title} width={width} hints={`${G.up}${G.down} move  1-3 pick  Enter confirm`}
      status={`kubectl logs --namespace ${hook.namespace} job/${hook.job} shows the whole log`}>
      {head.map((l, i) => <Text key={`h${i}`} color="red">{l}</Text>)}
      <Text dimColor>Its last log lines:</Text>
      {log.map((l, i) => <Text key={`l${i}`} wrap="truncate-end">{l}</Text>)}
      <Box marginTop={1}><SelectList rows={HOOK_CHOICES.map((c) => ({ label: c.label }))} cursor={cursor} height={HOOK_CHOICES.length} width={width} /></Box>
    </Frame>
  );
}
