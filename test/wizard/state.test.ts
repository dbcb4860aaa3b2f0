import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { initialState, reduce, activeQuestion, type WizardState } from '../../src/wizard/state.ts';
import { toAnswersInput } from '../../src/wizard/draft.ts';
import { answersSchema } from '../../src/config/schema.ts';
import { firstInvalid, stepNumber } from '../../src/wizard/steps.ts';
import { repoRoot } from '../support/tools.ts';
import { clusterFacts, ctx, walk, where } from './support.ts';

const c = ctx();

/** The shortest walk: every default accepted, a Replicated chart without a login, a domain. */
function toReview(): WizardState {
  let s = initialState();
  s = walk(s, c, [undefined, undefined, undefined]); // context, release, namespace
  assert.equal(where(s), 'chart/chartSource');
  s = walk(s, c, ['replicated', '2025-1', '2025.1.0-6290', '']);
  assert.equal(where(s), 'distribution/distribution');
  s = walk(s, c, [undefined, undefined]); // detected eks, internal
  assert.equal(where(s), 'domain/domain.suffix');
  s = walk(s, c, ['example.com', 'wallaroo']);
  s = walk(s, c, ['none', 'no', []]); // tls none, online, no other registries
  assert.equal(where(s), 'size/size');
  s = walk(s, c, [undefined, {}, 'skip']);
  assert.equal(where(s), 'review/');
  return s;
}

test('a walk with the defaults reaches the review with answers the preset schema accepts', () => {
  const s = toReview();
  const a = answersSchema.parse(toAnswersInput(s.answers));
  assert.equal(a.distribution, 'eks', 'the detected distribution is the default');
  assert.equal(a.size, 32, 'the size suggested from the nodes is the default');
  assert.deepEqual(a.chart, { channel: '2025-1', version: '2025.1.0-6290' });
  assert.deepEqual(a.domain, { prefix: 'wallaroo', suffix: 'example.com' });
  assert.equal(a.tls, undefined);
  assert.equal((toAnswersInput(s.answers) as Record<string, unknown>).$, undefined, 'the wizard\'s own choices are not answers');
});

test('Esc goes back question by question, every answer kept', () => {
  let s = toReview();
  s = reduce(s, { type: 'back', ctx: c });
  assert.equal(where(s), 'advanced/advanced');
  s = reduce(s, { type: 'back', ctx: c });
  s = reduce(s, { type: 'back', ctx: c });
  assert.equal(where(s), 'size/size');
  for (let i = 0; i < 4; i++) s = reduce(s, { type: 'back', ctx: c }); // other registries, air gap, TLS mode, prefix
  assert.equal(where(s), 'domain/domain.prefix');
  assert.equal(activeQuestion(s, c)!.initial, 'wallaroo', 'the answer is still there to edit');
  assert.equal(toAnswersInput(s.answers).domain!.suffix, 'example.com');
});

test('an invalid answer shows the rule\'s message under the question and does not advance', () => {
  let s = toReview();
  s = reduce(s, { type: 'jump', step: 'domain', ctx: c });
  const bad = reduce(s, { type: 'submit', value: 'Not A Domain!', ctx: c });
  assert.equal(where(bad), 'domain/domain.suffix');
  assert.equal(bad.errors.length, 1);
  assert.match(bad.errors[0].message, /must be a lower-case DNS name/);
});

test('the review jumps to a step and comes back to the review when the step is done', () => {
  let s = toReview();
  s = reduce(s, { type: 'jump', step: 'ingress', ctx: c });
  assert.equal(where(s), 'ingress/ingress');
  s = walk(s, c, ['external']);
  assert.equal(where(s), 'review/', 'back to the review, not on to the domain');
  assert.equal(toAnswersInput(s.answers).ingress, 'external');
  s = reduce(s, { type: 'jump', step: 'tls', ctx: c });
  s = reduce(s, { type: 'back', ctx: c });
  assert.equal(where(s), 'review/', 'Esc on the first question of a jumped-to step returns to the review');
  assert.equal(s.returnTo, undefined);
});

