// The whole interactive uninstall with canned services: context → release → plan → purge →
// typed confirmation → a failed hook answered → result; Esc/q/Ctrl-C; a given context and
// release; a failure before anything ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { App } from './App.tsx';
import { EventBus, FlowError } from '../../src/flows/events.ts';
import type { UninstallPlan, UninstallResult } from '../../src/flows/uninstall/types.ts';
import type { HookFailure } from '../../src/flows/uninstall/hooks.ts';
import type { UninstallServices } from './services.ts';
import { sampleInventory } from '../../test/support/uninstall-inventory.ts';
import { fits, wait } from './testing.ts';

const KEYS = { down: '\x1b[B', enter: '\r', esc: '\x1b', tab: '\t', ctrlC: '\x03' };

function fakes(o: { contexts?: string[]; hookFails?: boolean; contextsFail?: FlowError; blocked?: boolean; slow?: boolean } = {}) {
  const calls = { execute: [] as UninstallPlan[], hookAnswers: [] as string[], inventories: 0, aborted: false };
  const services: UninstallServices = {
    contexts: async () => { if (o.contextsFail) throw o.contextsFail; return { contexts: o.contexts ?? ['dev', 'prod-eks'], current: 'prod-eks' }; },
    releases: async () => [
      { release: 'wallaroo', namespace: 'wallaroo', status: 'deployed', chart: 'wallaroo-2025.1.0-6290' },
      { release: 'wallaroo', namespace: 'old', leftoversOnly: true },
    ],
    inventory: async () => { calls.inventories++; return sampleInventory(o.blocked ? { installRunning: { cause: 'an install is running', fix: 'wait' } } : {}); },
    execute: async (_ctx, plan, bus, signal, onHookFailed) => {
      calls.execute.push(plan);
      bus.emit({ type: 'step-started', step: 'uninstall-helm', title: 'helm: uninstall of release wallaroo' });
      if (o.hookFails) {
        const f: HookFailure = { job: 'wallaroo-uninstall', namespace: 'wallaroo', reason: 'BackoffLimitExceeded', logTail: ['error: migration failed'] };
        const answer = await onHookFailed(f);
        calls.hookAnswers.push(answer);
        if (answer === 'stop') throw new FlowError('E_HOOK_FAILED', 'the uninstall hook failed', 'use --no-hooks', 1);
      }
      if (o.slow) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        calls.aborted = true;
        throw new FlowError('E_CANCELLED', 'cancelled: nothing was removed yet', 'run it again', 130);
      }
      bus.emit({ type: 'step-finished', step: 'uninstall-helm', status: 'ok', summary: 'release wallaroo uninstalled', ms: 5 });
      bus.emit({ type: 'uninstall-progress', group: 'hooks', object: { apiVersion: 'batch/v1', kind: 'Job', name: 'jupyter-hub-setup', namespace: 'wallaroo' }, outcome: 'deleted' });
      const result: UninstallResult = {
        release: 'wallaroo', namespace: 'wallaroo', mode: plan.mode, helm: 'uninstalled', removed: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'jupyter-hub-setup', namespace: 'wallaroo' }],
        kept: [], skipped: [], left: [], clean: true, cancelled: false, dnsRecords: plan.access.dnsRecords,
      };
      bus.emit({ type: 'uninstall-result', result });
      return result;
    },
  };
  return { services, calls };
}

function start(services: UninstallServices, o: Partial<{ context: string; release: string; namespace: string; purge: boolean }> = {}) {
  let code: number | undefined;
  let aborted = false;
  const r = render(<App o={{ purge: false, noHooks: false, timeoutMs: 300_000, ...o }} services={services} bus={new EventBus()} size={{ columns: 80, rows: 24 }}
    onExit={(c) => { code = c; }} onAbort={() => { aborted = true; }} logFile="/tmp/uninstall.log" />);
  return { r, code: () => code, aborted: () => aborted, frame: () => r.lastFrame() ?? '' };
}

async function until(what: string, fn: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
}

