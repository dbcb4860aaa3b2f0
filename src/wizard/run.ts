// `wallaroo-install` (or `wizard`): decides the face before anything is drawn. No terminal on
// stdin or stdout: one message naming `ssh -t` and `--preset`, exit 2, no Ink. TERM=dumb or
// --plain: numbered line prompts. Otherwise Ink, loaded only now (NO_COLOR turned into
// FORCE_COLOR=0 first: chalk reads it when it loads, and ignores NO_COLOR itself).
import type { CliOptions } from '../cli/args.ts';
import { problemLines } from '../render/problems.ts';
import { wizardMode, NO_TTY_MESSAGE } from './mode.ts';
import { writeBoot } from '../../screens/boot.ts';
import { glyphsFor, setGlyphs } from '../../screens/glyphs.ts';

export async function runWizard(o: CliOptions): Promise<number> {
  const mode = wizardMode(process.stdin.isTTY, process.stdout.isTTY, process.env, o.plain);
  if (mode === 'no-tty') {
    process.stderr.write(NO_TTY_MESSAGE);
    return 2;
  }
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
  // Raw mode now, not when the first screen mounts: keys typed while the screens load would
  // otherwise be echoed by the terminal and arrive as cooked lines ("\n", not Enter).
  process.stdin.setRawMode?.(true);
  process.once('exit', () => { try { process.stdin.setRawMode?.(false); } catch { /* the terminal is gone */ } });
  let answers: Record<string, unknown> | undefined;
  if (o.preset) {
    const { presetStart, presetDraft } = await import('./entry.ts');
    const st = presetStart(o.preset);
    if (st.kind === 'unusable') {
      process.stderr.write(problemLines(st.problems).join('\n') + '\n');
      process.stderr.write(`error: the wizard cannot open ${o.preset}: fix the line${st.problems.length === 1 ? '' : 's'} above; it asks for missing or invalid answers, but it cannot guess what a broken file or an unknown key meant\n`);
      return 2;
    }
    answers = st.kind === 'partial' ? st.draft : presetDraft(o.preset);
  }
  if (mode === 'ink') {
    // The first frame now, as text; Ink, the questions and the schema load behind it.
    setGlyphs(glyphsFor(process.env));
    const boot = writeBoot(process.stdout, process.env, o.preset);
    return (await import('../../screens/run-ink.tsx')).runInk(o, answers, boot);
  }
  return (await import('./plain.ts')).runPlainWizard(o, answers);
}
