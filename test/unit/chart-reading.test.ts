// A chart is read as helm reads it: a chart helm renders is never refused for how we read its
// files (merge keys, shared anchors, duplicate keys, a second document, `tar -C chart .`
// archives, Chart.yaml scalars kept as text); what helm refuses (a version that is not SemVer)
// is refused by name; a malformed or looping values.schema.json is no evidence, not a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inspectChart } from '../../src/flows/chart-check.ts';
import { chartKnows } from '../../src/wallaroo/chart-keys.ts';
import { valuesFileHeader } from '../../src/flows/values-file.ts';
import { buildPlan } from '../../src/flows/plan.ts';
import { keyOf } from '../../src/wallaroo/key-map.ts';
import { chartDir } from '../support/e2e.ts';
import { helmPath, scratchDir } from '../support/tools.ts';
import { answers } from '../support/answers.ts';

function chart(edit: (dir: string) => void): string {
  const dir = join(scratchDir('chart-read'), 'wallaroo');
  cpSync(chartDir, dir, { recursive: true });
  edit(dir);
  return dir;
}

test('values.yaml with merge keys, an anchor shared 150 times, a duplicate key and a second document: read as helm reads it', () => {
  const dir = chart((d) => appendFileSync(join(d, 'values.yaml'), [
    '', 'shared: &on {enabled: true}', 'natsMerged: {<<: *on}', 'sel: &sel {a: b}',
    ...Array.from({ length: 150 }, (_, i) => `comp${i}: {nodeSelector: *sel}`),
    'ingress_mode: external', 'ingress_mode: internal', '---', 'second: document', '',
  ].join('\n')));
  const c = inspectChart(dir);
  assert.ok(c.knows('natsMerged.enabled'), 'a merge key');
  assert.ok(c.knows('comp149.nodeSelector.a'), 'the 150th alias');
  assert.ok(!c.knows('second'), 'only the first document, as helm');
});

test('Chart.yaml: scalars kept as text (version: 1.0 is "1.0"), a version that is not SemVer refused by name', () => {
  const ok = chart((d) => writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: wallaroo\nversion: 1.0\n'));
  assert.deepEqual(inspectChart(ok).info, { name: 'wallaroo', version: '1.0' });
  for (const [v, shown] of [['"true"', '"true"'], ['"  "', '"  "'], ['[1, 2]', '"["1","2"]"'], ['{a: 1}', '"{"a":"1"}"']]) {
    const bad = chart((d) => writeFileSync(join(d, 'Chart.yaml'), `apiVersion: v2\nname: wallaroo\nversion: ${v}\n`));
    assert.throws(() => inspectChart(bad), (e: Error & { code?: string }) => e.code === 'E_CHART_INVALID' && e.message.includes(`version ${shown} is not a SemVer version`), v);
  }
});

test('an archive made with `tar -C chart .` (entries ./Chart.yaml …) is read', () => {
  const dir = chart(() => undefined);
  const tgz = join(scratchDir('chart-read'), 'dot.tgz');
  execFileSync('tar', ['czf', tgz, '-C', dir, '.']);
  assert.deepEqual(inspectChart(tgz).info, { name: 'wallaroo', version: '2025.1.0-6290' });
});

test('values.schema.json: malformed fields and $ref loops are no evidence and no crash', () => {
  const values = { nats: { enabled: false } };
  for (const schema of [
    { allOf: {} }, { properties: 'x' }, { properties: { a: 'x' }, additionalProperties: false }, [], 'x',
    { definitions: { a: { allOf: [{ $ref: '#/definitions/b' }] }, b: { anyOf: [{ $ref: '#/definitions/a' }] } }, allOf: [{ $ref: '#/definitions/a' }] },
  ]) {
    const knows = chartKnows({ values, schema: schema as never });
    assert.equal(knows('nats.enabled'), true, JSON.stringify(schema));
    assert.doesNotThrow(() => knows('jupyter.enabled'));
  }
  const dir = chart((d) => writeFileSync(join(d, 'values.schema.json'), '{"allOf": {}}'));
  assert.doesNotThrow(() => inspectChart(dir));
});

test('the values file header: a control character in the preset path or the chart version is written escaped', () => {
  const dir = chart((d) => writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: wallaroo\nversion: 2025.1.0-6290\n'));
  const c = inspectChart(dir);
  const plan = buildPlan({ ...loaded(), file: '/tmp/p\u001b[1m\nx.yaml' } as never, { ...c.keyMap, chart: { name: 'wallaroo', version: '1.0.0-\u0007bell' } }, 'kubernetes');
  const header = valuesFileHeader(plan, '/tmp/p\u001b[1m\nx.yaml');
  assert.doesNotMatch(header, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  assert.equal(header.split('\n')[0].includes('x.yaml'), true, 'the path stays on its line');
  assert.ok(keyOf(c.keyMap, 'distribution', 'value'));
});

function loaded() {
  return { answers: answers(), secrets: new Map(), explicit: new Set(), file: 'p.yaml', warnings: [] };
}

test('bytes after the archive (padding a transfer added) are ignored as helm ignores them; a damaged archive is still refused', () => {
  const dir = join(scratchDir('chart-read'), 'pkg');
  mkdirSync(dir, { recursive: true });
  // helm's own package (a gzip header with extra field and comment) and tar's.
  execFileSync(helmPath(4), ['package', chartDir, '--destination', dir], { env: { ...process.env, HELM_CONFIG_HOME: dir, HELM_CACHE_HOME: dir, HELM_DATA_HOME: dir } });
  const packed = join(dir, 'wallaroo-2025.1.0-6290.tgz');
  const tarred = join(dir, 'tarred.tgz');
  execFileSync('tar', ['czf', tarred, '-C', join(chartDir, '..'), basename(chartDir)]);
  for (const tgz of [packed, tarred]) {
    const padded = `${tgz}.padded.tgz`;
    writeFileSync(padded, Buffer.concat([readFileSync(tgz), Buffer.from('trailing bytes\n'), Buffer.alloc(512)]));
    // The premise: helm reads it.
    assert.match(execFileSync(helmPath(4), ['show', 'chart', padded], { encoding: 'utf8' }), /name: wallaroo/);
    assert.deepEqual(inspectChart(padded).info, { name: 'wallaroo', version: '2025.1.0-6290' });
    // A flipped byte inside the compressed data: its CRC no longer matches.
    const bytes = readFileSync(padded);
    bytes[Math.floor(readFileSync(tgz).length / 2)] ^= 0xff;
    const damaged = `${tgz}.damaged.tgz`;
    writeFileSync(damaged, bytes);
    assert.throws(() => inspectChart(damaged), /gzip data is damaged|not a readable/);
  }
});
