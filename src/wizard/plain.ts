// The wizard as numbered line prompts (TERM=dumb, --plain): the same steps, questions, reducer
// and review as the Ink screens, written as plain lines a dumb terminal or a screen reader can
// follow. No cursor movement, no colour, no spinner; "<" goes back, Ctrl-C asks to quit.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Question, Note } from './question.ts';
import { renderWithoutCluster, startInstall, readCredentials, type InstallSettings, type startInstall as StartInstall } from './install.ts';
import type { LoadedPreset } from '../config/load-preset.ts';
import { activeQuestion, reduce, readAnswer, type Ctx, type WizardState } from './state.ts';
import { stepDef, stepNumber } from './steps.ts';
import { initialText } from './pending.ts';
import { reviewModel } from './review.ts';
import { answersFilePath, saveAnswers, NOTHING_SAVED } from './preset.ts';
import { serviceRows, serviceInputs, serviceProblems } from './questions/size.ts';
import { toggleService } from './service-toggles.ts';
import { clusterOptions, wizardSetup, type WizardSetup } from './setup.ts';
import type { Facts } from './facts-types.ts';
import { FactsLoader } from './facts.ts';
import { storedAnswersOf } from './release-answers.ts';
import type { CliOptions } from '../cli/args.ts';
import { shellQuote } from '../helm/args.ts';
import { EventBus } from '../flows/events.ts';
import { plainRenderer, resultLines } from '../render/plain.ts';
import { join } from 'node:path';
import { asciiFold, unicodeTerminal } from './ascii.ts';

const MARK: Record<Note['level'], string> = { ok: '[ok]', warn: '[warning]', error: '[error]', info: '    ', busy: '[...]' };

/** Line input with a way to not echo (secrets) and Ctrl-C / end of input as null. */
export interface LineIO {
  print(line?: string): void;
  ask(prompt: string, o?: { mask?: boolean }): Promise<string | null>;
  close(): void;
}

export function terminalIO(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout, ascii = !unicodeTerminal()): LineIO {
  let muted = false;
  const text = (s: string) => (ascii ? asciiFold(s) : s);
  const out = new Writable({
    write(chunk, _enc, cb) { if (!muted) output.write(chunk); cb(); },
  });
  (out as unknown as { isTTY?: boolean }).isTTY = (output as { isTTY?: boolean }).isTTY;
  const rl: Interface = createInterface({ input, output: out, terminal: true, historySize: 0 });
  let pending: ((v: string | null) => void) | undefined;
  const settle = (v: string | null) => { const p = pending; pending = undefined; muted = false; p?.(v); };
  rl.on('SIGINT', () => { output.write('\n'); settle(null); });
  rl.on('close', () => settle(null));
  rl.on('line', (l) => { if (muted) output.write('\n'); settle(l); });
  return {
    print: (line = '') => output.write(`${text(line)}\n`),
    ask: (prompt, o = {}) => new Promise((resolve) => {
      pending = resolve;
      output.write(text(prompt));
      muted = Boolean(o.mask);
      rl.setPrompt('');
      rl.prompt(true);
    }),
    close: () => rl.close(),
  };
}

function noteLines(notes: Note[]): string[] {
  return notes.map((n) => `  ${MARK[n.level]} ${n.text.replace(/…$/, '...')}`);
}

const BACK = '<';

function wrapHint(q: Question): string {
  switch (q.kind) {
    case 'select': return `Type a number (Enter keeps the default), ${BACK} goes back.`;
    case 'multi': return `Type the numbers to pick, separated by spaces; "none" for none; Enter keeps the current choice; ${BACK} goes back.`;
    case 'services': return `Type a number to switch that service on or off; Enter when done; ${BACK} goes back.`;
    case 'secret': return `Typed without echo. Enter with nothing typed keeps the value typed before, or reads it from the place asked next. ${BACK} goes back.`;
    default: return `Enter keeps the value in brackets; "-" clears it; ${BACK} goes back.${q.kind === 'path' ? ' Paths may start with ~/.' : ''}`;
  }
}

export interface PlainDeps {
  io: LineIO;
  loader: Pick<FactsLoader, 'get' | 'subscribe' | 'useContext' | 'setTarget' | 'preflight'>;
  /** How long to wait for a fact a question decides on (nodes, the release). */
  factWaitMs?: number;
}

