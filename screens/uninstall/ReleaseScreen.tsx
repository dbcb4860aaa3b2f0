// Step 2: which release. Releases of a Wallaroo chart in every namespace, and, last, the way to
// clean up after a release that is already gone.
import { Box, Text } from 'ink';
import { Frame } from './Frame.tsx';
import { SelectList } from './SelectList.tsx';
import { G } from './glyphs.ts';
import type { ReleaseChoice } from './state.ts';

export interface ReleaseScreenProps { releases: ReleaseChoice[]; cursor: number; context?: string; width: number; height: number; title: string; canGoBack: boolean }

export function releaseLabel(r: ReleaseChoice): { label: string; hint?: string } {
  if (r.leftoversOnly) return { label: `No release: clean up what ${r.release} left in namespace ${r.namespace}` };
  return { label: `${r.release} in namespace ${r.namespace}`, hint: [r.status, r.chart].filter(Boolean).join(', ') };
}

export function ReleaseScreen({ releases, cursor, context, width, height, title, canGoBack }: ReleaseScreenProps) {
  const found = releases.filter((r) => !r.leftoversOnly).length;
  return (
    <Frame title={title} width={width} hints={`${G.up}${G.down} move  Enter pick  ${canGoBack ? 'Esc back  ' : ''}q quit`}
      status={`${found} Wallaroo release${found === 1 ? '' : 's'} in context "${context ?? ''}" (all namespaces)`}>
      <Text>{found ? 'Which release do you want to uninstall?' : 'No release of a Wallaroo chart was found in this cluster.'}</Text>
      <Box marginTop={1}><SelectList rows={releases.map(releaseLabel)} cursor={cursor} height={height - 8} width={width} /></Box>
    </Frame>
  );
}
