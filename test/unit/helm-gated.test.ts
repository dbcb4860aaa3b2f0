// helm started before the checks end and held at its values (src/helm/gated.ts): what it reads
// on stdin when let go, when not needed, when the arguments turned out different, when it had
// already stopped, and when the installer itself is killed. The stand-in helm does what helm
// does with `--values -`: it reads stdin to its end before anything else, then acts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Helm } from '../../src/helm/helm.ts';
import { gatedArgs, lateValuesPath, startGated } from '../../src/helm/gated.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-gated-'));
const VALUES = join(dir, 'values.yaml');
writeFileSync(VALUES, 'domainSuffix: example.com\n', { mode: 0o600 });
const LATE = lateValuesPath(VALUES);
let n = 0;
/**
 * A stand-in helm: keeps its pid and arguments, says it started, reads stdin to its end (or not
 * at all: `ignoresStdin`, as helm behind a wrapper that does not pass stdin on), then needs
 * every values file to exist and stdin to be `{}` before it "acts".
 */
function fakeHelm(ignoresStdin = false): { bin: string; stdin: string; args: string; acted: string; stopped: string; pid: string } {
  const k = ++n;
  const f = { stdin: join(dir, `stdin-${k}`), args: join(dir, `args-${k}`), acted: join(dir, `acted-${k}`), stopped: join(dir, `stopped-${k}`), pid: join(dir, `pid-${k}`) };
  const bin = join(dir, `helm-${k}`);
  writeFileSync(bin, `#!/bin/sh
echo $$ > '${f.pid}'
printf '%s\\n' "$@" > '${f.args}'
echo 'Release "r" does not exist. Installing it now.'
${ignoresStdin ? `printf '{}' > '${f.stdin}'` : `cat > '${f.stdin}'`}
prev=
for a in "$@"; do
  if [ "$prev" = --values ] && [ "$a" != - ] && [ ! -f "$a" ]; then echo stopped > '${f.stopped}'; echo "Error: open $a: no such file or directory" >&2; exit 1; fi
  prev=$a
done
# helm: "{" alone is not YAML it can parse, and it stops before any write.
if [ "$(cat '${f.stdin}')" = "{}" ]; then echo applied > '${f.acted}'; echo 'deployed'; exit 0; fi
echo stopped > '${f.stopped}'
echo 'Error: failed to parse -: yaml: line 1: did not find expected node content' >&2; exit 1
`);
  chmodSync(bin, 0o755);
  return { bin, ...f };
}
const ARGS = ['upgrade', '--install', 'r', '/charts/w.tgz', '--namespace', 'ns', '--values', VALUES, '--timeout', '15m', '--wait'];
const HELD_ARGS = gatedArgs(ARGS.map((a) => (a === VALUES ? LATE : a)));
const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};
const alive = (pidFile: string) => { try { process.kill(Number(readFileSync(pidFile, 'utf8')), 0); return true; } catch { return false; } };

test('gatedArgs: `-` comes before every other values file, so the real files decide each value', () => {
  assert.deepEqual(gatedArgs(['upgrade', 'r', 'c', '--values', 'a.yaml', '--values', 'b.yaml', '--wait']),
    ['upgrade', 'r', 'c', '--values', '-', '--values', 'a.yaml', '--values', 'b.yaml', '--wait']);
  assert.deepEqual(gatedArgs(['upgrade', 'r', 'c']), ['upgrade', 'r', 'c', '--values', '-']);
});

test('held, then let go: helm reads `{}` on stdin, runs to its end, and every line it said is heard, those from before too', async () => {
  const f = fakeHelm();
  const helm = new Helm(f.bin, { PATH: process.env.PATH });
  const held = startGated(helm, ARGS, VALUES);
  await until(() => existsSync(f.args));
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(existsSync(f.acted), false, 'held: nothing done before it is let go');
  const lines: string[] = [];
  const r = await held.open(helm, ARGS, { signal: new AbortController().signal, onLine: (l) => lines.push(l) });
  assert.ok(r, 'let go');
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(readFileSync(f.stdin, 'utf8'), '{}\n');
  assert.deepEqual(readFileSync(f.args, 'utf8').trim().split('\n'), HELD_ARGS, 'the values file under a name made at the let-go');
  assert.equal(existsSync(LATE), false, 'that name is gone once helm has run');
  assert.equal(readFileSync(VALUES, 'utf8'), 'domainSuffix: example.com\n', 'the run\'s values file stays');
  assert.deepEqual(lines, ['Release "r" does not exist. Installing it now.', 'deployed']);
  held.cancel();
  assert.equal(readFileSync(f.acted, 'utf8'), 'applied\n', 'a cancel after the start changes nothing');
});

