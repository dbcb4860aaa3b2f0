// Running helm: stdin from a string (closed after), output collected or written to files, exit
// codes, a binary that cannot start, the version timeout, cancellation (SIGTERM, then SIGKILL
// after the grace period) and helm's own session. Real processes (small shell scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../../src/helm/child.ts';
import { Helm } from '../../src/helm/helm.ts';
import { FlowError } from '../../src/util/flow-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-child-'));
function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}
const env = { PATH: process.env.PATH };

test('runChild: stdin is written then closed, stdout and stderr collected whole, exit code kept', async () => {
  const cat = script('cat-back', 'cat; echo "to stderr" >&2; exit 3');
  const big = 'x'.repeat(300_000) + '\n';
  const r = await runChild(cat, [], { env, input: big });
  assert.equal(r.exitCode, 3);
  assert.equal(r.stdout, big, 'all 300 kB came back: stdin closed after the input, output not cut');
  assert.equal(r.stderr, 'to stderr\n');
  assert.equal(r.startError, undefined);
  assert.equal(r.cancelled, false);
});

test('runChild: a child that never reads stdin and exits at once is no error (EPIPE ignored)', async () => {
  const quick = script('quick', 'exit 0');
  const r = await runChild(quick, [], { env, input: 'y'.repeat(2_000_000) });
  assert.equal(r.exitCode, 0);
});

test('runChild: stdin is closed even with no input (a child reading it gets end of file, not a hang)', async () => {
  const reader = script('reader', 'cat >/dev/null; echo read-all');
  const r = await runChild(reader, [], { env });
  assert.equal(r.stdout, 'read-all\n');
});

test('runChild: input given later: the child starts now and reads it once the promise resolves', async () => {
  const reader = script('late-reader', 'echo started >&2; cat');
  let give!: (s: string) => void;
  const values = new Promise<string>((r) => { give = r; });
  const run = runChild(reader, [], { env, input: values });
  await new Promise((r) => setTimeout(r, 100));
  give('domainSuffix: example.com\n');
  const r = await run;
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, 'domainSuffix: example.com\n');
});

test('runChild: input refused: the child is stopped (SIGTERM) and the run counts as cancelled', async () => {
  const reader = script('late-wait', 'trap "exit 9" TERM; cat >/dev/null; sleep 5 & wait $!');
  let refuse!: (e: Error) => void;
  const values = new Promise<string>((_, j) => { refuse = j; });
  const run = runChild(reader, [], { env, input: values, graceMs: 5_000 });
  await new Promise((r) => setTimeout(r, 100));
  refuse(new Error('the chart lacks a documented key'));
  const r = await run;
  assert.equal(r.cancelled, true);
  assert.equal(r.exitCode, 9, 'ended by our SIGTERM');
});

test('runChild: a binary that does not exist is a start error, not an exit code', async () => {
  const r = await runChild(join(dir, 'no-such-helm'), [], { env });
  assert.equal(r.startError?.code, 'ENOENT');
  assert.equal(r.exitCode, undefined);
});

test('runChild: abort sends SIGTERM; a child that ignores it gets SIGKILL after the grace period', async () => {
  const stubborn = script('stubborn', 'trap "echo got-term >&2" TERM; echo started; while :; do sleep 0.05; done');
  const ac = new AbortController();
  const t0 = Date.now();
  const p = runChild(stubborn, [], { env, signal: ac.signal, graceMs: 400 });
  await new Promise((r) => setTimeout(r, 150));
  ac.abort();
  const r = await p;
  const ms = Date.now() - t0;
  assert.equal(r.cancelled, true);
  assert.equal(r.killedBy, 'SIGKILL');
  assert.match(r.stderr, /got-term/, 'SIGTERM came first');
  assert.ok(ms >= 500, `SIGKILL only after the grace period (${ms} ms)`);
});

test('runChild: a timeout stops the child with SIGTERM and says it timed out', async () => {
  const hang = script('hang', 'while :; do sleep 0.05; done');
  const r = await runChild(hang, [], { env, timeoutMs: 200, graceMs: 2_000 });
  assert.equal(r.timedOut, true);
  assert.equal(r.cancelled, false);
  assert.equal(r.killedBy, 'SIGTERM');
});

test('runChild: a child that ends on SIGTERM is not killed again', async () => {
  const polite = script('polite', 'trap "echo bye; exit 7" TERM; while :; do sleep 0.05; done');
  const ac = new AbortController();
  const p = runChild(polite, [], { env, signal: ac.signal, graceMs: 60_000 });
  await new Promise((r) => setTimeout(r, 150));
  ac.abort();
  const r = await p;
  assert.equal(r.exitCode, 7);
  assert.equal(r.stdout, 'bye\n');
  assert.equal(r.cancelled, true);
});

