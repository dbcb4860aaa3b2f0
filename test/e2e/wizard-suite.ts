// The wizard as an admin meets it: the built CLI in a real pty at 80x24, keys sent, the screen
// read through a terminal emulator, on the fake Kubernetes API with a real helm.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli, type PtyRun, type KeyName } from '../support/pty.ts';
import { runCli } from '../support/cli.ts';
import { stage, PRESET, type Stage } from '../support/e2e.ts';
import { defaultNodes } from '../kube/server.ts';
import { repoRoot, type HelmMajor } from '../support/tools.ts';

export const TLS = join(repoRoot, 'test', 'fixtures', 'tls');
/** EKS nodes: the distribution is detected from their providerID. */
export const eksNodes = defaultNodes.map((n) => ({ ...n, providerID: `aws:///us-east-1a/i-0${n.name.replace(/\W/g, '')}` }));

export async function eksStage(major: HelmMajor): Promise<Stage> {
  return stage(major, { nodes: eksNodes, lbAddress: { hostname: 'internal-wallaroo-1.elb.us-east-1.amazonaws.com' } });
}

/** One question: wait until `screen` shows, then send the keys (text, then named keys). */
export async function answer(t: PtyRun, screen: string | RegExp, text: string | undefined, ...keys: KeyName[]): Promise<string> {
  const s = await t.waitFor(screen, 60_000);
  if (text !== undefined) t.write(text);
  if (keys.length) t.press(...keys);
  return s;
}

/** Ctrl-U then the text: replaces a prefilled answer. */
export const replace = (text: string) => `\x15${text}`;

export function answersFile(s: Stage, release = 'wallaroo'): string {
  return join(s.env.WALLAROO_INSTALL_HOME, 'answers', `${release}-answers.yaml`);
}

export function env(s: Stage, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...s.env, LANG: 'C.UTF-8', NO_COLOR: undefined, ...extra };
}

/** No line of the screen is wider than the terminal, and it never scrolled past 24 rows of live region. */
export function fitsTerminal(t: PtyRun, cols = 80): void {
  for (const l of t.lines()) assert.ok(l.length <= cols, `a row wider than ${cols}: ${l}`);
}

export { PRESET, readFileSync, statSync };

/** The program's exit, or a failure with the screen if it does not end in time (never a hang). */
export function exited(t: PtyRun, ms = 180_000): Promise<{ code: number; signal?: NodeJS.Signals }> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    t.exit.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the wizard did not end within ${ms} ms; screen:\n${t.screen()}`)), ms); }),
  ]);
}
