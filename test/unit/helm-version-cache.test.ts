// helm's version is asked once per helm binary: a native helm's answer is kept and reused until
// the binary changes; a script (a wrapper, a version-manager shim) is asked every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, chmodSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Helm } from '../../src/helm/helm.ts';
import { helmIdentity, resolveExecutable, saveVersionOutput } from '../../src/helm/version-cache.ts';
import { helmPath, scratchDir } from '../support/tools.ts';

function setup() {
  const dir = scratchDir('helm-version-cache');
  process.env.WALLAROO_INSTALL_HOME = join(dir, 'home');
  const bin = join(dir, 'helm');
  copyFileSync(helmPath(4), bin);
  chmodSync(bin, 0o755);
  return { dir, bin, cache: join(dir, 'home', 'cache', 'helm-version.json') };
}

test('a native helm: asked once, then its answer is reused (it is not run again)', async () => {
  const { bin, cache } = setup();
  const first = await new Helm(bin, { ...process.env }).version();
  assert.equal(first.major, 4);
  const id = helmIdentity(bin, process.env)!;
  assert.ok(id, 'a native executable has an identity');
  const stored = JSON.parse(readFileSync(cache, 'utf8'))[id] as string;
  assert.ok(stored.startsWith(`v${first.text}`), `stored: ${stored}`);
  // What the cache says is what version() answers: proof that helm itself was not asked.
  saveVersionOutput(id, 'v4.0.9+gfeedbee');
  assert.equal((await new Helm(bin, { ...process.env }).version()).text, '4.0.9');
});

test('a changed binary (a new modification time) is asked again', async () => {
  const { bin } = setup();
  await new Helm(bin, { ...process.env }).version();
  saveVersionOutput(helmIdentity(bin, process.env)!, 'v4.0.9+gfeedbee');
  const later = new Date(Date.now() + 60_000);
  utimesSync(bin, later, later);
  assert.equal((await new Helm(bin, { ...process.env }).version()).major, 4);
  assert.notEqual((await new Helm(bin, { ...process.env }).version()).text, '4.0.9');
});

test('a wrapper script is never cached: it may run another helm tomorrow', async () => {
  const { dir, cache } = setup();
  const script = join(dir, 'helm-wrapper');
  writeFileSync(script, `#!/bin/sh\nexec ${helmPath(3)} "$@"\n`, { mode: 0o755 });
  assert.equal(helmIdentity(script, process.env), undefined);
  assert.equal((await new Helm(script, { ...process.env }).version()).major, 3);
  assert.equal(existsSync(cache), false);
});

test('a bare name is found on PATH, as the shell would', () => {
  const { dir, bin } = setup();
  assert.equal(resolveExecutable('helm', `/nonexistent:${dir}`), bin);
  assert.equal(resolveExecutable('helm', '/nonexistent'), undefined);
  assert.equal(resolveExecutable('./helm', ''), './helm');
});
