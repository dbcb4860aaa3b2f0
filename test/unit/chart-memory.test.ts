// What a chart archive told us before (flows/chart-memory.ts): helm template's verdicts (what
// their names depend on and do not, where none are kept) and the chart's facts (recalled only
// when they answer every key asked about); how both are stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartDigest, keepFacts, mayRemember, recallFacts, remember, remembered, verdictFolder, verdictKey } from '../../src/flows/chart-memory.ts';
import { inspectChart } from '../../src/flows/chart-check.ts';
import { chartDir } from '../support/e2e.ts';
import { execFileSync } from 'node:child_process';
import { helmPath } from '../support/tools.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-verdict-'));
process.env.WALLAROO_INSTALL_HOME = join(dir, 'home');
const env = { PATH: process.env.PATH };
const helm = join(dir, 'helm');
copyFileSync(helmPath(4), helm);
chmodSync(helm, 0o755);
const chart = join(dir, 'chart.tgz');
writeFileSync(chart, Buffer.from('chart bytes, version 1'));
const input = { values: '# header naming /a/preset.yaml\n# second header line\n\nsize: 16\n', extraValuesFiles: [] as string[], release: 'wallaroo', namespace: 'wallaroo' };

test('a verdict folder per chart archive and helm binary: other bytes or another helm file, another folder', () => {
  const a = verdictFolder(chartDigest(chart), helm, env)!;
  assert.ok(a.startsWith(join(dir, 'home', 'cache', 'helm-template')));
  assert.equal(verdictFolder(chartDigest(chart), helm, env), a, 'stable');
  writeFileSync(chart, Buffer.from('chart bytes, version 2'));
  const b = verdictFolder(chartDigest(chart), helm, env)!;
  assert.notEqual(b, a, 'other chart bytes');
  const t = statSync(helm).mtime;
  utimesSync(helm, t, new Date(t.getTime() + 5_000));
  assert.notEqual(verdictFolder(chartDigest(chart), helm, env), b, 'helm replaced in place (another mtime)');
  writeFileSync(chart, Buffer.from('chart bytes, version 1'));
});

test('none for a chart folder, a helm that is a script, or a helm that is not there', () => {
  const folder = join(dir, 'chart-folder');
  mkdirSync(folder, { recursive: true });
  assert.equal(verdictFolder(chartDigest(folder), helm, env), undefined);
  const shim = join(dir, 'helm-shim');
  writeFileSync(shim, '#!/bin/sh\nexec helm "$@"\n', { mode: 0o755 });
  assert.equal(verdictFolder(chartDigest(chart), shim, env), undefined);
  assert.equal(verdictFolder(chartDigest(chart), join(dir, 'no-helm'), env), undefined);
  assert.equal(verdictFolder(chartDigest(join(dir, 'no-chart.tgz')), helm, env), undefined);
});

test('a verdict name: our header comment aside, every input counts', () => {
  const k = verdictKey(input)!;
  assert.equal(verdictKey({ ...input, values: input.values.replace('/a/preset.yaml', '/b/moved.yaml') }), k, 'the header names the preset file: not part of it');
  assert.notEqual(verdictKey({ ...input, values: input.values.replace('16', '32') }), k);
  assert.notEqual(verdictKey({ ...input, values: `${input.values}# a comment after the values\n` }), k, 'only the leading header is left out');
  assert.notEqual(verdictKey({ ...input, release: 'other' }), k);
  assert.notEqual(verdictKey({ ...input, namespace: 'other' }), k);
  const extra = join(dir, 'image-values.yaml');
  writeFileSync(extra, 'images: a\n');
  const withExtra = verdictKey({ ...input, extraValuesFiles: [extra] })!;
  assert.notEqual(withExtra, k);
  writeFileSync(extra, 'images: b\n');
  assert.notEqual(verdictKey({ ...input, extraValuesFiles: [extra] }), withExtra, 'the extra file\'s content, not its name');
  assert.equal(verdictKey({ ...input, extraValuesFiles: [join(dir, 'missing.yaml')] }), undefined);
});