test('steps follow the answers: TLS files ask for both files and check them as the preset loader does', () => {
  let s = toReview();
  s = reduce(s, { type: 'jump', step: 'tls', ctx: c });
  s = walk(s, c, ['files']);
  assert.equal(where(s), 'tls/tls.certFile');
  const tls = join(repoRoot, 'test', 'fixtures', 'tls');
  s = walk(s, c, [join(tls, 'wallaroo.crt')]);
  const mismatch = reduce(s, { type: 'submit', value: join(tls, 'other.key'), ctx: c });
  assert.equal(where(mismatch), 'tls/tls.keyFile');
  assert.ok(mismatch.errors.some((e) => e.code === 'E_TLS_KEY_MISMATCH'), JSON.stringify(mismatch.errors));
  s = walk(s, c, [join(tls, 'wallaroo.key')]);
  assert.equal(where(s), 'review/');
  assert.deepEqual(toAnswersInput(s.answers).tls, { certFile: join(tls, 'wallaroo.crt'), keyFile: join(tls, 'wallaroo.key') });
  // Switching back to "none" drops the files from the answers but keeps them in the draft.
  s = reduce(s, { type: 'jump', step: 'tls', ctx: c });
  s = walk(s, c, ['none']);
  assert.equal(toAnswersInput(s.answers).tls, undefined);
  s = reduce(s, { type: 'jump', step: 'tls', ctx: c });
  s = walk(s, c, ['files', undefined, undefined]);
  assert.equal(toAnswersInput(s.answers).tls!.keyFile, join(tls, 'wallaroo.key'));
});

test('a secret is kept in memory, and the answers hold only where a replay reads it from', () => {
  let s = initialState();
  s = walk(s, c, [undefined, undefined, undefined, 'replicated', '2025-1', '2025.1.0-6290', 'admin@example.com']);
  assert.equal(where(s), 'chart/chart.login.password#value');
  s = walk(s, c, ['lic-123456']);
  assert.equal(where(s), 'chart/chart.login.password');
  const literal = reduce(s, { type: 'submit', value: 'not a place', ctx: c });
  assert.match(literal.errors[0].message, /env:NAME .* file:PATH/);
  s = walk(s, c, ['MY_LICENSE']);
  assert.equal(toAnswersInput(s.answers).chart!.login!.password, 'env:MY_LICENSE');
  assert.equal(s.secrets['chart.login.password'], 'lic-123456');
  assert.ok(!JSON.stringify(s.answers).includes('lic-123456'), 'the value is not in the draft');
});

test('a secret left empty must be readable from its source now', () => {
  let s = initialState();
  s = walk(s, c, [undefined, undefined, undefined, 'replicated', '2025-1', '2025.1.0-6290', 'admin@example.com', '']);
  const unset = reduce(s, { type: 'submit', value: 'env:NOT_SET_ANYWHERE', ctx: c });
  assert.equal(unset.errors[0].code, 'E_SECRET_ENV_UNSET');
  const withEnv = ctx(clusterFacts(), { WALLAROO_LICENSE_ID: 'from-env' });
  const ok = reduce(s, { type: 'submit', value: 'env:WALLAROO_LICENSE_ID', ctx: withEnv });
  assert.deepEqual(ok.errors, []);
});

test('a partial preset opens at its first unanswered question, the rest prefilled', () => {
  const partial = { apiVersion: 'wallaroo-install/v1', chart: { channel: '2025-1', version: '2025.1.0-6290' }, distribution: 'aks', ingress: 'none' };
  const s0 = initialState(partial);
  const full = { ...c, secrets: s0.secrets };
  assert.deepEqual(firstInvalid(s0.answers, full), { step: 'domain', question: 'domain.suffix' });
  const bad = { ...partial, domain: { suffix: 'example.com' }, services: { orchestration: true, nats: false } };
  assert.deepEqual(firstInvalid(initialState(bad).answers, full), { step: 'size', question: 'services' });
  const complete = { ...partial, domain: { suffix: 'example.com' } };
  assert.deepEqual(firstInvalid(initialState(complete).answers, full), { step: 'review', question: '' });
});