test('runChild: detached runs the child in a session of its own (a terminal hangup never reaches it)', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  // Read from /proc with shell builtins only: CI images may have no `ps`, and in a container our
  // own session leader can sit outside the PID namespace (session id 0), so the test compares the
  // child's session with its own pid rather than with ours.
  const sid = script('sid', 'read -r line < /proc/$$/stat; set -- $line; echo "$1 $6"');
  const read = async (detached: boolean) => {
    const r = await runChild(sid, [], { env, detached });
    const [pid, session] = r.stdout.trim().split(' ').map(Number);
    assert.ok(pid > 0, `no pid read from /proc: ${JSON.stringify(r.stdout)} ${r.stderr}`);
    return { pid, session };
  };
  const alone = await read(true);
  assert.equal(alone.session, alone.pid, 'a detached child leads its own session');
  const attached = await read(false);
  assert.notEqual(attached.session, attached.pid, 'an attached child stays in our session');
});

test('runChild: output to files (no pipes), read by the caller', async () => {
  const { openSync, closeSync } = await import('node:fs');
  const o = join(dir, 'out.txt');
  const e = join(dir, 'err.txt');
  const fds = { stdout: openSync(o, 'w'), stderr: openSync(e, 'w') };
  const r = await runChild(script('files', 'echo out; echo err >&2'), [], { env, outputFds: fds });
  closeSync(fds.stdout);
  closeSync(fds.stderr);
  assert.equal(r.exitCode, 0);
  assert.equal(readFileSync(o, 'utf8'), 'out\n');
  assert.equal(readFileSync(e, 'utf8'), 'err\n');
});

test('Helm.version: read, refused when too old, a missing or broken binary explained', async () => {
  assert.deepEqual(await new Helm(script('h3', 'echo v3.17.3+ge4da497'), env).version(), { major: 3, minor: 17, patch: 3, text: '3.17.3' });
  await assert.rejects(new Helm(script('h2', 'echo v3.10.0+g1'), env).version(), (e: FlowError) => e.code === 'E_HELM_TOO_OLD');
  await assert.rejects(new Helm(join(dir, 'absent-helm'), env).version(), (e: FlowError) => e.code === 'E_HELM_MISSING' && /absent-helm/.test(e.message));
  await assert.rejects(new Helm(script('hbad', 'echo "Error: broken install" >&2; exit 1'), env).version(),
    (e: FlowError) => e.code === 'E_HELM_BROKEN' && /broken install/.test(e.message));
});

test('Helm.run: the password reaches stdin and never argv; a watched run streams its lines', async () => {
  const h = new Helm(script('hrun', 'read pw; echo "args: $*"; echo "pw-length: ${#pw}"; echo "warn" >&2'), env, ['--kube-context', 'ctx']);
  const lines: string[] = [];
  const r = await h.run(['registry', 'login', 'reg.example.com', '--password-stdin'], { stdin: 's3cret-pw', onLine: (l, s) => lines.push(`${s}: ${l}`) });
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout, 'args: registry login reg.example.com --password-stdin --kube-context ctx\npw-length: 9\n');
  assert.ok(!r.stdout.includes('s3cret-pw'));
  assert.deepEqual(lines.sort(), ['stderr: warn', 'stdout: args: registry login reg.example.com --password-stdin --kube-context ctx', 'stdout: pw-length: 9'].sort());
  const gone = await new Helm(join(dir, 'removed-helm'), env).run(['status', 'x']);
  assert.equal(gone.exitCode, 1);
  assert.match(gone.stderr, /^Error: cannot run .*removed-helm.*ENOENT/m);
});

test('helm version asked early: a run that stops first exits at once; a run that uses it waits for it', async () => {
  const { spawnSync } = await import('node:child_process');
  const slow = script('slow-helm', 'sleep 1.5; echo v3.17.3+g1');
  const mod = new URL('../../src/helm/early-version.ts', import.meta.url).pathname;
  const run = (body: string) => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { askHelmVersionEarly, helmVersionAnswer } from ${JSON.stringify(mod)};\n${body}`], { encoding: 'utf8', env: { ...process.env } });
    return { ms: Date.now() - t0, out: r.stdout, err: r.stderr };
  };
  // Asked early, never used (a bad preset ends the run): our process does not wait 1.5 s for it.
  const quit = run(`askHelmVersionEarly(${JSON.stringify(slow)}); console.log('quit');`);
  assert.equal(quit.out.trim(), 'quit', quit.err);
  assert.ok(quit.ms < 1400, `exited without waiting for helm (${quit.ms} ms)`);
  // Used: the answer arrives even though nothing else holds the process open.
  const used = run(`askHelmVersionEarly(${JSON.stringify(slow)}); const a = await helmVersionAnswer(${JSON.stringify(slow)}, process.env); console.log(a.ran.stdout.trim());`);
  assert.equal(used.out.trim(), 'v3.17.3+g1', used.err);
  assert.ok(used.ms >= 1400);
});

test('Helm.run: a helm killed by a signal says so (not "exited with code 1")', async () => {
  const { Helm, helmError } = await import('../../src/helm/helm.ts');
  const killed = script('killed', 'echo "level=INFO starting" >&2; kill -KILL $$');
  const r = await new Helm(killed, env).run(['upgrade']);
  assert.equal(r.killedBy, 'SIGKILL');
  assert.match(helmError(r), /^helm was killed by SIGKILL \(out of memory, or killed from outside\)/);
});
