// The interactive uninstall as a pure reducer: which screen is up, where its cursor or scroll
// is, what the flow reported. Keys arrive here through ONE listener (App.tsx), so a key typed
// right after a screen changes is never lost; the screens only draw this state.
import type { FlowEvent, StepStatus, WaitItem } from '../../src/flows/events.ts';
import type { HookFailure } from '../../src/flows/uninstall/hooks.ts';
import type { Inventory, UninstallPlan, UninstallResult } from '../../src/flows/uninstall/types.ts';
import { planUninstall } from '../../src/flows/uninstall/plan.ts';

export interface ReleaseChoice { release: string; namespace: string; status?: string; chart?: string; leftoversOnly?: boolean }
import type { HookChoice } from '../../src/flows/uninstall/execute.ts';
export type { HookChoice };
export type Mode = 'keep' | 'purge';

export type Screen =
  | { name: 'loading'; what: string }
  | { name: 'context'; cursor: number }
  | { name: 'release'; cursor: number }
  | { name: 'plan'; scroll: number }
  | { name: 'choice'; cursor: number }
  | { name: 'confirm'; typed: string; error?: string }
  | { name: 'progress' }
  | { name: 'hook-failed'; cursor: number }
  | { name: 'result'; scroll: number };

export interface StepLine { step: string; title: string; status?: StepStatus; summary?: string }

export interface Progress { steps: StepLine[]; waiting: WaitItem[]; recent: string[]; removed: number; stopping: boolean }

export interface Outcome { result?: UninstallResult; error?: { code: string; cause: string; fix: string }; exitCode: number }

export interface State {
  screen: Screen;
  contexts: string[];
  /** The kubeconfig's current context. */
  currentContext?: string;
  context?: string;
  /** The context screen was shown (so Esc on the release screen goes back to it). */
  pickedContext: boolean;
  releases: ReleaseChoice[];
  target?: { release: string; namespace: string };
  pickedRelease: boolean;
  inventory?: Inventory;
  mode: Mode;
  /** From the command line: --no-hooks, --timeout. */
  options: { noHooks: boolean; timeoutMs: number };
  progress: Progress;
  hook?: HookFailure;
  /** The admin's answer to a failed hook, for the flow waiting on it. */
  hookChoice?: HookChoice;
  outcome?: Outcome;
  /** Set when the app should end with this exit code. */
  exit?: number;
  /** What App.tsx must start next: a new object each time, so the same kind can run again. */
  job?: { kind: 'contexts' | 'releases' | 'inventory' | 'execute' };
}

export type Key = { input: string; upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean; home?: boolean; end?: boolean; return?: boolean; escape?: boolean; ctrl?: boolean; backspace?: boolean; delete?: boolean; tab?: boolean };

/**
 * Ink hands over typed text that arrives in one read as one input, Enter and Backspace included
 * ("wallaroo\r" when the admin types fast or pastes): split it back into the keys it was.
 */
export function splitKeys(k: Key): Key[] {
  if (!k.input || k.input.length < 2 || !/[\r\n\t\x7f\b]/.test(k.input)) return [k];
  const out: Key[] = [];
  let text = '';
  const flush = () => { if (text) { out.push({ input: text }); text = ''; } };
  for (const ch of k.input) {
    if (ch === '\r' || ch === '\n') { flush(); out.push({ input: '', return: true }); }
    else if (ch === '\t') { flush(); out.push({ input: '', tab: true }); }
    else if (ch === '\x7f' || ch === '\b') { flush(); out.push({ input: '', backspace: true }); }
    else text += ch;
  }
  flush();
  return out;
}

export type Action =
  | { type: 'key'; key: Key; viewport: number; total: number }
  | { type: 'contexts'; contexts: string[]; current?: string; given?: string }
  | { type: 'releases'; releases: ReleaseChoice[]; given?: { release: string; namespace: string } }
  | { type: 'inventory'; inventory: Inventory }
  | { type: 'event'; event: FlowEvent }
  | { type: 'hook-failed'; failure: HookFailure }
  | { type: 'finished'; outcome: Outcome };

export const CHOICES: { mode: Mode | 'cancel'; label: string }[] = [
  { mode: 'keep', label: 'Keep data' },
  { mode: 'purge', label: 'Purge' },
  { mode: 'cancel', label: 'Cancel' },
];
export const HOOK_CHOICES: { choice: HookChoice; label: string }[] = [
  { choice: 'retry', label: 'Retry the hook' },
  { choice: 'no-hooks', label: 'Continue without the hook (--no-hooks)' },
  { choice: 'stop', label: 'Stop here' },
];

const freshProgress = (): Progress => ({ steps: [], waiting: [], recent: [], removed: 0, stopping: false });

