// What both faces of the wizard start from: the first state (empty, or a preset opened at its
// first unanswered question), the folders it writes to, and the command-line settings.
import { join } from 'node:path';
import type { CliOptions } from '../cli/args.ts';
import { stateHome, runDir } from '../cli/run-log.ts';
import { initialState, type WizardState } from './state.ts';
import { firstInvalid } from './steps.ts';
import { initialFacts } from './facts-types.ts';

export interface WizardSetup {
  o: CliOptions;
  initial: WizardState;
  answersDir: string;
  runDirFor: (release: string) => string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function wizardSetup(o: CliOptions, presetAnswers?: Record<string, unknown>, env = process.env, cwd = process.cwd()): WizardSetup {
  let initial = initialState(presetAnswers ?? {});
  if (presetAnswers) {
    const ctx = { facts: initialFacts(), env, cwd, cli: {}, secrets: initial.secrets };
    initial = { ...initial, ...firstInvalid(initial.answers, ctx) };
  }
  return { o, initial, answersDir: join(stateHome(), 'answers'), runDirFor: runDir, env, cwd };
}

export { clusterOptions } from './cluster-options.ts';
