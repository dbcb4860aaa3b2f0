import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderWizard, clusterFacts, at, COMPLETE } from '../test/wizard/ink-support.tsx';
import { initialFacts } from '../src/wizard/facts-types.ts';
import type { Finding } from '../src/flows/preflight.ts';

const finding = (code: string, level: Finding['level'], message: string, fix?: string): Finding => ({ code, level, message, fix });
const preflight = (findings: Finding[]) => ({ state: 'ok' as const, value: { key: 'k', findings, blocking: findings.filter((f) => f.level === 'fail') } });

test('the review lists every answer grouped by step, the preflight results and the exact helm command', async () => {
  const w = await renderWizard({ initial: at('review', ''), facts: clusterFacts({ preflight: preflight([finding('PF_CORES', 'pass', '32 allocatable cores for size 16'), finding('PF_NODE_COUNT', 'warn', '3 nodes; Wallaroo asks for at least 4', 'add nodes')]) }) });
  let f = await w.waitFor('Ready: Enter installs');
  assert.match(f, /step 10 of 12 · Review/);
  assert.match(f, /2\. Chart\s+\[2 edit\]/);
  assert.match(f, /Chart version: 2025\.1\.0-6290/);
  assert.match(f, /Ready: Enter installs into context prod-eks, namespace wallaroo/);
  f = await w.scrollAll();
  assert.match(f, /warn PF_NODE_COUNT: 3 nodes; Wallaroo asks for at least 4/);
  assert.match(f, /fix: add nodes/);
  assert.match(f, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo \\?\s*--version 2025\.1\.0-6290/);
  assert.match(f, / \\\n\s+/, 'a wrapped command continues with a backslash');
  assert.match(f, /--values \\?\s*\/runs\/wallaroo\/values\.yaml/);
  assert.match(f, /answers: \/answers\/wallaroo-answers\.yaml/);
  w.unmount();
});

test('a digit jumps to that step; finishing it comes back to the review', async () => {
  const w = await renderWizard({ initial: at('review', '') });
  await w.waitFor('1. Cluster');
  await w.press('downArrow' as never);
  await w.type('5');
  await w.waitFor('Domain suffix');
  await w.press('enter');
  await w.waitFor('Domain prefix');
  await w.press('ctrlU'); await w.type('ml'); await w.press('enter');
  const f = await w.waitFor('1. Cluster');
  assert.match(f, /Domain prefix \(optional\): ml/);
  w.unmount();
});

test('`e` picks the step to edit from a list; Esc on its first question returns to the review', async () => {
  const w = await renderWizard({ initial: at('review', '') });
  await w.waitFor('1. Cluster');
  await w.type('e');
  await w.waitFor('Edit which step?');
  await w.press('down', 'down', 'down', 'enter');
  await w.waitFor('How is Wallaroo reached?');
  await w.press('esc');
  await w.waitFor('1. Cluster');
  assert.equal(w.state().step, 'review');
  w.unmount();
});

test('problems block Enter and say how to fix them', async () => {
  const { domain: _d, ...noDomain } = COMPLETE;
  const w = await renderWizard({ initial: at('review', '', noDomain) });
  const f = await w.waitFor('problem');
  assert.match(f, /1 problem to fix before installing/);
  await w.press('enter');
  await w.waitFor(/1 problem first/);
  assert.equal(w.state().step, 'review');
  assert.match(await w.scrollAll(), /Problems to fix first \(1\)\n\s+domain: domain is required/);
  w.unmount();
});

test('a failed preflight asks before installing anyway, then installs ignoring those checks', async () => {
  const started: string[][] = [];
  const w = await renderWizard({
    initial: at('review', ''),
    facts: clusterFacts({ preflight: preflight([finding('PF_CORES', 'fail', 'the cluster has 12 allocatable cores, fewer than the 16 of size 16', 'set size: 8')]) }),
  });
  await w.waitFor('Preflight failed (PF_CORES)');
  const orig = w.install;
  assert.equal(orig, undefined);
  await w.press('enter');
  await w.waitFor('Install anyway?');
  await w.type('n');
  await w.waitFor('Preflight failed (PF_CORES)');
  assert.equal(w.state().step, 'review');
  await w.press('enter');
  await w.waitFor('Install anyway?');
  await w.type('y');
  await w.waitFor(/Install/);
  assert.equal(w.state().step, 'install');
  assert.equal(w.saved.at(-1)?.note, 'confirmed on the review');
  void started;
  w.unmount();
});

test('p runs preflight again', async () => {
  const w = await renderWizard({ initial: at('review', ''), facts: clusterFacts({ preflight: preflight([]) }) });
  await w.waitFor('1. Cluster');
  const before = w.facts.preflights;
  await w.type('p');
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(w.facts.preflights > before);
  w.unmount();
});