export function initialState(o: { purge: boolean; noHooks: boolean; timeoutMs: number }): State {
  return {
    screen: { name: 'loading', what: 'reading the kubeconfig' }, contexts: [], pickedContext: false, releases: [], pickedRelease: false,
    mode: o.purge ? 'purge' : 'keep', options: { noHooks: o.noHooks, timeoutMs: o.timeoutMs }, progress: freshProgress(), job: { kind: 'contexts' },
  };
}

/** The plan for the mode on screen (pure: switching modes reads nothing again). */
export function planOf(s: State): UninstallPlan | undefined {
  return s.inventory ? planUninstall(s.inventory, { purge: s.mode === 'purge', noHooks: s.options.noHooks, timeoutMs: s.options.timeoutMs }) : undefined;
}

const cancelled = (s: State, why = 'cancelled: nothing was changed'): State =>
  ({ ...s, outcome: { error: { code: 'E_CANCELLED', cause: why, fix: 'run `wallaroo-install uninstall` again when you are ready' }, exitCode: 130 }, exit: 130 });

/** Up/down/page/home/end over `total` rows of which `viewport` show: the new position. */
export function move(pos: number, key: Key, total: number, viewport: number, isCursor: boolean): number {
  const last = Math.max(0, isCursor ? total - 1 : total - viewport);
  let p = pos;
  if (key.upArrow || key.input === 'k') p -= 1;
  else if (key.downArrow || key.input === 'j') p += 1;
  else if (key.pageUp) p -= Math.max(1, viewport - 1);
  else if (key.pageDown || (!isCursor && key.input === ' ')) p += Math.max(1, viewport - 1);
  else if (key.home || key.input === 'g') p = 0;
  else if (key.end || key.input === 'G') p = last;
  return Math.max(0, Math.min(last, p));
}

function onKey(s: State, key: Key, viewport: number, total: number): State {
  const sc = s.screen;
  // Ctrl-C: before anything runs it just leaves; while it runs it stops the flow (a second one leaves at once).
  if (key.ctrl && key.input === 'c') {
    if (sc.name === 'progress' || sc.name === 'hook-failed') {
      if (s.progress.stopping) return { ...s, exit: 130 };
      return { ...s, progress: { ...s.progress, stopping: true }, ...(sc.name === 'hook-failed' ? { hookChoice: 'stop' as const, screen: { name: 'progress' as const } } : {}) };
    }
    if (sc.name === 'result') return { ...s, exit: s.outcome?.exitCode ?? 0 };
    return cancelled(s);
  }
  switch (sc.name) {
    case 'loading':
    case 'progress':
      return s;
    case 'context':
      if (key.return) return { ...s, context: s.contexts[sc.cursor], pickedContext: true, screen: { name: 'loading', what: `connecting to context "${s.contexts[sc.cursor]}"` }, job: { kind: 'releases' } };
      if (key.escape || key.input === 'q') return cancelled(s);
      return { ...s, screen: { ...sc, cursor: move(sc.cursor, key, s.contexts.length, viewport, true) } };
    case 'release': {
      if (key.return) {
        const r = s.releases[sc.cursor];
        return { ...s, target: { release: r.release, namespace: r.namespace }, pickedRelease: true, screen: { name: 'loading', what: `taking the inventory of ${r.release} in namespace ${r.namespace}` }, job: { kind: 'inventory' } };
      }
      if (key.escape) return s.pickedContext ? { ...s, screen: { name: 'context', cursor: Math.max(0, s.contexts.indexOf(s.context ?? '')) } } : cancelled(s);
      if (key.input === 'q') return cancelled(s);
      return { ...s, screen: { ...sc, cursor: move(sc.cursor, key, s.releases.length, viewport, true) } };
    }
    case 'plan':
      if (key.return) {
        const first = [s.mode === 'purge' ? 1 : 0, 0, 1].find((i) => choiceUsable(s, i)) ?? 2;
        return { ...s, screen: { name: 'choice', cursor: first } };
      }
      if (key.tab || key.input === 'p') return { ...s, mode: s.mode === 'keep' ? 'purge' : 'keep', screen: { name: 'plan', scroll: 0 } };
      if (key.escape) return s.pickedRelease ? { ...s, screen: { name: 'release', cursor: Math.max(0, s.releases.findIndex((r) => r.release === s.target?.release && r.namespace === s.target?.namespace)) } } : cancelled(s);
      if (key.input === 'q') return cancelled(s);
      return { ...s, screen: { name: 'plan', scroll: move(sc.scroll, key, total, viewport, false) } };
    case 'choice': {
      if (key.return) {
        const c = CHOICES[sc.cursor];
        if (c.mode === 'cancel') return cancelled(s);
        if (!choiceUsable(s, sc.cursor)) return s;
        if (c.mode === 'purge') return { ...s, mode: 'purge', screen: { name: 'confirm', typed: '' } };
        return { ...s, mode: 'keep', screen: { name: 'progress' }, progress: freshProgress(), job: { kind: 'execute' } };
      }
      if (key.escape) return { ...s, screen: { name: 'plan', scroll: 0 } };
      if (key.input === 'q') return cancelled(s);
      if (/^[1-3]$/.test(key.input)) return { ...s, screen: { name: 'choice', cursor: Number(key.input) - 1 } };
      return { ...s, screen: { name: 'choice', cursor: move(sc.cursor, key, CHOICES.length, viewport, true) } };
    }
    case 'confirm': {
      if (key.escape) return { ...s, screen: { name: 'choice', cursor: 1 } };
      if (key.return) {
        if (sc.typed === s.target?.release) return { ...s, screen: { name: 'progress' }, progress: freshProgress(), job: { kind: 'execute' } };
        return { ...s, screen: { ...sc, error: `"${sc.typed}" is not the release name: type ${s.target?.release} to purge, or Esc to go back` } };
      }
      if (key.backspace || key.delete) return { ...s, screen: { name: 'confirm', typed: sc.typed.slice(0, -1) } };
      if (key.input && !key.ctrl && !/[\x00-\x1f\x7f]/.test(key.input)) return { ...s, screen: { name: 'confirm', typed: (sc.typed + key.input).slice(0, 253) } };
      return s;
    }
    case 'hook-failed':
      if (key.return) return { ...s, hookChoice: HOOK_CHOICES[sc.cursor].choice, screen: { name: 'progress' }, hook: undefined };
      if (/^[1-3]$/.test(key.input)) return { ...s, screen: { name: 'hook-failed', cursor: Number(key.input) - 1 } };
      return { ...s, screen: { name: 'hook-failed', cursor: move(sc.cursor, key, HOOK_CHOICES.length, viewport, true) } };
    case 'result':
      if (key.return || key.escape || key.input === 'q') return { ...s, exit: s.outcome?.exitCode ?? 0 };
      return { ...s, screen: { name: 'result', scroll: move(sc.scroll, key, total, viewport, false) } };
  }
}