test('not needed (a check failed, a cancel): helm is killed at once, never having acted', async () => {
  const f = fakeHelm();
  const helm = new Helm(f.bin, { PATH: process.env.PATH });
  const held = startGated(helm, ARGS, VALUES);
  await until(() => existsSync(f.args));
  held.cancel();
  await until(() => !alive(f.pid));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(f.acted), false);
  assert.equal(existsSync(LATE), false);
  assert.equal(held.open(helm, ARGS, { signal: new AbortController().signal, onLine: () => undefined }), undefined, 'cancelled: never let go later');
});

test('other arguments or another Helm at the end (the plan changed): the held one is stopped, the caller runs helm itself', async () => {
  for (const other of [{ args: [...ARGS.slice(0, -1), '--wait=watcher'] }, { helm: true }]) {
    const f = fakeHelm();
    const helm = new Helm(f.bin, { PATH: process.env.PATH });
    const held = startGated(helm, ARGS, VALUES);
    await until(() => existsSync(f.pid));
    const wanted = other.helm ? new Helm(f.bin, { PATH: process.env.PATH }) : helm;
    assert.equal(held.open(wanted, other.args ?? ARGS, { signal: new AbortController().signal, onLine: () => undefined }), undefined);
    await until(() => !alive(f.pid));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(existsSync(f.acted), false);
  }
});

test('a helm that stopped while held (the API failed it) is not let go: the caller starts a new one', async () => {
  const bin = join(dir, 'helm-dies');
  writeFileSync(bin, '#!/bin/sh\necho "Error: Kubernetes cluster unreachable" >&2\nexit 1\n');
  chmodSync(bin, 0o755);
  const helm = new Helm(bin, { PATH: process.env.PATH });
  const held = startGated(helm, ARGS, VALUES);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(held.open(helm, ARGS, { signal: new AbortController().signal, onLine: () => undefined }), undefined);
});

test('let go, then cancelled (Ctrl-C): helm gets SIGTERM through the signal given at the start', async () => {
  const bin = join(dir, 'helm-slow');
  const got = join(dir, 'slow-term');
  writeFileSync(bin, `#!/bin/sh\ntrap 'echo term > ${got}; exit 7' TERM\ncat >/dev/null\nsleep 5 & wait $!\n`);
  chmodSync(bin, 0o755);
  const helm = new Helm(bin, { PATH: process.env.PATH });
  const held = startGated(helm, ARGS, VALUES);
  const ac = new AbortController();
  const run = held.open(helm, ARGS, { signal: ac.signal, onLine: () => undefined })!;
  await new Promise((r) => setTimeout(r, 200));
  ac.abort();
  const r = await run;
  assert.equal(r.cancelled, true);
  assert.equal(readFileSync(got, 'utf8'), 'term\n');
});

test('the installer killed (SIGKILL) while helm is held: stdin closes on `{` and helm stops without acting', async () => {
  const f = fakeHelm();
  // A process of its own holds helm, then dies without a chance to clean up.
  const holder = join(dir, 'holder.ts');
  writeFileSync(holder, `import { Helm } from ${JSON.stringify(join(process.cwd(), 'src/helm/helm.ts'))};
import { startGated } from ${JSON.stringify(join(process.cwd(), 'src/helm/gated.ts'))};
startGated(new Helm(${JSON.stringify(f.bin)}, { PATH: process.env.PATH }), ${JSON.stringify(ARGS)}, ${JSON.stringify(VALUES)});
setInterval(() => undefined, 1000);
`);
  const p = spawn(process.execPath, [...process.execArgv, holder], { stdio: 'ignore' });
  await until(() => existsSync(f.args), 10_000);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(existsSync(f.stopped), false, 'held while the installer lives');
  p.kill('SIGKILL');
  await until(() => existsSync(f.stopped), 10_000);
  assert.equal(readFileSync(f.stdin, 'utf8'), '{');
  assert.equal(existsSync(f.acted), false, 'helm did not act on values it never got');
});

test('a helm that reads past stdin without waiting (a wrapper that does not pass it on) finds no values file and stops before acting', async () => {
  const f = fakeHelm(true);
  const helm = new Helm(f.bin, { PATH: process.env.PATH });
  startGated(helm, ARGS, VALUES);
  await until(() => existsSync(f.stopped));
  assert.equal(existsSync(f.acted), false, 'the run\'s values file exists, but not under the name helm was given');
});
