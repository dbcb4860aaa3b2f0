// `wallaroo-install presets` for package users: list, show, and --write with the schema beside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, jsonEvents } from '../support/cli.ts';
import { repoRoot, scratchDir } from '../support/tools.ts';
import { presetDescription } from '../../src/commands/presets.ts';

const shipped = readdirSync(join(repoRoot, 'presets')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

test('presets lists every shipped preset with the description from its top', async () => {
  const r = await runCli(['presets']);
  assert.equal(r.code, 0, r.stderr);
  for (const name of shipped) assert.match(r.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
  assert.match(r.stdout, /eks-internal-16 +Amazon EKS, internal load balancer, 16-core cluster \(the recommended size\)\.$/m);
  assert.doesNotMatch(r.stdout, /^wallaroo-install \d/m, 'no banner: the output is the list');
  const json = jsonEvents((await runCli(['presets', 'list', '--json'])).stdout).find((e) => e.event === 'presets');
  assert.deepEqual(json.presets.map((p: { name: string }) => p.name), shipped);
});

test('presets show NAME prints the preset exactly, ready to redirect into a file', async () => {
  const r = await runCli(['presets', 'show', 'kurl-airgap-8']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(repoRoot, 'presets/kurl-airgap-8.yaml'), 'utf8'));
  const withExt = await runCli(['presets', 'show', 'kurl-airgap-8.yaml']);
  assert.equal(withExt.stdout, r.stdout);
});

test('presets show NAME --write DIR writes the preset and schema.json, so its $schema line resolves', async () => {
  const dir = scratchDir('presets-write');
  const out = join(dir, 'my', 'presets');
  const r = await runCli(['presets', 'show', 'gke-external-16-tls', '--write', out]);
  assert.equal(r.code, 0, r.stderr);
  const preset = readFileSync(join(out, 'gke-external-16-tls.yaml'), 'utf8');
  const schemaRef = /^# yaml-language-server: \$schema=(\S+)$/m.exec(preset)![1];
  assert.ok(existsSync(join(out, schemaRef)), `${schemaRef} is beside the preset`);
  assert.deepEqual(JSON.parse(readFileSync(join(out, schemaRef), 'utf8')), JSON.parse(readFileSync(join(repoRoot, 'presets/schema.json'), 'utf8')));
  assert.equal(statSync(join(out, 'gke-external-16-tls.yaml')).mode & 0o777, 0o644, 'a preset holds no secret: readable like any file');
  assert.match(r.stdout, /Wrote .*gke-external-16-tls\.yaml and .*schema\.json/);
  const again = await runCli(['presets', 'show', 'oke-internal-8', '--write', out]);
  assert.equal(again.code, 0, 'the same schema.json is fine to have already');
  writeFileSync(join(out, 'oke-internal-8.yaml'), 'my edits\n');
  const edited = await runCli(['presets', 'show', 'oke-internal-8', '--write', out]);
  assert.equal(edited.code, 2);
  assert.match(edited.stderr, /will not replace .*oke-internal-8\.yaml: it exists and was not written by wallaroo-install/);
  assert.equal(readFileSync(join(out, 'oke-internal-8.yaml'), 'utf8'), 'my edits\n');
  const forced = await runCli(['presets', 'show', 'oke-internal-8', '--write', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
});

test('an unknown preset or subcommand is a usage error with a suggestion', async () => {
  const typo = await runCli(['presets', 'show', 'eks-internal16']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /there is no ready preset named "eks-internal16" \[E_UNKNOWN_PRESET\]\n  next: did you mean eks-internal-16\?/);
  const none = await runCli(['presets', 'show']);
  assert.equal(none.code, 2);
  const sub = await runCli(['presets', 'copy', 'x']);
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /unknown presets (command|action) "copy"/);
  const bad = await runCli(['presets', 'show', 'eks-internal-16', '--write', '/proc/self']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--write \/proc\/self is on proc, a pseudo-filesystem/);
});

test('a missing preset file points at `wallaroo-install presets`, not a presets/ folder', async () => {
  const r = await runCli(['render', '--preset', 'nope.yaml'], { cwd: scratchDir('hint') });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /`wallaroo-install presets` lists the ready presets/);
  assert.doesNotMatch(r.stderr, /presets\/ folder/);
});

test('presetDescription takes the first sentence of the top comment', () => {
  assert.equal(presetDescription('# yaml-language-server: $schema=./schema.json\n#\n# One line. Two.\n# Three\napiVersion: x\n'), 'One line.');
  assert.equal(presetDescription('# Spans\n# two lines, then stops.\n'), 'Spans two lines, then stops.');
  assert.equal(presetDescription('apiVersion: x\n'), '');
});
