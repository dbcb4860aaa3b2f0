import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at } from '../test/wizard/ink-support.tsx';
import { foldEvent, TAIL_LINES, type InstallView } from './InstallScreen.tsx';
import type { InstallResult } from '../src/flows/events.ts';

const result: InstallResult = {
  release: 'wallaroo', namespace: 'wallaroo', action: 'install', revision: 1, chartVersion: 'wallaroo-2025.1.0-6290', adminUser: 'admin', adminPassword: '********',
  passwordShown: false, address: { hostname: 'internal-lb.elb.amazonaws.com' }, dnsRecords: [{ name: 'wallaroo.example.com', type: 'CNAME', value: 'internal-lb.elb.amazonaws.com' }],
  endpoints: [{ service: 'dashboard', fqdn: 'wallaroo.example.com', url: 'https://wallaroo.example.com' }], valuesFile: '/runs/wallaroo/values.yaml', logFile: '/tmp/log',
};

test('helm output is kept to the last five lines; finished steps become one-liners', () => {
  let v: InstallView = { done: [], waiting: [], tail: [] };
  v = foldEvent(v, { type: 'step-started', step: 'helm', title: 'helm: install' }, 0);
  for (let i = 1; i <= 12; i++) v = foldEvent(v, { type: 'log', step: 'helm', source: 'helm stderr', line: `line ${i}` });
  assert.equal(v.tail.length, TAIL_LINES);
  assert.deepEqual(v.tail, ['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
  v = foldEvent(v, { type: 'step-finished', step: 'helm', status: 'ok', summary: 'release wallaroo deployed, revision 1', ms: 65_000 });
  assert.equal(v.current, undefined);
  assert.deepEqual(v.done.map((d) => d.text), ['helm: release wallaroo deployed, revision 1 (1m05s)']);
  v = foldEvent(v, { type: 'step-finished', step: 'address', status: 'ok', summary: 'hostname lb.example', ms: 12 });
  assert.equal(v.address, 'lb.example');
});

async function toInstall() {
  const w = await renderWizard({ initial: at('review', ''), facts: clusterFacts({ preflight: { state: 'ok', value: { key: 'k', findings: [], blocking: [] } } }) });
  await w.waitFor('Ready: Enter installs');
  await w.press('enter');
  await w.waitFor('Ctrl-C stop the install');
  return w;
}

test('the install shows the running step, what is not ready and why, the helm tail and the address; done follows', async () => {
  const w = await toInstall();
  const bus = w.install!.bus;
  bus.emit({ type: 'step-started', step: 'preflight', title: 'preflight: checking the cluster' });
  bus.emit({ type: 'step-finished', step: 'preflight', status: 'ok', summary: '14 passed, 0 warnings, 0 failed', ms: 310 });
  bus.emit({ type: 'step-started', step: 'helm', title: 'helm: install of release wallaroo (helm 3.17.3, timeout 15m)' });
  bus.emit({ type: 'waiting', items: [{ kind: 'pod', name: 'plateau-0', reason: 'cannot be scheduled', detail: '0/4 nodes have enough cpu' }] });
  for (let i = 1; i <= 8; i++) bus.emit({ type: 'log', step: 'helm', source: 'helm stderr', line: `ready.go: waiting ${i}` });
  let f = await w.waitFor('plateau-0');
  assert.match(f, /✔ preflight: 14 passed, 0 warnings, 0 failed \(310ms\)/);
  assert.match(f, /helm: install of release wallaroo \(helm 3\.17\.3, timeout 15m\) \d+s/);
  assert.match(f, /pod\/plateau-0: cannot be scheduled \(0\/4 nodes have enough cpu\)/);
  assert.match(f, /waiting 8/);
  assert.doesNotMatch(f, /waiting 3\n/, 'only the last five helm lines');
  bus.emit({ type: 'step-finished', step: 'helm', status: 'ok', summary: 'release wallaroo deployed, revision 1', ms: 3000 });
  bus.emit({ type: 'step-started', step: 'address', title: 'address: waiting for the load balancer of api-lb-ext' });
  bus.emit({ type: 'step-finished', step: 'address', status: 'ok', summary: 'hostname internal-lb.elb.amazonaws.com', ms: 20 });
  f = await w.waitFor('load balancer address: internal-lb.elb.amazonaws.com');
  w.install!.finish({ ok: true, result, logFile: '/tmp/log' });
  f = await w.waitFor('Wallaroo installed');
  assert.equal(w.state().step, 'done');
  assert.equal(w.saved.at(-1)?.note, 'saved after the install');
  // Leaving: the command to repeat it and the files, whole, under the last frame.
  await w.press('ctrlC');
  for (let i = 0; i < 100 && !w.exits.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(w.exits, [0]);
  const lines = w.epilogues[0] ?? [];
  assert.equal(lines[0], 'Repeat it without questions: wallaroo-install --preset /answers/wallaroo-answers.yaml');
  assert.ok(lines.includes('  answers: /answers/wallaroo-answers.yaml'));
  assert.ok(lines.includes('  log:     /tmp/log'));
  w.unmount();
});

test('Ctrl-C asks, then stops helm cleanly and exits 130', async () => {
  const w = await toInstall();
  w.install!.bus.emit({ type: 'step-started', step: 'helm', title: 'helm: install of release wallaroo' });
  await w.press('ctrlC');
  await w.waitFor('Stop the install?');
  await w.type('n');
  await w.waitFor('Ctrl-C stop the install');
  assert.deepEqual(w.install!.cancelled, []);
  await w.press('ctrlC');
  await w.waitFor('Stop the install?');
  await w.type('y');
  await w.waitFor('stopping helm cleanly');
  assert.deepEqual(w.install!.cancelled, ['Ctrl-C']);
  w.install!.finish({ ok: false, logFile: '/tmp/log', failure: { code: 'E_CANCELLED', cause: 'cancelled by Ctrl-C; release wallaroo is now failed (revision 1)', fix: 'run the wizard again', exitCode: 130 } });
  for (let i = 0; i < 100 && !w.exits.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(w.exits, [130]);
  assert.match(w.frames(), /Cancelled: cancelled by Ctrl-C; release wallaroo is now failed/, 'the last frame says so before the exit');
  w.unmount();
});

test('a failure shows the cause, the fix and the log; r retries, e goes back to the review, q quits with its code', async () => {
  const w = await toInstall();
  const fail = () => w.install!.finish({ ok: false, logFile: '/tmp/log', failure: { code: 'E_HELM_TIMEOUT', cause: 'helm gave up after 15m still waiting for: pod/plateau-0 (cannot be scheduled)', fix: 'add capacity', exitCode: 1 } });
  fail();
  let f = await w.waitFor('Failed: helm gave up after 15m');
  assert.match(f, /next: add capacity/);
  assert.match(f, /log: \/tmp\/log/);
  assert.match(f, /r retry\s+·\s+e edit the answers\s+·\s+q quit/);
  const first = w.install;
  await w.type('r');
  await w.waitFor('Ctrl-C stop the install');
  assert.notEqual(w.install, first, 'a new install started');
  fail();
  await w.waitFor('Failed:');
  await w.type('e');
  await w.waitFor('1. Cluster');
  assert.equal(w.state().step, 'review');
  await w.press('enter');
  await w.waitFor('Ctrl-C stop the install');
  fail();
  await w.waitFor('Failed:');
  await w.type('q');
  for (let i = 0; i < 50 && !w.exits.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(w.exits, [1]);
  w.unmount();
});

test('a long failure wraps between words within the width, every row after the first indented, nothing cut', async () => {
  const w = await toInstall();
  const cause = 'an object the chart makes already exists and helm would refuse to take it over for release wallaroo: StorageClass wallaroo-standard (cluster-wide) belongs to release wallaroo-old in namespace wallaroo-old. Nothing was changed in the cluster';
  const fix = 'release wallaroo-old in namespace wallaroo-old owns it: to upgrade that release instead, use its release name and namespace; or hand it to release wallaroo: `kubectl annotate storageclass/wallaroo-standard meta.helm.sh/release-name=wallaroo --overwrite`';
  const log = `/tmp/${'very-long-folder-name/'.repeat(6)}install.log`;
  w.install!.finish({ ok: false, logFile: log, failure: { code: 'E_OBJECT_CONFLICT', cause, fix, exitCode: 1 } });
  const f = await w.waitFor('E_OBJECT_CONFLICT]');
  const rows = f.split('\n');
  const start = rows.findIndex((r) => r.startsWith('✘ Failed:'));
  const end = rows.findIndex((r, i) => i > start && /^r retry/.test(r.trim()));
  const block = rows.slice(start, end).filter((r) => r.trim());
  for (const r of block) assert.ok(r.length <= 99, `a row wider than the screen: ${r}`);
  for (const r of block.slice(1)) assert.match(r, /^ {2,4}\S/, `a row that starts with a stray space: "${r}"`);
  const joined = block.map((r) => r.trim()).join(' ');
  assert.ok(joined.includes(`Failed: ${cause} [E_OBJECT_CONFLICT]`), 'the cause whole');
  assert.ok(joined.includes(`next: ${fix}`), 'the fix whole');
  assert.ok(block.map((r) => r.trim()).join('').includes(`log:${log}`) || joined.includes(`log: ${log}`), 'the log path whole');
  w.unmount();
});