/** Resolves when `ready(facts)` or after `ms`. */
function waitFacts(loader: PlainDeps['loader'], ready: (f: Facts) => boolean, ms: number): Promise<void> {
  if (ready(loader.get())) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => { off(); resolve(); }, ms);
    const off = loader.subscribe((f) => { if (ready(f)) { clearTimeout(t); off(); resolve(); } });
  });
}

export async function runPlainWith(setup: WizardSetup, deps: PlainDeps): Promise<number> {
  const { io, loader } = deps;
  const waitMs = deps.factWaitMs ?? 20_000;
  let s: WizardState = setup.initial;
  const ctx = (): Ctx => ({ facts: loader.get(), env: setup.env, cwd: setup.cwd, cli: { context: setup.o.context, release: setup.o.release, namespace: setup.o.namespace } });
  const release = () => String(s.answers.release ?? setup.o.release ?? 'wallaroo');
  const namespace = () => String(s.answers.namespace ?? setup.o.namespace ?? 'wallaroo');
  const answersFile = () => answersFilePath(setup.answersDir, release());
  let savedHere = false;
  const save = (note: string) => { savedHere = true; try { saveAnswers(answersFile(), s.answers, note); return answersFile(); } catch (e) { return `(not saved: ${(e as Error).message})`; } };
  // As in the Ink wizard: until this session changes an answer, quitting writes nothing (the
  // file of that name may hold a finished install's answers).
  let started: string | undefined;
  const dispatch = (a: Parameters<typeof reduce>[1]) => { s = reduce(s, a); syncFacts(); };
  const syncFacts = () => {
    const chosen = s.answers.$?.context;
    if (chosen && loader.get().kubeconfig.state === 'ok' && chosen !== loader.get().context) loader.useContext(chosen);
    loader.setTarget(release(), namespace());
  };
  const quit = async (): Promise<number | undefined> => {
    if (!savedHere && JSON.stringify(s.answers) === started) {
      io.print(NOTHING_SAVED);
    } else {
      const path = save('saved when quit was asked for');
      io.print(`Your answers so far are saved in ${path} (no secret values).`);
      io.print(`Pick up where you left: wallaroo-install wizard --plain --preset ${shellQuote(path)}`);
    }
    const a = await io.ask('Quit the wizard? [y/N] ');
    if (a === null || /^y/i.test(a)) return 130;
    return undefined;
  };

  started = JSON.stringify(s.answers);
  io.print('wallaroo-install: the Wallaroo installer, as numbered questions. Ctrl-C asks whether to quit.');
  await waitFacts(loader, (f) => f.kubeconfig.state === 'ok' || f.kubeconfig.state === 'error', waitMs);
  syncFacts();
  let shownStep = '';
  const runDir = setup.runDirFor(release());
  for (;;) {
    const c = ctx();
    const { k, n } = stepNumber(s.step, s.answers, { ...c, secrets: s.secrets });
    if (s.step !== shownStep) {
      io.print('');
      io.print(`Step ${k} of ${n}: ${s.step === 'install' ? 'Install' : stepDef(s.step).title}`);
      shownStep = s.step;
    }
    if (s.step === 'review') {
      const r = await reviewPlain(setup, deps, () => s, (a) => dispatch(a), save, runDir, answersFile());
      if (r === 'quit') { const code = await quit(); if (code !== undefined) return code; continue; }
      if (r === 'edit' || r === 'back') continue;
      return r;
    }
    const q = activeQuestion(s, c);
    if (!q) { io.print(`internal: no question ${s.question} in step ${s.step}`); return 1; }
    // Wait for the facts this question decides on, saying what we wait for.
    if (q.step === 'distribution' || q.step === 'size') {
      if (loader.get().nodes.state === 'loading') io.print('  [...] looking at the nodes');
      await waitFacts(loader, (f) => f.nodes.state !== 'loading', waitMs);
    }
    const q2 = activeQuestion(s, ctx())!;
    const answer = await askQuestion(io, q2, s, ctx());
    if (answer === null) { const code = await quit(); if (code !== undefined) return code; continue; }
    if (answer === BACK) { dispatch({ type: 'back', ctx: ctx() }); continue; }
    if (q2.kind === 'services') {
      dispatch({ type: 'answer', value: answer.value, ctx: ctx() });
      dispatch({ type: 'next', ctx: ctx() });
    } else {
      dispatch({ type: 'answer', value: answer.value, ctx: ctx() });
      const after = activeQuestion(s, ctx());
      if (after?.blocked) {
        io.print(`  [...] ${after.blocked.replace(/…$/, '...')}`);
        await waitFacts(loader, () => !activeQuestion(s, ctx())?.blocked, waitMs);
      }
      dispatch({ type: 'submit', value: answer.value, ctx: ctx() });
    }
    for (const e of s.errors) {
      io.print(`  [error] ${e.message}`);
      if (e.fix && e.code !== 'E_REQUIRED' && e.code !== 'E_INPUT') io.print(`          fix: ${e.fix}`);
    }
  }
}

