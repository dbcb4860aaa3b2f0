// Drives the Ink wizard in ink-testing-library: the App with facts and side effects stubbed, keys
// sent as a terminal sends them, and waits that poll the last frame (no fixed sleeps).
import { render, cleanup } from 'ink-testing-library';
import { afterEach } from 'node:test';
import { EventEmitter } from 'node:events';
import { App, type FactsSource, type WizardServices, type AppSettings } from '../../screens/App.tsx';
import { initialState, type WizardState } from '../../src/wizard/state.ts';
import type { Facts } from '../../src/wizard/facts-types.ts';
import type { Draft } from '../../src/wizard/draft.ts';
import { EventBus } from '../../src/flows/events.ts';
import type { InstallHandle, Outcome } from '../../src/wizard/install.ts';
import { setGlyphs, UNICODE, type Glyphs } from '../../screens/glyphs.ts';
import { repoRoot } from '../support/tools.ts';
import { clusterFacts } from './support.ts';

// A test that fails half-way must not leave its app mounted (a spinner's timer would keep the
// test process alive): every app is unmounted after each test.
afterEach(() => cleanup());

export const KEY = {
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', esc: '\x1b', tab: '\t',
  space: ' ', backspace: '\x7f', ctrlC: '\x03', pageDown: '\x1b[6~', pageUp: '\x1b[5~', ctrlU: '\x15', ctrlW: '\x17',
} as const;

export class StubFacts implements FactsSource {
  readonly listeners = new Set<(f: Facts) => void>();
  readonly calls: string[] = [];
  preflights = 0;
  constructor(public facts: Facts) {}
  get() { return this.facts; }
  subscribe(l: (f: Facts) => void) { this.listeners.add(l); return () => { this.listeners.delete(l); }; }
  set(patch: Partial<Facts>) { this.facts = { ...this.facts, ...patch }; for (const l of this.listeners) l(this.facts); }
  useContext(name: string) { this.calls.push(`useContext ${name}`); }
  setTarget(release: string, namespace: string) { this.calls.push(`setTarget ${release}/${namespace}`); }
  preflight() { this.preflights++; }
}

export interface Harness {
  frame(): string;
  /** Every frame drawn so far (the last frame is '' once the app has unmounted). */
  frames(): string;
  press(...keys: (keyof typeof KEY)[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>;
  state(): WizardState;
  exits: number[];
  /** The lines printed under the last frame, per exit. */
  epilogues: (string[] | undefined)[];
  saved: { path: string; draft: Draft; note: string }[];
  facts: StubFacts;
  /** The bus of the last install started, and a way to end it. */
  install?: { bus: EventBus; finish: (o: Outcome) => void; cancelled: string[] };
  /** Every row of a scrolling screen: PgDn until the frame stops changing, the frames joined. */
  scrollAll(): Promise<string>;
  unmount(): void;
}

const tick = () => new Promise((r) => setTimeout(r, 30));

export async function renderWizard(o: { initial?: WizardState; facts?: Facts; services?: Partial<WizardServices>; settings?: Partial<AppSettings>; glyphs?: Glyphs; signals?: EventEmitter } = {}): Promise<Harness> {
  setGlyphs(o.glyphs ?? UNICODE);
  const stub = new StubFacts(o.facts ?? clusterFacts());
  const states: WizardState[] = [];
  const h: Partial<Harness> & { exits: number[]; epilogues: (string[] | undefined)[]; saved: Harness['saved'] } = { exits: [], epilogues: [], saved: [], facts: stub };
  const services: WizardServices = {
    loadFacts: async () => stub,
    startInstall: (_preset, _s, bus) => {
      let finish!: (o: Outcome) => void;
      const done = new Promise<Outcome>((r) => { finish = r; });
      const cancelled: string[] = [];
      h.install = { bus, finish, cancelled };
      const handle: InstallHandle = { bus, logFile: '/tmp/log', cancel: (why) => { cancelled.push(why); }, done };
      return handle;
    },
    renderWithoutCluster: async () => ({ ok: true, valuesFile: '/out/wallaroo-values.yaml', commands: ['helm upgrade --install wallaroo x'], notes: [] }),
    readCredentials: async () => ({ user: 'admin', password: 'the-admin-password' }),
    saveAnswers: (path, draft, note) => { h.saved.push({ path, draft, note }); },
    ...o.services,
  };
  const settings: AppSettings = {
    env: {}, cwd: repoRoot, answersDir: '/answers', runDirFor: (r) => `/runs/${r}`,
    cli: { ignorePreflight: [], showSecrets: false }, ...o.settings,
  };
  const r = render(<App initial={o.initial ?? initialState()} settings={settings} services={services}
    onExit={(c, e) => { h.exits.push(c); h.epilogues.push(e); }} onState={(s) => states.push(s)} signals={o.signals} />);
  const frame = () => r.lastFrame() ?? '';
  const waitFor = async (what: string | RegExp, timeoutMs = 5000) => {
    const t0 = Date.now();
    for (;;) {
      const f = frame();
      if (typeof what === 'string' ? f.includes(what) : what.test(f)) return f;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; last frame:\n${f}`);
      await tick();
    }
  };
  Object.assign(h, {
    frame, waitFor, frames: () => r.frames.join('\n'),
    state: () => states[states.length - 1],
    // One key per read, as a person types; Esc needs Ink's escape delay to pass.
    press: async (...keys: (keyof typeof KEY)[]) => {
      for (const k of keys) { r.stdin.write(KEY[k]); await new Promise((res) => setTimeout(res, k === 'esc' ? 80 : 30)); }
    },
    type: async (text: string) => { r.stdin.write(text); await tick(); },
    unmount: () => r.unmount(),
    scrollAll: async () => {
      const seen: string[] = [frame()];
      for (let i = 0; i < 30; i++) {
        r.stdin.write(KEY.pageDown);
        await new Promise((res) => setTimeout(res, 60));
        if (frame() === seen[seen.length - 1]) break;
        seen.push(frame());
      }
      return seen.join('\n');
    },
  });
  // Ready when the App has its facts (it subscribes once loadFacts resolved).
  for (let i = 0; i < 100 && !stub.listeners.size; i++) await tick();
  await tick();
  return h as Harness;
}

export { clusterFacts };

/** A complete set of answers (a valid preset), for opening the wizard at any step. */
export const COMPLETE = {
  apiVersion: 'wallaroo-install/v1',
  chart: { channel: '2025-1', version: '2025.1.0-6290' },
  distribution: 'eks',
  domain: { prefix: 'wallaroo', suffix: 'example.com' },
};

/** The wizard opened at `question` of `step`, the draft prefilled with `answers`. */
export function at(step: WizardState['step'], question: string, answers: Record<string, unknown> = COMPLETE): WizardState {
  return initialState(answers, { step, question });
}