/** A choice the plan allows (an install holding the lock, say, leaves only Cancel). */
export function choiceUsable(s: State, i: number): boolean {
  const mode = CHOICES[i]?.mode;
  if (!mode) return false;
  return mode === 'cancel' || !planOf({ ...s, mode })?.blocked;
}

function onEvent(s: State, e: FlowEvent): State {
  const p = s.progress;
  switch (e.type) {
    case 'step-started':
      return { ...s, progress: { ...p, steps: [...p.steps, { step: e.step, title: e.title }], waiting: [] } };
    case 'step-finished':
      return { ...s, progress: { ...p, steps: p.steps.map((x) => (x.step === e.step && !x.status ? { ...x, status: e.status, summary: e.summary } : x)), waiting: [] } };
    case 'waiting':
      return { ...s, progress: { ...p, waiting: e.items } };
    case 'uninstall-progress': {
      if (e.outcome === 'gone') return s;
      const what = `${e.object.kind}/${e.object.name}${e.object.namespace ? ` (${e.object.namespace})` : ''}`;
      const line = e.outcome === 'deleted' ? `deleted ${what}` : e.outcome === 'kept' ? `kept ${what}` : `FAILED ${what}: ${e.detail ?? ''}`;
      return { ...s, progress: { ...p, recent: [...p.recent, line].slice(-3), removed: p.removed + (e.outcome === 'deleted' ? 1 : 0) } };
    }
    default:
      return s;
  }
}

export function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'key':
      return onKey(s, a.key, a.viewport, a.total);
    case 'contexts': {
      const chosen = a.given ?? (a.contexts.length === 1 ? a.contexts[0] : undefined);
      if (chosen) return { ...s, contexts: a.contexts, currentContext: a.current, context: chosen, screen: { name: 'loading', what: `connecting to context "${chosen}"` }, job: { kind: 'releases' } };
      return { ...s, contexts: a.contexts, currentContext: a.current, screen: { name: 'context', cursor: Math.max(0, a.contexts.indexOf(a.current ?? '')) }, job: undefined };
    }
    case 'releases': {
      if (a.given) return { ...s, releases: a.releases, target: a.given, screen: { name: 'loading', what: `taking the inventory of ${a.given.release} in namespace ${a.given.namespace}` }, job: { kind: 'inventory' } };
      return { ...s, releases: a.releases, screen: { name: 'release', cursor: 0 }, job: undefined };
    }
    case 'inventory':
      return { ...s, inventory: a.inventory, screen: { name: 'plan', scroll: 0 }, job: undefined };
    case 'event':
      return onEvent(s, a.event);
    case 'hook-failed':
      return { ...s, hook: a.failure, hookChoice: undefined, screen: { name: 'hook-failed', cursor: 0 } };
    case 'finished':
      return { ...s, outcome: a.outcome, screen: { name: 'result', scroll: 0 }, job: undefined };
  }
}