type Answer = { value: unknown } | typeof BACK | null;

async function askQuestion(io: LineIO, q: Question, s: WizardState, c: Ctx): Promise<Answer> {
  io.print('');
  io.print(q.label);
  if (q.help) io.print(`  ${q.help}`);
  for (const l of noteLines(q.notes?.(s.answers) ?? [])) io.print(l);
  io.print(`  (${wrapHint(q)})`);
  if (q.kind === 'select') {
    const choices = q.choices ?? [];
    if (!choices.length) return { value: undefined };
    const def = Math.max(0, choices.findIndex((x) => x.value === String(q.initial)));
    choices.forEach((x, i) => io.print(`  ${i + 1}) ${x.label}${x.hint ? ` - ${x.hint}` : ''}${i === def ? '  (default)' : ''}`));
    for (;;) {
      const a = await io.ask(`Choice [${def + 1}]: `);
      if (a === null || a.trim() === BACK) return a === null ? null : BACK;
      const t = a.trim();
      if (t === '') return { value: choices[def].value };
      const byNumber = /^\d+$/.test(t) ? choices[Number(t) - 1] : choices.find((x) => x.value === t);
      if (byNumber) return { value: byNumber.value };
      io.print(`  [error] type a number from 1 to ${choices.length}`);
    }
  }
  if (q.kind === 'multi') {
    const choices = q.choices ?? [];
    const now = (q.initial as string[]) ?? [];
    choices.forEach((x, i) => io.print(`  ${i + 1}) ${x.label}${x.hint ? ` - ${x.hint}` : ''}${now.includes(x.value) ? '  (picked)' : ''}`));
    for (;;) {
      const a = await io.ask(`Numbers [${now.map((v) => choices.findIndex((x) => x.value === v) + 1).join(' ') || 'none'}]: `);
      if (a === null || a.trim() === BACK) return a === null ? null : BACK;
      const t = a.trim();
      if (t === '') return { value: now };
      if (t === 'none') return { value: [] };
      const picks = t.split(/[\s,]+/).map(Number);
      if (picks.every((p) => Number.isInteger(p) && choices[p - 1])) return { value: choices.filter((_, i) => picks.includes(i + 1)).map((x) => x.value) };
      io.print(`  [error] type numbers from 1 to ${choices.length}, separated by spaces`);
    }
  }
  if (q.kind === 'services') return askServices(io, q, s, c);
  if (q.kind === 'secret') {
    const a = await io.ask(`${q.label}: `, { mask: true });
    if (a === null) return null;
    if (a === BACK) return BACK;
    return { value: a === '' ? String(readAnswer(s, q) ?? '') : a };
  }
  const current = initialText(q);
  const a = await io.ask(`${q.label}${current ? ` [${current}]` : q.placeholder ? ` (e.g. ${q.placeholder})` : ''}: `);
  if (a === null) return null;
  if (a.trim() === BACK) return BACK;
  if (a.trim() === '-') return { value: '' };
  return { value: a.trim() === '' ? current : a };
}

