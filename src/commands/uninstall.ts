// `wallaroo-install uninstall`: the plan first, nothing deleted before it is shown.
// --plan prints it and stops; --yes carries it out (keeping data unless --purge); without a
// terminal and without --yes nothing is deleted and the way on is printed (exit 2). In a
// terminal, runUninstallTui asks: context, release, plan, keep data / purge / cancel.
import type { CliOptions } from '../cli/args.ts';
import { FlowError, type EventBus } from '../flows/events.ts';
import { openCluster, type Cluster } from '../flows/install.ts';
import { takeInventory } from '../flows/uninstall/inventory.ts';
import { planUninstall } from '../flows/uninstall/plan.ts';
import { executeUninstall } from '../flows/uninstall/execute.ts';
import type { Inventory } from '../flows/uninstall/types.ts';
import { loadPresetOrFail } from './load.ts';

export const DEFAULT_UNINSTALL_TIMEOUT_MS = 5 * 60_000;

export function uninstallTarget(o: CliOptions, bus: EventBus): { release: string; namespace: string } {
  if (o.preset) {
    const p = loadPresetOrFail(o.preset, bus, { resolveSecrets: false });
    return { release: o.release ?? p.answers.release, namespace: o.namespace ?? p.answers.namespace };
  }
  return { release: o.release ?? 'wallaroo', namespace: o.namespace ?? 'wallaroo' };
}

export async function inventoryStep(bus: EventBus, c: Cluster, t: { release: string; namespace: string }, signal?: AbortSignal): Promise<Inventory> {
  return bus.step('uninstall-inventory', `inventory: what release ${t.release} (namespace ${t.namespace}) and Wallaroo left in context "${c.target.context}"`, async () => {
    const inv = await takeInventory(c, t, signal);
    const n = inv.items.length;
    return { value: inv, summary: `${inv.helmRelease.exists ? `release ${inv.helmRelease.status}` : 'no release'}, ${n} object${n === 1 ? '' : 's'} found` };
  });
}

export async function uninstallCommand(o: CliOptions, bus: EventBus, signal: AbortSignal, logFile?: string): Promise<void> {
  const t = uninstallTarget(o, bus);
  const c = await openCluster(o);
  await c.helm.version();
  const inv = await inventoryStep(bus, c, t, signal);
  const plan = planUninstall(inv, { purge: o.purge, noHooks: o.noHooks, timeoutMs: o.timeoutMs ?? DEFAULT_UNINSTALL_TIMEOUT_MS });
  bus.emit({ type: 'uninstall-plan', plan });
  if (o.plan) return;
  if (!o.yes) {
    const flags = `--release ${t.release} -n ${t.namespace}${o.context ? ` --context ${o.context}` : ''}`;
    throw new FlowError('E_NEEDS_CONFIRMATION', 'nothing was deleted: there is no terminal to confirm on, and --yes was not given',
      `review the plan above, then run \`wallaroo-install uninstall ${flags} --yes\` (keeps the data) or \`wallaroo-install uninstall ${flags} --yes --purge\` (deletes the data too); or run it in a terminal to be asked`, 2);
  }
  await executeUninstall(bus, c, plan, { signal, noHooks: o.noHooks, logFile });
}

/** Is `CI` set the way Ink reads it (then Ink will not take input)? */
function inCi(env: NodeJS.ProcessEnv): boolean {
  if (env.CI === '0' || env.CI === 'false') return false;
  return 'CI' in env || 'CONTINUOUS_INTEGRATION' in env || Object.keys(env).some((k) => k.startsWith('CI_'));
}

/**
 * The interactive face only with a terminal on both ends (a piped stdout would make the admin
 * type blind), not under CI (Ink would not read keys), not with TERM=dumb, and not when the
 * flags already say what to do (--yes, --plan, --json).
 */
export function wantsUninstallTui(o: CliOptions, env = process.env, stdin: { isTTY?: boolean } = process.stdin, stdout: { isTTY?: boolean } = process.stdout): boolean {
  if (o.yes || o.plan || o.json) return false;
  return Boolean(stdin.isTTY && stdout.isTTY) && !inCi(env) && env.TERM !== 'dumb';
}

/** The interactive uninstall: renders Ink itself and returns the exit code. */
export async function runUninstallTui(o: CliOptions): Promise<number> {
  // chalk reads FORCE_COLOR, not NO_COLOR, and only when Ink first loads: set it before that.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const { runUninstallApp } = await import('../../screens/uninstall/run.tsx');
  try {
    return await runUninstallApp(o);
  } catch (e) {
    // Before the screens could show it (the log folder cannot be written, say): plain words, no stack.
    const err = e instanceof FlowError ? e : new FlowError('E_INTERNAL', `internal error: ${(e as Error)?.message ?? String(e)}`, 'please report it', 1);
    process.stderr.write(`error: ${err.cause_} [${err.code}]\n  next: ${err.fix}\n`);
    return err.exitCode;
  }
}