test('kept as 0600 files in a 0700 folder; only whole, valid answers are read; the newest 20 kept', () => {
  const folder = verdictFolder(chartDigest(chart), helm, env)!;
  assert.equal(mayRemember(folder), false, 'nothing yet');
  const k = verdictKey(input)!;
  assert.equal(remembered(folder, k), undefined);
  const r = { count: 24, refs: [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: 'wallaroo-standard' }, { apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'wallaroo' }] };
  remember(folder, k, r);
  assert.equal(mayRemember(folder), true);
  assert.deepEqual(remembered(folder, k), r);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  assert.equal(statSync(join(folder, `${k}.json`)).mode & 0o777, 0o600);
  writeFileSync(join(folder, 'broken.json'), '{"objects": "24"');
  assert.equal(remembered(folder, 'broken'), undefined);
  writeFileSync(join(folder, 'negative.json'), '{"objects": -1, "refs": []}');
  assert.equal(remembered(folder, 'negative'), undefined);
  // A verdict kept by an earlier version (a count, no objects) is no verdict: helm template runs again.
  writeFileSync(join(folder, 'count-only.json'), '{"objects": 24}');
  assert.equal(remembered(folder, 'count-only'), undefined);
  writeFileSync(join(folder, 'bad-ref.json'), '{"objects": 1, "refs": [{"kind": "Secret"}]}');
  assert.equal(remembered(folder, 'bad-ref'), undefined);
  for (let i = 0; i < 25; i++) remember(folder, `k${i}`, { count: i, refs: [] });
  assert.equal(readdirSync(folder).filter((f) => f.endsWith('.json')).length, 20);
});

test('the newest 20 charts + helms are kept', () => {
  const parent = join(dir, 'home', 'cache', 'helm-template');
  for (let i = 0; i < 23; i++) {
    writeFileSync(chart, Buffer.from(`chart bytes, version ${100 + i}`));
    remember(verdictFolder(chartDigest(chart), helm, env)!, 'k', { count: i, refs: [] });
  }
  assert.equal(readdirSync(parent).length, 20);
  assert.ok(mayRemember(verdictFolder(chartDigest(chart), helm, env)), 'the newest is one of them');
  writeFileSync(chart, Buffer.from('chart bytes, version 1'));
});

test('a state folder that cannot be written loses the shortcut, not the run', () => {
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'a file where the folder would go');
  assert.doesNotThrow(() => remember(join(blocked, 'x'), 'k', { count: 1, refs: [] }));
});

test('a chart\'s facts: recalled only for the same bytes, and only when they answer every key asked about', () => {
  const d = chartDigest(chart)!;
  assert.equal(recallFacts(d, ['a', 'b']), undefined, 'nothing kept yet');
  keepFacts(d, { info: { name: 'wallaroo', version: '2025.1.0-6290' }, has: { a: true, b: false } });
  assert.deepEqual(recallFacts(d, ['a', 'b']), { info: { name: 'wallaroo', version: '2025.1.0-6290' }, has: { a: true, b: false } });
  assert.equal(recallFacts(d, ['a', 'b', 'c']), undefined, 'a key not asked about then: read the chart again');
  writeFileSync(chart, Buffer.from('chart bytes, other'));
  assert.equal(recallFacts(chartDigest(chart)!, ['a']), undefined, 'other bytes');
  writeFileSync(chart, Buffer.from('chart bytes, version 1'));
});

test('inspectChart with a digest: the first read is kept, the next run gets the same key map without reading the archive', () => {
  const out = join(dir, 'packed');
  mkdirSync(out, { recursive: true });
  execFileSync(helmPath(4), ['package', chartDir, '--destination', out], { env: { ...process.env, HELM_CACHE_HOME: join(dir, 'hc'), HELM_CONFIG_HOME: join(dir, 'hcfg'), HELM_DATA_HOME: join(dir, 'hd') } });
  const archive = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
  const digest = chartDigest(archive)!;
  const read = inspectChart(archive, digest);
  // A path with nothing there (read, it would be E_CHART_INVALID): only the memory can answer.
  const recalled = inspectChart(join(dir, 'not-there.tgz'), digest);
  assert.throws(() => inspectChart(join(dir, 'not-there.tgz')), /not a readable Helm chart/);
  assert.deepEqual(recalled.info, read.info);
  assert.deepEqual([...recalled.keyMap.keys], [...read.keyMap.keys]);
  assert.deepEqual(inspectChart(archive).keyMap.keys, read.keyMap.keys, 'and a plain read agrees');
});