async function askServices(io: LineIO, q: Question, s0: WizardState, c: Ctx): Promise<Answer> {
  // Toggles are live answers: each is dispatched by the caller as the final value.
  let s = s0;
  for (;;) {
    const rows = serviceRows(s.answers);
    const problems = serviceProblems(s.answers);
    const size = serviceInputs(s.answers).size;
    io.print(`  Services for size ${size} (on/off; "table" says what the sizing table turns on for 8/16/32 cores):`);
    rows.forEach((r, i) => io.print(`  ${String(i + 1).padStart(2)}) [${r.on ? 'on ' : 'off'}] ${r.label}${r.table ? `  table 8/16/32: ${[8, 16, 32].map((x) => (r.table![x as 8] ? 'on' : 'off')).join('/')}` : ''}${r.overridden ? '  (changed)' : ''}${problems[r.id] ? `  [warning] ${problems[r.id]}` : ''}`));
    const a = await io.ask('Toggle which (number), Enter when done: ');
    if (a === null) return null;
    const t = a.trim();
    if (t === BACK) return BACK;
    if (t === '') return { value: s.answers.services ?? {} };
    const i = Number(t) - 1;
    if (!rows[i]) { io.print(`  [error] type a number from 1 to ${rows.length}`); continue; }
    const r = toggleService(serviceInputs(s.answers), rows[i].id);
    if (r.note) io.print(`  ${r.refused ? '[error]' : '[note]'} ${r.note}`);
    if (!r.refused) s = reduce(s, { type: 'answer', value: r.services, ctx: c });
  }
}

type ReviewResult = number | 'quit' | 'edit' | 'back';

async function reviewPlain(setup: WizardSetup, deps: PlainDeps, get: () => WizardState, dispatch: (a: Parameters<typeof reduce>[1]) => void,
  save: (note: string) => string, runDir: string, answersFile: string): Promise<ReviewResult> {
  const { io, loader } = deps;
  const valuesFile = join(runDir, 'values.yaml');
  const ctx = (): Ctx => ({ facts: loader.get(), env: setup.env, cwd: setup.cwd, cli: { context: setup.o.context } });
  const model = () => reviewModel({ draft: get().answers, secrets: get().secrets, ctx: { ...ctx(), secrets: get().secrets }, answersFile, valuesFile });
  let m = model();
  if (m.built.ok && !m.noCluster) {
    io.print('  [...] running preflight');
    // A preset can lead here before the connection is made (`wizard --preset` starts at the
    // review): preflight needs it, and is asked for once it is there. Without one, or when
    // preflight is not started (nothing to check), the review goes on at once.
    await waitFacts(loader, (f) => f.connection.state !== 'loading', deps.factWaitMs ?? 60_000);
    loader.preflight(m.built.preset);
    if (loader.get().preflight.state !== 'idle') {
      await waitFacts(loader, (f) => f.preflight.state !== 'loading' && f.preflight.state !== 'idle', 120_000);
    }
    m = model();
  }
  let n = 0;
  const steps: string[] = [];
  for (const sec of m.sections) {
    io.print('');
    if (sec.step) { n++; steps.push(sec.step); io.print(`${sec.title}   (type ${n} to edit)`); } else io.print(sec.title);
    for (const l of sec.lines) io.print(`  ${l.level === 'error' ? '[error] ' : l.level === 'warn' ? '[warning] ' : ''}${l.text}`);
  }
  io.print('');
  if (m.errors) io.print(`${m.errors} problem(s) to fix before going on: type the number of the step to edit.`);
  const go = m.noCluster ? 'write the answers and the values file (no cluster)' : 'install';
  const a = await io.ask(`Enter to ${go}, a step number to edit, p to run preflight again, ${BACK} to go back: `);
  if (a === null) return 'quit';
  const t = a.trim();
  if (t === BACK) { dispatch({ type: 'back', ctx: ctx() }); return 'back'; }
  if (t === 'p') { if (m.built.ok) loader.preflight(m.built.preset, true); return 'edit'; }
  if (/^\d+$/.test(t) && steps[Number(t) - 1]) { dispatch({ type: 'jump', step: steps[Number(t) - 1] as never, ctx: ctx() }); return 'edit'; }
  if (t !== '') { io.print('  [error] press Enter, a step number, p or <'); return 'edit'; }
  if (m.errors || !m.built.ok) return 'edit';
  const ignore: string[] = [];
  const unignored = m.blocking.filter((x) => !setup.o.ignorePreflight.includes(x));
  if (!m.noCluster && unignored.length) {
    const y = await io.ask(`Preflight failed: ${unignored.join(', ')}. Install anyway (these checks are then ignored)? [y/N] `);
    if (y === null || !/^y/i.test(y)) return 'edit';
    ignore.push(...unignored);
  }
  save('confirmed on the review');
  const repeat = `wallaroo-install --preset ${shellQuote(answersFile)}`;
  if (m.noCluster) {
    const r = await renderWithoutCluster(m.built.preset, loader.get().helm.state === 'ok' ? (loader.get().helm as { value: { major: 3 | 4 } }).value.major : 3);
    if (!r.ok) { io.print(`[error] ${r.failure?.cause}`); io.print(`  next: ${r.failure?.fix}`); return r.failure?.exitCode ?? 1; }
    io.print('');
    io.print('Files written (no cluster). To install, run:');
    for (const c of r.commands) io.print(`  ${c}`);
    for (const note of r.notes.slice(1)) { io.print(note.title); for (const l of note.lines) io.print(`  ${l}`); }
    io.print(`Files: answers ${answersFile}; values ${r.valuesFile}${r.secretsFile ? `; secrets ${r.secretsFile}` : ''}`);
    io.print(`Repeat it without questions: ${repeat}`);
    return 0;
  }
  return installPlain(setup, deps, m.built.preset, { ...clusterOptions(setup.o), context: loader.get().context ?? setup.o.context, ignorePreflight: [...setup.o.ignorePreflight, ...ignore], lbTimeoutMs: setup.o.lbTimeoutMs, runDir }, startInstall, save, answersFile, repeat);
}

