// The plain prompts (TERM=dumb, --plain), driven by a script of answers: the same steps, rules
// and review as the Ink screens, as numbered lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runPlainWith, type LineIO } from '../../src/wizard/plain.ts';
import { wizardSetup } from '../../src/wizard/setup.ts';
import { initialFacts } from '../../src/wizard/facts-types.ts';
import { parseCli } from '../../src/cli/args.ts';
import { StubFacts, COMPLETE } from './ink-support.tsx';
import { clusterFacts } from './support.ts';
import { scratchDir } from '../support/tools.ts';
import { loadPreset } from '../../src/config/load-preset.ts';

function scripted(answers: (string | null)[]): LineIO & { out: string[]; prompts: string[] } {
  const out: string[] = [];
  const prompts: string[] = [];
  return {
    out, prompts,
    print: (l = '') => { out.push(l); },
    ask: async (prompt) => {
      prompts.push(prompt);
      if (!answers.length) throw new Error(`no scripted answer for "${prompt}"; output so far:\n${out.slice(-30).join('\n')}`);
      return answers.shift()!;
    },
    close: () => {},
  };
}

test('no cluster: numbered questions, back with <, a rule message re-asks, then the files like render', async () => {
  const home = scratchDir('plain');
  process.env.WALLAROO_INSTALL_HOME = home;
  const setup = wizardSetup(parseCli(['wizard', '--plain']), undefined, {}, home);
  const loader = new StubFacts({ ...initialFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist', fix: 'pass --kubeconfig FILE' } });
  const io = scripted([
    '', '', '',                 // no cluster (the only choice), release, namespace
    '1', '2025-1', '2025.1.0-6290', '',   // Replicated, channel, version, no login
    '<', '',                    // back to the login user and on again
    '', '',                     // distribution (first), ingress internal
    'Not A Domain', 'example.com', 'wallaroo',
    '', '', '',                 // TLS none, online, no other registries
    '3', '12', '', '',          // size 32; toggle nats (12) off; done; skip advanced
    '',                         // review: write the files
  ]);
  const code = await runPlainWith(setup, { io, loader, factWaitMs: 10 });
  const text = io.out.join('\n');
  assert.equal(code, 0, text);
  assert.match(text, /Step 1 of 12: Cluster/);
  assert.match(text, /\[warning\] no cluster: no kubeconfig found/);
  assert.match(text, /1\) Go on without a cluster/);
  assert.match(text, /\[error\] domain\.suffix must be a lower-case DNS name/);
  assert.match(text, /\[note\] orchestration and wsProxy need nats: turned them off too/);
  assert.match(text, /Files written \(no cluster\)\. To install, run:/);
  assert.match(text, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo/);
  assert.doesNotMatch(text, /\x1b\[/, 'no escape sequences');
  assert.ok(io.prompts.some((p) => p.startsWith('Choice [1]')));
  const answers = join(home, 'answers', 'wallaroo-answers.yaml');
  assert.equal(statSync(answers).mode & 0o777, 0o600);
  const saved = readFileSync(answers, 'utf8');
  assert.match(saved, /suffix: example\.com/);
  assert.match(saved, /nats: false/);
  // Only what was answered is saved: the defaults behind it (the sizing table's services, the
  // assays version, …) stay defaults on replay, so a chart without such a setting warns, not stops.
  assert.doesNotMatch(saved, /assaysVersion|plateauDiskSize|jupyter:/);
  const replay = loadPreset(answers, {}, home, { resolveSecrets: false });
  assert.ok(replay.ok);
  assert.ok(!replay.preset.explicit!.has('advanced.assaysVersion') && replay.preset.explicit!.has('services.nats'));
  assert.equal(replay.preset.answers.size, 32);
  assert.equal(statSync(join(home, 'answers', 'wallaroo-values.yaml')).mode & 0o777, 0o600);
});

test('Ctrl-C (end of input) asks to quit and says where the answers are', async () => {
  const home = scratchDir('plain-quit');
  process.env.WALLAROO_INSTALL_HOME = home;
  const setup = wizardSetup(parseCli(['wizard', '--plain']), undefined, {}, home);
  const loader = new StubFacts({ ...initialFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig' } });
  const io = scripted(['', '', '', null, 'y']);
  const code = await runPlainWith(setup, { io, loader, factWaitMs: 10 });
  assert.equal(code, 130);
  assert.match(io.out.join('\n'), /Your answers so far are saved in .*wallaroo-answers\.yaml \(no secret values\)/);
});

test('a secret is asked without echo and never printed', async () => {
  const home = scratchDir('plain-secret');
  process.env.WALLAROO_INSTALL_HOME = home;
  const setup = wizardSetup(parseCli(['wizard', '--plain']), undefined, {}, home);
  const loader = new StubFacts({ ...initialFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig' } });
  const masked: boolean[] = [];
  const io = scripted(['', '', '', '1', '2025-1', '2025.1.0-6290', 'me@example.com', 'LICENSE-VALUE-1', 'MY_LICENSE', null, 'y']);
  const ask = io.ask;
  io.ask = async (p, o) => { masked.push(Boolean(o?.mask)); return ask(p, o); };
  await runPlainWith(setup, { io, loader, factWaitMs: 10 });
  assert.deepEqual(masked.slice(7, 9), [true, false], 'the value is masked, its source is not');
  assert.doesNotMatch(io.out.join('\n'), /LICENSE-VALUE-1/);
  const saved = readFileSync(join(home, 'answers', 'wallaroo-answers.yaml'), 'utf8');
  assert.match(saved, /password: env:MY_LICENSE/);
  assert.doesNotMatch(saved, /LICENSE-VALUE-1/);
});

test('a preset that starts at the review before the connection is made: preflight runs once it is, and the review does not wait out a timeout', async () => {
  const home = scratchDir('plain');
  process.env.WALLAROO_INSTALL_HOME = home;
  const setup = wizardSetup(parseCli(['wizard', '--plain', '--preset', 'p.yaml']), COMPLETE, {}, home);
  assert.equal(setup.initial.step, 'review', 'a complete preset starts at the review');
  // The kubeconfig is read, the cluster still being reached.
  const loader = new StubFacts(clusterFacts({ connection: { state: 'loading' }, preflight: { state: 'idle' } }));
  const asked: number[] = [];
  loader.preflight = () => {
    loader.preflights++;
    asked.push(Date.now());
    loader.set({ preflight: { state: 'loading' } });
    setTimeout(() => loader.set({ preflight: { state: 'ok', value: { key: 'k', findings: [], blocking: [] } } }), 20);
  };
  let connectedAt = 0;
  setTimeout(() => { connectedAt = Date.now(); loader.set({ connection: { state: 'ok', value: { server: 'https://x', version: 'v1.31.0' } } }); }, 100);
  const io = scripted([null]);
  const started = Date.now();
  await runPlainWith(setup, { io, loader }).catch(() => undefined);
  const text = io.out.join('\n');
  assert.equal(loader.preflights, 1, text);
  assert.ok(connectedAt && asked[0] >= connectedAt, 'asked once the connection was there');
  assert.match(text, /Preflight \(0 passed, 0 warnings, 0 failed\)/);
  assert.ok(Date.now() - started < 5_000, 'no wait for a preflight that was never started');
});
