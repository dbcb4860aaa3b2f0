// helm's errors shown whole; the release state read from helm itself and never guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helmError, Helm, type RunResult } from '../../src/helm/helm.ts';
import { releaseState, withReleaseState, releaseAfterStop } from '../../src/helm/release.ts';
import { FlowError } from '../../src/util/flow-error.ts';

const result = (stderr: string, exitCode = 1): RunResult => ({ exitCode, stdout: '', stderr, cancelled: false });

test('helmError: every line of a helm 3 multi-error, without the WARNING lines before it', () => {
  const stderr = `WARNING: Kubernetes configuration file is group-readable. This is insecure. Location: /root/.kube/config
Error: UPGRADE FAILED: 2 errors occurred:
\t* Service "api-lb-ext" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
\t* Deployment.apps "engine" is invalid: spec.template.spec.containers[0].image: Required value

`;
  assert.equal(helmError(result(stderr)), [
    'UPGRADE FAILED: 2 errors occurred:',
    '    * Service "api-lb-ext" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    '    * Deployment.apps "engine" is invalid: spec.template.spec.containers[0].image: Required value',
  ].join('\n'));
  assert.equal(helmError(result('Error: INSTALLATION FAILED: timed out waiting for the condition\n')), 'INSTALLATION FAILED: timed out waiting for the condition');
  assert.equal(helmError(result('')), 'helm exited with code 1');
  assert.equal(helmError(result('Error: bad \u001b[31mred\n')), 'bad \\e[31mred', 'control characters escaped');
  const long = 'Error: many\n' + Array.from({ length: 300 }, (_, i) => `\t* line ${i}`).join('\n');
  const shown = helmError(result(long)).split('\n');
  assert.equal(shown.length, 201);
  assert.equal(shown.at(-1), '  ... (101 more lines)');
});

/** A Helm whose runs answer from a script: [matcher, result] pairs. */
function scriptedHelm(answers: [RegExp, Partial<RunResult>][]): Helm {
  const h = new Helm('helm', {});
  h.run = async (args: string[]) => {
    const line = args.join(' ');
    const a = answers.find(([re]) => re.test(line));
    return { exitCode: 0, stdout: '', stderr: '', cancelled: false, ...(a?.[1] ?? { exitCode: 1, stderr: `Error: unexpected ${line}` }) };
  };
  return h;
}

test('releaseState: only helm\'s own "release: not found" means not installed', async () => {
  const missing = scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: release: not found\n' }]]);
  assert.deepEqual(await releaseState(missing, 'wallaroo', 'wallaroo'), { exists: false, history: [] });
  const down = scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: Kubernetes cluster unreachable: Get "https://10.0.0.1:6443/version": dial tcp 10.0.0.1:6443: connect: connection refused\n' }]]);
  await assert.rejects(releaseState(down, 'wallaroo', 'wallaroo'), (e: unknown) => {
    assert.ok(e instanceof FlowError);
    assert.equal(e.code, 'E_RELEASE_STATE');
    assert.match(e.cause_, /cannot read the state of release wallaroo in namespace wallaroo: Kubernetes cluster unreachable: .*connection refused/);
    assert.match(e.fix, /kubectl cluster-info/);
    return true;
  });
  // A proxy's 404 page used to be read as "not installed" (it contains "not found").
  const proxy = scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: the server could not find the requested resource (404 page not found)\n' }]]);
  await assert.rejects(releaseState(proxy, 'wallaroo', 'wallaroo'), /cannot read the state/);
  const forbidden = scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: query: failed to query with labels: secrets is forbidden: User "x" cannot list resource "secrets"\n' }]]);
  await assert.rejects(releaseState(forbidden, 'wallaroo', 'wallaroo'), (e: unknown) => e instanceof FlowError && /lacks a right helm needs/.test(e.fix));
  const garbage = scriptedHelm([[/history/, { stdout: '<html>' }]]);
  await assert.rejects(releaseState(garbage, 'wallaroo', 'wallaroo'), /printed something else than its JSON/);
});