async function installPlain(setup: WizardSetup, deps: PlainDeps, preset: LoadedPreset, settings: InstallSettings, start: typeof StartInstall,
  save: (note: string) => string, answersFile: string, repeat: string): Promise<number> {
  const { io } = deps;
  const bus = new EventBus();
  const out = { write: (t: string) => { io.print(t.replace(/\n$/, '')); return true; } } as unknown as NodeJS.WritableStream;
  const render = plainRenderer({ out, err: out, verbose: setup.o.verbose });
  const offScreen = bus.on((e) => { if (e.type !== 'result') render(e); }, 'screen');
  // The terminal goes away mid-install (SSH drop): the install carries on, logging; no more prompts.
  let gone = false;
  const h = start(preset, settings, bus, { screens: [offScreen], streams: [process.stdout, process.stderr, process.stdin], onGone: () => { gone = true; io.close(); } });
  io.print(`log: ${h.logFile}`);
  // Ctrl-C while helm runs: readline holds the terminal in raw mode, so it never reaches helm as
  // a signal; we ask, then stop helm cleanly.
  let cancelled = false;
  const asking = (async () => {
    for (;;) {
      const a = await Promise.race([io.ask(''), h.done.then(() => 'done' as const)]);
      if (a === 'done') return;
      if (a !== null) continue;
      const y = await Promise.race([io.ask('Stop the install? helm gets SIGTERM and time to mark the release failed. [y/N] '), h.done.then(() => 'done' as const)]);
      if (y === 'done') return;
      if (y === null || /^y/i.test(y)) { cancelled = true; h.cancel('Ctrl-C'); return; }
    }
  })();
  const o = await h.done;
  void asking;
  if (gone) return o.ok ? 0 : o.failure.exitCode;
  if (!o.ok) {
    io.print(`log: ${o.logFile}`);
    return cancelled ? 130 : o.failure.exitCode;
  }
  save('saved after the install');
  io.print('');
  for (const l of resultLines({ ...o.result, adminPassword: o.result.adminPassword ? '********' : undefined, passwordShown: false })) io.print(l);
  io.print('');
  io.print(`Files: answers ${answersFile}; values ${o.result.valuesFile}; log ${o.logFile}`);
  io.print(`Repeat it without questions: ${repeat}`);
  if (o.result.adminUser) {
    const y = await io.ask('Show the admin password now? [y/N] ');
    if (y && /^y/i.test(y)) {
      const cr = await readCredentials(settings, o.result.namespace).catch(() => undefined);
      io.print(cr ? `  password: ${cr.password}` : '  the admin Secret could not be read: `wallaroo-install credentials --show-secrets` shows it later');
    } else io.print('  `wallaroo-install credentials --show-secrets` shows it later');
  }
  return 0;
}

/** The line-prompt wizard for these options and preset answers. */
export function runPlainWizard(o: CliOptions, answers?: Record<string, unknown>): Promise<number> {
  return runPlain(wizardSetup(o, answers));
}

export async function runPlain(setup: WizardSetup): Promise<number> {
  const loader = new FactsLoader(clusterOptions(setup.o), storedAnswersOf);
  void loader.start();
  const io = terminalIO();
  try {
    return await runPlainWith(setup, { io, loader });
  } finally {
    io.close();
  }
}
