// The install, from the same events the plain renderer prints: the running step with a spinner
// and its elapsed time, finished steps settled above as one-liners (<Static>), what is not
// ready yet and why, the last lines of helm's output, the load-balancer address as soon as it
// is known. On a failure: the cause, the fix, the log, and keys to retry or to edit the answers.
import { useEffect, useState } from 'react';
import { Box, Static, Text } from 'ink';
import { useKeys } from './components/keys.tsx';
import { EventBus, type FlowEvent, type WaitItem } from '../src/flows/events.ts';
import type { InstallHandle, Outcome } from '../src/wizard/install.ts';
import { KeyHints } from './components/KeyHints.tsx';
import { Spinner } from './components/Spinner.tsx';
import { G } from './glyphs.ts';
import { wrapText } from './components/wrap.ts';

/** `text` in rows of at most `width - 1` columns: the first after `first`, the others after `rest`. */
function indented(text: string, first: string, rest: string, width: number): string[] {
  const rows = wrapText(text, Math.max(20, width - 1 - rest.length));
  return rows.map((r, i) => `${i === 0 ? first : rest}${r}`);
}

export const TAIL_LINES = 5;

export interface InstallView {
  done: { key: number; text: string; level: 'ok' | 'warn' | 'fail' | 'skip' | 'info' }[];
  current?: { title: string; started: number };
  waiting: WaitItem[];
  tail: string[];
  address?: string;
}

