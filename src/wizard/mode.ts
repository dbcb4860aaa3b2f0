// Which face the wizard shows, decided before anything is drawn (and before anything heavy
// loads): no terminal on stdin or stdout, plain numbered prompts, or Ink.
export type WizardMode = 'ink' | 'plain' | 'no-tty';

/**
 * No TTY on stdin (keys cannot be read) or on stdout (the user would type blind): no wizard.
 * TERM=dumb or --plain: numbered line prompts. Otherwise Ink.
 */
export function wizardMode(stdinTTY: boolean | undefined, stdoutTTY: boolean | undefined, env: NodeJS.ProcessEnv, plain: boolean): WizardMode {
  if (!stdinTTY || !stdoutTTY) return 'no-tty';
  if (plain || env.TERM === 'dumb') return 'plain';
  return 'ink';
}

export const NO_TTY_MESSAGE = 'error: the wizard asks questions, and this is not a terminal (stdin and stdout must both be a TTY)\n'
  + '  next: over SSH, give ssh a terminal: `ssh -t HOST npx wallaroo-install`; without questions: `wallaroo-install --preset FILE` '
  + '(`wallaroo-install presets` lists ready presets to start from)\n';
