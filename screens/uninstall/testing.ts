// Helpers for the uninstall screens' ink-testing-library tests.
import { planUninstall } from '../../src/flows/uninstall/plan.ts';
import { sampleInventory } from '../../test/support/uninstall-inventory.ts';

/** Longer than Ink's 20 ms hold on a bare Esc. */
export const wait = (ms = 60) => new Promise((r) => setTimeout(r, ms));

export const SIZE = { width: 80, height: 24 };
export const TITLE = 'wallaroo-install uninstall · context prod-eks · wallaroo (namespace wallaroo)';

export function samplePlan(purge = false, over: Parameters<typeof sampleInventory>[0] = {}) {
  return planUninstall(sampleInventory(over), { purge, noHooks: false, timeoutMs: 300_000 });
}

/** The frame fits an 80x24 terminal: at most 23 rows (one spare), none wider than 80 columns. */
export function fits(frame: string | undefined, width = 80, height = 24): boolean {
  const rows = (frame ?? '').split('\n');
  return rows.length <= height - 1 && rows.every((r) => [...r].length <= width);
}