const PENDING = JSON.stringify([{ revision: 1, status: 'pending-install', chart: 'wallaroo-2025.1.0' }]);

test('after a timeout the state shown is helm\'s own, pending-install included, with the safe way out', async () => {
  const helm = scriptedHelm([[/history/, { stdout: PENDING }]]);
  const timeout = new FlowError('E_HELM_TIMEOUT', 'helm gave up after 15m still waiting for: deployment/engine', 'check the pods', 1);
  await assert.rejects(withReleaseState(timeout, helm, 'wallaroo', 'wallaroo'), (e: unknown) => {
    assert.ok(e instanceof FlowError);
    assert.equal(e.code, 'E_HELM_TIMEOUT');
    assert.match(e.cause_, /helm gave up after 15m .*\nrelease wallaroo is now pending-install \(revision 1\)/);
    assert.match(e.fix, /helm uninstall wallaroo --namespace wallaroo/);
    return true;
  });
});

test('after an API outage the state is said to be unknown, never "not created"', async () => {
  const helm = scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: Kubernetes cluster unreachable: the server is currently unable to handle the request\n' }]]);
  const failed = new FlowError('E_HELM_FAILED', 'helm upgrade --install failed: the server is currently unable to handle the request', 'correct the cause', 1);
  await assert.rejects(withReleaseState(failed, helm, 'wallaroo', 'wallaroo'), (e: unknown) => {
    assert.ok(e instanceof FlowError);
    assert.match(e.cause_, /the state of release wallaroo cannot be read now .*`wallaroo-install status` shows it once the API answers/);
    assert.doesNotMatch(e.cause_, /not created|does not exist/);
    assert.match(e.fix, /control plane unavailable/);
    return true;
  });
  const { where } = await releaseAfterStop(scriptedHelm([[/history/, { exitCode: 1, stderr: 'Error: release: not found\n' }]]), 'wallaroo', 'w');
  assert.equal(where, 'release wallaroo was not created');
  const other = new FlowError('E_PREFLIGHT', 'x', 'y', 1);
  await assert.rejects(withReleaseState(other, helm, 'wallaroo', 'wallaroo'), (e: unknown) => e === other, 'other errors pass through unchanged');
});

test('a helm run is never started once cancelled', async () => {
  const ac = new AbortController();
  ac.abort();
  const r = await new Helm('/nonexistent/helm', {}).run(['upgrade', '--install', 'x'], { signal: ac.signal });
  assert.deepEqual(r, { exitCode: 1, stdout: '', stderr: '', cancelled: true });
});

test('a failed Job stops helm 3 early unless it is a hook (helm reports those itself); helm 4 is never stopped for one', async () => {
  const { jobToStopHelmFor } = await import('../../src/flows/helm-upgrade.ts');
  const job = (name: string, hook: boolean) => ({ name, reason: 'BackoffLimitExceeded', logTail: [], hook });
  const both = { items: [], failedJobs: [job('jupyter-hub-setup', true), job('model-import', false)] };
  assert.equal(jobToStopHelmFor(both, 3)?.name, 'model-import');
  assert.equal(jobToStopHelmFor({ items: [], failedJobs: [job('jupyter-hub-setup', true)] }, 3), undefined);
  assert.equal(jobToStopHelmFor(both, 4), undefined);
});

test('a release left "uninstalling" (an uninstall stopped half-way): stuck, and the way out is to finish the uninstall', async () => {
  const { isUninstalling, pendingWayOut, isPending } = await import('../../src/helm/release.ts');
  const st = { exists: true, history: [{ revision: 1, status: 'uninstalling', chart: 'wallaroo-2025.1.0-6290' }], current: { revision: 1, status: 'uninstalling', chart: 'wallaroo-2025.1.0-6290' } };
  assert.equal(isUninstalling(st as never), true);
  assert.equal(isPending(st as never), false, 'not pending: its way out differs');
  assert.match(pendingWayOut(st as never, 'wallaroo', 'wallaroo'), /finish it with `wallaroo-install uninstall --release wallaroo --namespace wallaroo --yes`/);
});
