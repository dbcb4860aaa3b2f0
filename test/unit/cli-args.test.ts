// The command line: which command runs, with which options, and how every usage mistake is
// answered (exit 2, the input named, a fix).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCli, parseDuration } from '../../src/cli/args.ts';
import { FlowError } from '../../src/flows/events.ts';
import { PREFLIGHT_CODES } from '../../src/flows/preflight-codes.ts';
import { COMMAND_SPECS } from '../../src/cli/commands.ts';

function usageError(argv: string[]): FlowError {
  try { parseCli(argv); } catch (e) {
    assert.ok(e instanceof FlowError, `not a FlowError: ${e}`);
    assert.equal(e.exitCode, 2);
    assert.equal(e.code, 'E_USAGE');
    assert.doesNotMatch(`${e.cause_} ${e.fix}`, /undefined/);
    return e;
  }
  assert.fail(`parsed without error: ${argv.join(' ')}`);
}

test('no command: --preset means install, nothing (or --plain) means the wizard', () => {
  assert.equal(parseCli([]).command, 'wizard');
  assert.equal(parseCli(['--plain']).command, 'wizard');
  const o = parseCli(['--preset', 'p.yaml', '--json']);
  assert.equal(o.command, 'install');
  assert.equal(o.preset, 'p.yaml');
  assert.equal(o.json, true);
  assert.equal(parseCli(['-pp.yaml']).preset, 'p.yaml');
  assert.equal(parseCli(['--preset=p.yaml']).command, 'install');
  assert.equal(parseCli(['--preset', 'p.yaml', '--plain']).command, 'wizard');
});

test('the command may stand after options, and option values are never taken for commands', () => {
  assert.equal(parseCli(['--json', 'render', '--preset', 'p.yaml']).command, 'render');
  const o = parseCli(['--release', 'status', 'status']);
  assert.equal(o.command, 'status');
  assert.equal(o.release, 'status');
});

test('every option lands in its field', () => {
  const r = parseCli(['render', '-p', 'p.yaml', '-o', 'out', '--inline-secrets', '--chart', 'c.tgz', '--force', '--drop-unsupported']);
  assert.deepEqual([r.output, r.inlineSecrets, r.chart, r.force, r.dropUnsupported], ['out', true, 'c.tgz', true, true]);
  const i = parseCli(['install', '-p', 'p.yaml', '--ignore-preflight', 'pf_cores,PF_RBAC', '--lb-timeout', '90s', '--show-secrets', '--context', 'c', '--kubeconfig', 'k', '--helm', 'h']);
  assert.deepEqual(i.ignorePreflight, ['PF_CORES', 'PF_RBAC']);
  assert.equal(i.lbTimeoutMs, 90_000);
  assert.equal(parseCli(['install', '-p', 'p.yaml']).lbTimeoutMs, undefined, 'no --lb-timeout: bounded by the install timeout');
  const u = parseCli(['uninstall', '--yes', '--purge', '--no-hooks', '--timeout', '2m', '-n', 'ns', '--release', 'r']);
  assert.deepEqual([u.yes, u.purge, u.noHooks, u.timeoutMs, u.namespace, u.release, u.plan], [true, true, true, 120_000, 'ns', 'r', false]);
  assert.equal(parseCli(['uninstall', '--plan']).noHooks, false);
  const p = parseCli(['presets', 'show', 'eks-internal-16', '--write', 'd']);
  assert.deepEqual([p.args, p.write], [['show', 'eks-internal-16'], 'd']);
  assert.deepEqual(parseCli(['presets']).args, []);
});

test('unknown commands and options get "did you mean"', () => {
  assert.match(usageError(['rendr']).fix, /did you mean `wallaroo-install render`/);
  const e = usageError(['render', '--outptu', 'x', '-p', 'p']);
  assert.match(e.cause_, /unknown option --outptu for `render`/);
  assert.match(e.fix, /did you mean --output\?/);
  assert.match(usageError(['frobnicate']).cause_, /unknown command "frobnicate"/);
});