test('no cluster: Enter writes the files and the done screen prints the commands', async () => {
  const w = await renderWizard({ initial: at('review', '', { ...COMPLETE, $: { context: '$none' } } as never), facts: { ...initialFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig found' } } });
  const f = await w.waitFor('Ready: Enter writes the answers and the values file');
  assert.match(f, /no cluster/);
  await w.press('enter');
  const d = await w.waitFor('Files written (no cluster)');
  assert.match(d, /helm upgrade --install wallaroo x/);
  assert.match(d, /values\s+\/out\/wallaroo-values\.yaml/);
  assert.match(d, /wallaroo-install --preset \/answers\/wallaroo-answers\.yaml/);
  w.unmount();
});

test('an upgrade shows what changes against the live release, secrets redacted, and the services turned off', async () => {
  const live = { kubernetes_distribution: 'eks', ingress_mode: 'internal', domainSuffix: 'old.example.com', domainPrefix: 'wallaroo', jupyter: { enabled: true },
    privatePypi: { enabled: true, url: 'https://p.example.com', password: 'old-secret-pw' } };
  const w = await renderWizard({
    initial: at('review', '', { ...COMPLETE, services: { jupyter: false, multipleLabs: false }, $: { existing: 'upgrade' } } as never),
    facts: clusterFacts({ release: { state: 'ok', value: { release: 'wallaroo', namespace: 'wallaroo', exists: true, revision: 2, status: 'deployed', chart: 'wallaroo-2025.1.0-6290', values: live,
      claims: [{ name: 'hub-db-dir', labels: {}, annotations: {}, size: '1Gi' }, { name: 'claim-alice', labels: {}, annotations: {}, size: '10Gi' }] } } }),
  });
  assert.match(await w.waitFor('1. Cluster'), /Enter upgrades into context prod-eks/);
  const f = await w.scrollAll();
  assert.match(f, /What the upgrade changes\n\s+upgrade of revision 2 \(wallaroo-2025\.1\.0-6290, deployed\)/);
  assert.match(f, /~ domainSuffix: old\.example\.com -> example\.com/);
  assert.match(f, /- privatePypi\.password: \(secret\) \(back to the chart default\)/);
  assert.doesNotMatch(f, /old-secret-pw/);
  assert.match(f, /JupyterHub was on and this upgrade turns it off \(/);
  assert.match(f.replace(/\s+/g, ' '), /leaves behind PVCs hub-db-dir \(1Gi\), claim-alice \(10Gi\)/);
  w.unmount();
});

test('Enter before the kubeconfig is read is kept, and the install starts once it is', async () => {
  const w = await renderWizard({ initial: at('review', ''), facts: { ...initialFacts(), kubeconfig: { state: 'loading' } } });
  await w.waitFor('Ready: Enter installs into the current context');
  await w.press('enter');
  await w.waitFor('reading the kubeconfig: this goes on by itself');
  assert.equal(w.state().step, 'review');
  w.facts.set(clusterFacts());
  await w.waitFor('Ctrl-C stop the install');
  assert.equal(w.state().step, 'install');
  w.unmount();
});

test('the helm command wraps only between words: a path wider than the screen keeps one row, its middle visibly left out', async () => {
  const { reviewRows } = await import('./ReviewScreen.tsx');
  const long = `/tmp/${'deep-folder/'.repeat(10)}values.yaml`;
  const model = { sections: [{ title: 'The helm command', lines: [{ command: true, level: 'info', text: `helm upgrade --install wallaroo ./chart.tgz --values ${long} --timeout 15m --wait` }] }] } as never;
  const rows = reviewRows(model, 80).slice(1).map((r) => r.text);
  for (const r of rows) assert.ok(r.length <= 80, r);
  const joined = rows.map((r) => r.replace(/ \\$/, '').trim()).join(' ');
  assert.match(joined, /--values \/tmp\/deep-folder\/.*….*\/values\.yaml --timeout 15m --wait/);
  assert.ok(rows.slice(0, -1).every((r) => r.endsWith(' \\')), 'continued with a backslash');
  assert.ok(!rows.some((r) => /^\s+[a-z-]*\/values\.yaml/.test(r) && !r.includes('--values')), 'never a path split across rows');
  // On an ASCII terminal the mark is "...", three columns: the path still keeps one row.
  const { setGlyphs, glyphsFor } = await import('./glyphs.ts');
  setGlyphs(glyphsFor({ LANG: 'C' }));
  try {
    const ascii = reviewRows(model, 80).slice(1).map((r) => r.text);
    for (const r of ascii) assert.ok(r.length <= 80, r);
    assert.ok(ascii.some((r) => /\/tmp\/deep-folder\/.*\.\.\..*\/values\.yaml \\$/.test(r)), ascii.join('\n'));
  } finally { setGlyphs(glyphsFor({ LANG: 'en_US.UTF-8' })); }
});