test('Esc from a preset opened mid-way walks back in order', () => {
  const partial = { apiVersion: 'wallaroo-install/v1', chart: { archive: join(repoRoot, 'package.json') }, distribution: 'gke' };
  let s = initialState(partial, { step: 'domain', question: 'domain.suffix' });
  s = reduce(s, { type: 'back', ctx: c });
  assert.equal(where(s), 'ingress/ingress');
  s = reduce(s, { type: 'back', ctx: c });
  assert.equal(where(s), 'distribution/distribution');
  assert.equal(activeQuestion(s, c)!.initial, 'gke', 'the preset answer, not the detected one');
});

test('a literal secret in a preset is moved into memory and never shown', () => {
  const s = initialState({ apiVersion: 'wallaroo-install/v1', chart: { channel: 'c', version: '1', login: { username: 'u', password: 'literal-license' } } });
  assert.equal(s.secrets['chart.login.password'], 'literal-license');
  assert.ok(!JSON.stringify(s.answers).includes('literal-license'));
});

test('"step k of n" counts the visible steps; an existing release adds its step', () => {
  const s = initialState();
  assert.deepEqual(stepNumber('chart', s.answers, { ...c, secrets: {} }), { k: 2, n: 12 });
  const upgrading = ctx(clusterFacts({ release: { state: 'ok', value: { release: 'wallaroo', namespace: 'wallaroo', exists: true, revision: 3, chart: 'wallaroo-2025.1.0', status: 'deployed' } } }));
  assert.deepEqual(stepNumber('chart', s.answers, { ...upgrading, secrets: {} }), { k: 3, n: 13 });
});

test('an upgrade prefills every answer from the stored answers, once', () => {
  const stored = { apiVersion: 'wallaroo-install/v1' as const, chart: { channel: '2025-1', version: '2025.1.0-6290' }, distribution: 'oke' as const,
    domain: { prefix: 'ml', suffix: 'corp.example' }, size: 8 as const };
  const up = ctx(clusterFacts({ release: { state: 'ok', value: { release: 'wallaroo', namespace: 'wallaroo', exists: true, revision: 2, chart: 'wallaroo-2025.1.0-6290', status: 'deployed',
    stored: { answers: stored, source: 'configmap', unrecovered: [], assumed: [] } } } }));
  let s = walk(initialState(), up, [undefined, undefined, undefined]);
  assert.equal(where(s), 'existing/existing');
  s = walk(s, up, ['upgrade']);
  assert.equal(where(s), 'review/', 'every answer prefilled and valid: straight to the review');
  const a = toAnswersInput(s.answers);
  assert.equal(a.distribution, 'oke');
  assert.deepEqual(a.domain, { prefix: 'ml', suffix: 'corp.example' });
  s = reduce(s, { type: 'jump', step: 'chart', ctx: up });
  s = walk(s, up, [undefined, undefined, '2025.2.0-7000', undefined]);
  assert.equal(where(s), 'review/');
  s = reduce(s, { type: 'jump', step: 'existing', ctx: up });
  assert.equal(where(s), 'existing/existing');
  s = walk(s, up, ['upgrade']);
  assert.equal(toAnswersInput(s.answers).chart!.version, '2025.2.0-7000', 'choosing upgrade again keeps the edit');
});

test('no kubeconfig: the cluster step offers to go on without a cluster', () => {
  const none = ctx({ ...clusterFacts(), kubeconfig: { state: 'error', reason: 'no kubeconfig found', fix: 'pass --kubeconfig FILE' }, nodes: { state: 'idle' }, release: { state: 'idle' } });
  const s = initialState();
  const q = activeQuestion(s, none)!;
  assert.deepEqual(q.choices!.map((x) => x.value), ['$none']);
  assert.equal(q.initial, '$none');
  const notes = q.notes!(s.answers).map((n) => n.text).join('\n');
  assert.match(notes, /no cluster: no kubeconfig found/);
  assert.match(notes, /like `render`/);
  const next = walk(s, none, [undefined, undefined, undefined]);
  assert.equal(where(next), 'chart/chartSource');
});