test('pick the context and the release, read the plan, purge with the name typed back, answer a failed hook, see the result', async () => {
  const { services, calls } = fakes({ hookFails: true });
  const t = start(services);
  await until('contexts', () => /Which cluster/.test(t.frame()));
  assert.match(t.frame(), /❯ 2\. prod-eks {2}\(current\)/);
  t.r.stdin.write(KEYS.enter);
  await until('releases', () => /Which release/.test(t.frame()));
  assert.match(t.frame(), /❯ 1\. wallaroo in namespace wallaroo {2}deployed/);
  t.r.stdin.write(KEYS.enter);
  await until('plan', () => /keep data · /.test(t.frame()));
  assert.ok(fits(t.frame()), t.frame());
  assert.match(t.frame(), /keep data · /);
  t.r.stdin.write(KEYS.tab);
  await until('purge plan', () => /PURGE · /.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('choice', () => /What should happen/.test(t.frame()));
  assert.match(t.frame(), /❯ 2\. Purge/);
  t.r.stdin.write(KEYS.enter);
  await until('confirm', () => /Type the release name/.test(t.frame()));
  t.r.stdin.write('wallaroo\r');   // fast typing: one read
  await until('hook failure', () => /The uninstall hook failed/.test(t.frame()));
  assert.equal(calls.execute.length, 1);
  assert.equal(calls.execute[0].mode, 'purge');
  assert.match(t.frame(), /error: migration failed/);
  t.r.stdin.write('2');
  t.r.stdin.write(KEYS.enter);
  await until('result', () => /Uninstalled/.test(t.frame()));
  assert.deepEqual(calls.hookAnswers, ['no-hooks']);
  assert.match(t.frame(), /wallaroo\.example\.com CNAME internal-wallaroo/);
  assert.match(t.frame(), /log: \/tmp\/uninstall\.log/);
  t.r.stdin.write(KEYS.enter);
  await until('exit', () => t.code() !== undefined);
  assert.equal(t.code(), 0);
  t.r.unmount();
});

test('Esc goes back step by step; q leaves without running anything (exit 130)', async () => {
  const { services, calls } = fakes();
  const t = start(services);
  await until('contexts', () => /Which cluster/.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('releases', () => /Which release/.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('plan', () => /keep data · /.test(t.frame()));
  t.r.stdin.write(KEYS.esc);
  await until('back to releases', () => /Which release/.test(t.frame()), 1000);
  t.r.stdin.write(KEYS.esc);
  await until('back to contexts', () => /Which cluster/.test(t.frame()), 1000);
  t.r.stdin.write('q');
  await until('exit', () => t.code() !== undefined);
  assert.equal(t.code(), 130);
  assert.equal(calls.execute.length, 0);
  t.r.unmount();
});

test('Ctrl-C while it runs stops the flow (abort), shows Stopped, exits 130', async () => {
  const { services, calls } = fakes({ slow: true, contexts: ['prod-eks'] });
  const t = start(services, { release: 'wallaroo', namespace: 'wallaroo' });
  await until('plan, no pickers', () => /keep data · /.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('choice', () => /What should happen/.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('progress', () => /helm: uninstall of release wallaroo/.test(t.frame()));
  t.r.stdin.write(KEYS.ctrlC);
  await until('stopped', () => /Stopped/.test(t.frame()));
  assert.ok(t.aborted());
  assert.ok(calls.aborted);
  assert.match(t.frame(), /cancelled: nothing was removed yet/);
  t.r.stdin.write('q');
  await until('exit', () => t.code() !== undefined);
  assert.equal(t.code(), 130);
  t.r.unmount();
});

test('a running install leaves only Cancel; a failure before anything ran ends with its exit code', async () => {
  const blocked = fakes({ blocked: true, contexts: ['prod-eks'] });
  const t = start(blocked.services, { release: 'wallaroo' });
  await until('plan', () => /BLOCKED: an install is running/.test(t.frame()) || /keep data · /.test(t.frame()));
  t.r.stdin.write(KEYS.enter);
  await until('choice', () => /What should happen/.test(t.frame()));
  assert.match(t.frame(), /❯ 3\. Cancel/);
  t.r.stdin.write('1');
  await wait();
  assert.match(t.frame(), /Not possible now: an install is running/);
  t.r.stdin.write(KEYS.enter);
  await wait();
  assert.equal(blocked.calls.execute.length, 0);
  t.r.unmount();

  const broken = fakes({ contextsFail: new FlowError('E_NO_KUBECONFIG', 'no kubeconfig found', 'pass --kubeconfig FILE', 2) });
  const u = start(broken.services);
  await until('error', () => /no kubeconfig found/.test(u.frame()));
  assert.match(u.frame(), /next: pass --kubeconfig FILE/);
  u.r.stdin.write(KEYS.enter);
  await until('exit', () => u.code() !== undefined);
  assert.equal(u.code(), 2);
  u.r.unmount();
});
