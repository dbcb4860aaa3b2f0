// While it runs: each step with its outcome, what is being waited on and why, the last objects
// removed. Finished steps stay one line each, so the screen stays short.
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { Spinner } from './Spinner.tsx';
import { G, ASCII } from './glyphs.ts';
import type { Progress } from './state.ts';
import { safe } from './lines.ts';

export interface ProgressScreenProps { progress: Progress; width: number; height: number; title: string }

const MARK = { ok: () => G.check, warn: () => G.warn, fail: () => G.cross, skip: () => G.dot } as const;
const COLOR = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

export function ProgressScreen({ progress, width, height, title }: ProgressScreenProps) {
  const p = progress;
  const rows = Math.max(6, height - 5);
  const stepRows = p.steps.length;
  const waitRoom = Math.max(0, Math.min(p.waiting.length, rows - stepRows - p.recent.length - 2));
  return (
    <Frame title={title} width={width}
      status={p.stopping ? 'stopping: helm gets time to finish cleanly; Ctrl-C again quits at once' : `${p.removed} object${p.removed === 1 ? '' : 's'} removed so far`}
      hints="Ctrl-C stop (what is already removed stays removed; running again continues)">
      <Box flexDirection="column" height={rows}>
        {p.steps.map((s, i) => (
          <Box key={i}>
            {s.status ? <Text color={COLOR[s.status]}>{MARK[s.status]()}</Text> : <Spinner />}
            <Text wrap="truncate-end"> {safe(s.status ? `${s.step.replace(/^uninstall-/, '')}: ${s.summary}` : s.title)}</Text>
          </Box>
        ))}
        {p.waiting.slice(0, waitRoom).map((w, i) => (
          <Text key={`w${i}`} wrap="truncate-end" color="yellow">    {safe(`${w.kind}/${w.name}: ${w.reason}`)}</Text>
        ))}
        {p.waiting.length > waitRoom && waitRoom > 0 && <Text dimColor>    {G === ASCII ? '...' : '…'} and {p.waiting.length - waitRoom} more</Text>}
        {p.recent.map((r, i) => <Text key={`r${i}`} wrap="truncate-end" dimColor>    {safe(r)}</Text>)}
      </Box>
    </Frame>
  );
}
