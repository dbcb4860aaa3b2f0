import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ResultScreen } from './ResultScreen.tsx';
import { TITLE, fits, wait } from './testing.ts';

const base = { release: 'wallaroo', namespace: 'wallaroo', mode: 'keep' as const, helm: 'uninstalled' as const, removed: [], skipped: [],
  kept: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'minio', namespace: 'wallaroo', reason: 'data: kept (--purge deletes it)' }],
  dnsRecords: [{ name: 'wallaroo.example.com', type: 'A' as const, value: '10.0.0.9' }] };

test('a clean bill, what was kept, the DNS records to remove, the log', async () => {
  const r = render(<ResultScreen outcome={{ result: { ...base, left: [], clean: true, cancelled: false }, exitCode: 0 }} scroll={0} width={80} height={24} title={TITLE} logFile="/home/admin/.wallaroo-install/logs/2026-uninstall.log" />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /✔ Uninstalled: nothing of Wallaroo's is left beyond what was kept on purpose/);
  assert.match(f, /kept PersistentVolumeClaim\/minio/);
  assert.match(f, /wallaroo\.example\.com A 10\.0\.0\.9/);
  assert.match(f, /log: \/home\/admin\/\.wallaroo-install\/logs\/2026-uninstall\.log/);
  assert.match(f, /exit code 0/);
  assert.ok(fits(f));
  r.unmount();
});

test('what is left and why, scrolling when long; an error with its next step', async () => {
  const left = Array.from({ length: 30 }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', name: `task-${i}`, reason: 'namespace stuck Terminating: Discovery failed for some groups' }));
  const outcome = { result: { ...base, left, clean: false, cancelled: false }, error: { code: 'E_LEFTOVERS', cause: '30 objects are still there', fix: 'run the same command again' }, exitCode: 1 };
  const r = render(<ResultScreen outcome={outcome} scroll={0} width={80} height={24} title={TITLE} />);
  await wait();
  let f = r.lastFrame()!;
  assert.match(f, /✘ 30 objects are still there/);
  assert.match(f, /left Namespace\/task-0: namespace stuck Terminating/);
  assert.match(f, /↓\d+ more lines/);
  assert.ok(fits(f), f);
  r.rerender(<ResultScreen outcome={outcome} scroll={1000} width={80} height={24} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.match(f, /next: run the same command again/);
  r.rerender(<ResultScreen outcome={{ error: { code: 'E_NO_KUBECONFIG', cause: 'no kubeconfig found', fix: 'pass --kubeconfig FILE' }, exitCode: 2 }} scroll={0} width={80} height={24} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.match(f, /✘ The uninstall did not finish/);
  assert.match(f, /error: no kubeconfig found \[E_NO_KUBECONFIG\]/);
  assert.match(f, /exit code 2/);
  r.unmount();
});