test('a single-dash long option is named as the mistake it is', () => {
  for (const bad of ['-preset', '-json', '-kubeconfig', '-namespace']) {
    const e = usageError([bad, 'x']);
    assert.match(e.cause_, new RegExp(`"${bad}" has one dash`));
    assert.match(e.fix, new RegExp(`use -${bad}`));
  }
  assert.match(usageError(['-prest', 'x']).fix, /use --preset/);
});

test('an option that belongs to another command says which', () => {
  const e = usageError(['status', '--output', 'x']);
  assert.match(e.cause_, /--output does not apply to `status`/);
  assert.match(e.fix, /option of `render`/);
  assert.match(usageError(['version', '--json']).cause_, /--json does not apply to `version`/);
});

test('repeated options, bad durations, bad preflight codes, missing values', () => {
  assert.match(usageError(['--preset', 'a', '--preset', 'b']).cause_, /--preset was given more than once/);
  assert.match(usageError(['install', '-p', 'a', '--lb-timeout', '5x']).cause_, /--lb-timeout "5x" is not a duration/);
  const code = usageError(['install', '-p', 'a', '--ignore-preflight', 'PF_CORS']);
  assert.match(code.cause_, /"PF_CORS" is not a preflight code/);
  assert.match(code.fix, /did you mean PF_CORES\?/);
  assert.match(usageError(['install', '-p', 'a', '--ignore-preflight', 'PF_RELEASE']).cause_, /PF_RELEASE cannot be ignored/);
  assert.equal(parseCli(['install', '-p', 'a', '--ignore-preflight', 'all']).ignorePreflight[0], 'all');
  assert.match(usageError(['install', '-p']).cause_, /--preset needs a value/);
  assert.match(usageError(['render']).cause_, /render needs --preset FILE/);
  assert.match(usageError(['status', 'extra']).cause_, /unexpected argument "extra" for `status`/);
  assert.match(usageError(['presets', 'shw']).fix, /did you mean `presets show`/);
  assert.match(usageError(['presets', 'show']).cause_, /needs a preset name/);
});

test('help: top level, per command (--help or help COMMAND), and for a command that does not exist', () => {
  const top = parseCli(['--help']);
  assert.equal(top.command, 'help');
  for (const c of COMMAND_SPECS) assert.match(top.helpText!, new RegExp(`^  ${c.name}\\b`, 'm'), `top-level help lists ${c.name}`);
  const render = parseCli(['render', '--help']);
  assert.match(render.helpText!, /Usage: wallaroo-install render/);
  assert.match(render.helpText!, /--inline-secrets/);
  assert.doesNotMatch(render.helpText!, /--show-secrets/, 'only the options render takes');
  assert.equal(parseCli(['help', 'uninstall']).helpText, parseCli(['uninstall', '--help']).helpText);
  assert.match(usageError(['help', 'rendr']).fix, /help render/);
  assert.equal(parseCli(['-V']).command, 'version');
});

test('durations: 30s, 10m, 1h30m, 250ms; not 5x or empty', () => {
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('10m'), 600_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('5x'), undefined);
  assert.equal(parseDuration(''), undefined);
  assert.equal(parseDuration('m'), undefined);
});

test('the preflight code list holds every code preflight can report', () => {
  const src = readFileSync(new URL('../../src/flows/preflight.ts', import.meta.url), 'utf8');
  const used = new Set([...src.matchAll(/'(PF_[A-Z0-9_]+)'/g)].map((m) => m[1]));
  for (const pool of ['GENERAL', 'PERSISTENT', 'PIPELINES']) used.add(`PF_NODEPOOL_${pool}`);
  for (const c of used) assert.ok((PREFLIGHT_CODES as readonly string[]).includes(c), `${c} is missing from PREFLIGHT_CODES`);
});

test('an option that takes a value, followed by another of our options: it needs a value (not a path named --output)', () => {
  for (const argv of [['render', '--preset', '--output', 'o'], ['render', '--preset', 'p.yaml', '--chart', '--force'], ['--preset', '--json']]) {
    assert.throws(() => parseCli(argv), (e: FlowError) => e.exitCode === 2 && /needs a value, but is followed by the option --/.test(e.cause_), argv.join(' '));
  }
  assert.equal(parseCli(['render', '--preset=--odd-name.yaml']).preset, '--odd-name.yaml');
});