const secs = (ms: number) => (ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`);

/** Folds one event into what the screen shows (pure: the Ink view and its tests use it). */
export function foldEvent(v: InstallView, e: FlowEvent, now = Date.now()): InstallView {
  const add = (text: string, level: InstallView['done'][number]['level']) => [...v.done, { key: v.done.length, text, level }];
  switch (e.type) {
    case 'step-started': return { ...v, current: { title: e.title, started: now }, waiting: [], tail: e.step === 'helm' ? [] : v.tail };
    case 'step-finished': {
      const address = e.step === 'address' && e.status === 'ok' ? e.summary.replace(/^(hostname|IP) /, '') : v.address;
      return { ...v, current: undefined, waiting: [], address, done: add(`${e.step}: ${e.summary} (${secs(e.ms)})`, e.status) };
    }
    case 'finding':
      return e.level === 'pass' ? v : { ...v, done: add(`  ${e.code}: ${e.message}${e.ignored ? ' (ignored)' : ''}`, e.level === 'warn' ? 'warn' : 'fail') };
    case 'warning': return { ...v, done: add(`${e.message} [${e.code}]`, 'warn') };
    case 'info': return { ...v, done: add(e.message, 'info') };
    case 'waiting': return { ...v, waiting: e.items };
    case 'log': return e.step === 'helm' ? { ...v, tail: [...v.tail, e.line].slice(-TAIL_LINES) } : v;
    default: return v;
  }
}

const MARK = { ok: () => G.check, warn: () => G.warn, fail: () => G.cross, skip: () => G.dot, info: () => G.info } as const;
const COLOR = { ok: 'green', warn: 'yellow', fail: 'red', skip: undefined, info: undefined } as const;

export interface InstallScreenProps {
  /** The screen's header: it goes above the finished steps, for good. */
  header: React.ReactNode;
  /** Starts the install with a bus this screen already listens to. */
  start: (bus: EventBus) => InstallHandle;
  onStarted: (h: InstallHandle) => void;
  width: number;
  height: number;
  isActive: boolean;
  /** Set once the install has ended badly: the screen shows it and offers the ways on. */
  failed?: Extract<Outcome, { ok: false }>;
  cancelling: boolean;
  onOutcome: (o: Outcome) => void;
  onRetry: () => void;
  onEdit: () => void;
  onQuit: () => void;
}

export function InstallScreen({ header, start, onStarted, width, height, isActive, failed, cancelling, onOutcome, onRetry, onEdit, onQuit }: InstallScreenProps) {
  const [v, setV] = useState<InstallView>({ done: [], waiting: [], tail: [] });
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const bus = new EventBus();
    const off = bus.on((e) => setV((x) => foldEvent(x, e)), 'screen');
    const handle = start(bus);
    onStarted(handle);
    let live = true;
    void handle.done.then((o) => { if (live) onOutcome(o); });
    return () => { live = false; off(); };
  }, []);
  useEffect(() => {
    if (!v.current) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [v.current]);
  useKeys((input) => {
    if (!failed) return;
    if (input === 'r') onRetry();
    else if (input === 'e') onEdit();
    else if (input === 'q') onQuit();
  }, { isActive });

  // The live region: the step line, the address, up to 4 waiting items, the helm tail.
  const waitRows = Math.max(0, Math.min(v.waiting.length, 4, height - 10));
  const tailRows = Math.max(0, Math.min(v.tail.length, TAIL_LINES, height - 5 - waitRows));
  return (
    <Box flexDirection="column">
      <Static items={[{ key: -1, text: '', level: 'info' as const }, ...v.done]}>
        {(d) => d.key < 0 ? <Box key="header">{header}</Box>
          : <Box key={d.key} flexDirection="column">{indented(d.text, '', '', width - 2).map((l, i) => (
            <Text key={i}>{i === 0 ? <><Text color={COLOR[d.level]}>{MARK[d.level]()}</Text> </> : '  '}{l}</Text>))}</Box>}
      </Static>
      {v.current && (
        <Text wrap="truncate-end">{cancelling ? <Text color="yellow">{G.warn}</Text> : <Spinner />} {v.current.title} <Text dimColor>{Math.floor(Math.max(0, now - v.current.started) / 1000)}s</Text></Text>
      )}
      {cancelling && !failed && <Text color="yellow" wrap="truncate-end">  stopping helm cleanly (SIGTERM) so the release ends failed, not pending; Ctrl-C again quits at once</Text>}
      {v.address && <Text wrap="truncate-end"><Text color="green">{G.check}</Text> load balancer address: <Text bold>{v.address}</Text></Text>}
      {waitRows > 0 && <Text dimColor wrap="truncate-end">  waiting on {v.waiting.length} object{v.waiting.length === 1 ? '' : 's'}:</Text>}
      {v.waiting.slice(0, waitRows).map((w, i) => (
        <Text key={i} wrap="truncate-end">    {w.kind}/{w.name}: <Text color="yellow">{w.reason}</Text>{w.detail ? <Text dimColor> ({w.detail})</Text> : null}</Text>
      ))}
      {v.current && v.tail.slice(-tailRows).map((l, i) => <Text key={`t${i}`} dimColor wrap="truncate-end">  {G.dot} {l.slice(0, width - 6)}</Text>)}
      {failed && (
        <Box flexDirection="column" marginTop={1}>
          {/* Wrapped here, between words, each row after the first indented: Ink's own wrap
              starts a row with the space it broke at. Whole, never cut: it is what the admin
              needs next (and it is printed again on exit). */}
          {indented(`${G.cross} ${failed.failure.exitCode === 130 ? 'Cancelled' : 'Failed'}: ${failed.failure.cause} [${failed.failure.code}]`, '', '  ', width)
            .map((l, i) => <Text key={`c${i}`} color="red">{l}</Text>)}
          {failed.failure.fix ? indented(`next: ${failed.failure.fix}`, '  ', '    ', width).map((l, i) => <Text key={`f${i}`}>{l}</Text>) : null}
          {failed.logFile ? indented(`log: ${failed.logFile}`, '  ', '    ', width).map((l, i) => <Text key={`l${i}`} dimColor>{l}</Text>) : null}
        </Box>
      )}
      {failed
        ? <KeyHints hints={[['r', 'retry'], ['e', 'edit the answers'], ['q', 'quit']]} />
        : <KeyHints hints={[['Ctrl-C', cancelling ? 'quit at once' : 'stop the install']]} />}
    </Box>
  );
}
