// The end: the admin login (password masked; `r` reveals it), the load-balancer address, the DNS
// records to create, the URLs, the files written and the command that repeats this install
// without questions. Without a cluster: the files and the commands to run, like `render`.
import { useEffect, useState } from 'react';
import { Box, Static, Text } from 'ink';
import { useKeys } from './components/keys.tsx';
import type { InstallResult } from '../src/flows/events.ts';
import type { RenderOutcome } from '../src/wizard/install.ts';
import { KeyHints } from './components/KeyHints.tsx';
import { G } from './glyphs.ts';

export interface DoneFiles { answers: string; values?: string; log?: string; secrets?: string }

export interface DoneScreenProps {
  result?: InstallResult;
  rendered?: RenderOutcome;
  files: DoneFiles;
  /** The command that repeats this run without questions. */
  repeat: string;
  width: number;
  isActive: boolean;
  /** Reads the admin password (only when asked). */
  reveal?: () => Promise<string | undefined>;
  initiallyShown?: string;
  onExit: () => void;
}

export function DoneScreen({ result, rendered, files, repeat, isActive, reveal, initiallyShown, onExit }: DoneScreenProps) {
  const [password, setPassword] = useState<{ shown: boolean; value?: string; error?: string }>({ shown: Boolean(initiallyShown), value: initiallyShown });
  // Leaving masks the password again, so that it does not stay in the terminal's scrollback.
  const [leaving, setLeaving] = useState(false);
  useEffect(() => { if (leaving) onExit(); }, [leaving]);
  useKeys((input, key) => {
    if (input === 'r' && result?.adminUser && reveal) {
      if (password.shown) { setPassword({ ...password, shown: false }); return; }
      if (password.value) { setPassword({ ...password, shown: true }); return; }
      reveal().then((v) => setPassword({ shown: Boolean(v), value: v, error: v ? undefined : 'the admin Secret could not be read' }),
        (e) => setPassword({ shown: false, error: (e as Error).message }));
    } else if (input === 'q' || key.return || key.escape) { setPassword((p) => ({ ...p, shown: false })); setLeaving(true); }
  }, { isActive });

  const fileLines = [
    ['answers', files.answers], ['values', files.values], ['secrets', files.secrets], ['log', files.log],
  ].filter((x): x is [string, string] => Boolean(x[1]));
  // What does not change goes above for good (<Static>): the live region stays a few rows high
  // however many DNS records there are.
  const namePad = Math.max(0, ...(result?.dnsRecords ?? []).map((d) => d.name.length));
  const summary = (
    <Box flexDirection="column">
      {result && (
        <>
          <Text color="green" bold wrap="wrap">{G.check} Wallaroo {result.action === 'install' ? 'installed' : 'upgraded'}: release {result.release} in {result.namespace}{result.revision ? `, revision ${result.revision}` : ''}{result.chartVersion ? ` (${result.chartVersion})` : ''}</Text>
          {result.address && <Text wrap="wrap">  load balancer: <Text bold>{result.address.hostname ?? result.address.ip}</Text></Text>}
          {result.dnsRecords.length > 0 && (
            <>
              <Text bold>Create these DNS records:</Text>
              {result.dnsRecords.map((d) => <Text key={d.name} wrap="wrap">  {d.name.padEnd(namePad)}  {d.type.padEnd(5)} {d.value}</Text>)}
            </>
          )}
          {result.portForward && (<><Text bold>Ingress none: reach Wallaroo with a port-forward:</Text><Text wrap="wrap">  {result.portForward}</Text></>)}
          {result.endpoints.length > 0 && (
            <>
              <Text bold>{result.address ? 'Then open:' : 'URLs (once DNS points here):'}</Text>
              {result.endpoints.map((e) => <Text key={e.service} wrap="wrap">  {e.service.padEnd(10)} {e.url}</Text>)}
            </>
          )}
        </>
      )}
      {rendered && (
        <>
          <Text color={rendered.ok ? 'green' : 'red'} bold>{rendered.ok ? `${G.check} Files written (no cluster). To install, run:` : `${G.cross} ${rendered.failure?.cause}`}</Text>
          {rendered.commands.map((c, i) => <Text key={i} wrap="wrap">  {c}</Text>)}
          {rendered.notes.slice(1).map((n, i) => (
            <Box key={i} flexDirection="column"><Text bold>{n.title}</Text>{n.lines.map((l, j) => <Text key={j} wrap="wrap">  {l}</Text>)}</Box>
          ))}
        </>
      )}
      <Text bold>Files:</Text>
      {fileLines.map(([k, v]) => <Text key={k} wrap="wrap">  {k.padEnd(8)} {v}</Text>)}
      <Text bold>Repeat it without questions:</Text>
      <Text wrap="wrap">  {repeat}</Text>
    </Box>
  );
  return (
    <Box flexDirection="column">
      <Static items={['summary']}>{(k) => <Box key={k}>{summary}</Box>}</Static>
      {result?.adminUser && (
        <Text wrap="truncate-end">Admin login: <Text bold>{result.adminUser}</Text> / <Text bold>{password.shown && password.value ? password.value : '********'}</Text>
          <Text dimColor>  (Keycloak realm master; r {password.shown ? 'hides' : 'shows'} the password)</Text></Text>
      )}
      {password.error && <Text color="yellow">  {password.error}</Text>}
      <KeyHints hints={[...(result?.adminUser && reveal ? [['r', password.shown ? 'hide password' : 'show password'] as [string, string]] : []), ['Enter', 'exit']]} />
    </Box>
  );
}
