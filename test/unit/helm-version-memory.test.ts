// helm's version remembered per helm binary file (src/helm/version-memory.ts, through
// early-version.ts): the real helm 3.17, which does not say its release in its build info, is
// asked once and then recalled; a touched or replaced file is asked again; a compiled launcher
// (no helm build info: snap's, a mise shim) and a script never are remembered; a kept answer of
// another major is not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmVersionAnswer } from '../../src/helm/early-version.ts';
import { helmBuild } from '../../src/helm/build-info.ts';
import { versionKey } from '../../src/helm/version-memory.ts';
import { helmPath } from '../support/tools.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-version-memory-'));
process.env.WALLAROO_INSTALL_HOME = join(dir, 'home');
const folder = join(dir, 'home', 'cache', 'helm-version');
const env = { PATH: process.env.PATH };
const copy = (from: string, name: string) => { const p = join(dir, name); copyFileSync(from, p); chmodSync(p, 0o755); return p; };
const how = async (bin: string) => { const a = await helmVersionAnswer(bin, env); return 'stamped' in a ? `recalled ${a.stamped}` : `asked ${a.ran.exitCode}`; };

test('helm 3.17 (no release in its build info): asked once, then recalled from a private file', async () => {
  const helm = copy(helmPath(3), 'helm-3');
  assert.equal(helmBuild(helm, env)?.version, undefined, 'this helm does not say its release');
  assert.equal(await how(helm), 'asked 0');
  assert.match(await how(helm), /^recalled v3\.\d+\.\d+/);
  const [file] = readdirSync(folder);
  assert.equal(statSync(join(folder, file)).mode & 0o777, 0o600);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
});

test('a touched or replaced helm file is asked again; a kept answer of another major is not used', async () => {
  const helm = copy(helmPath(3), 'helm-3b');
  assert.equal(await how(helm), 'asked 0');
  const later = new Date(Date.now() + 60_000);
  utimesSync(helm, later, later);
  assert.equal(await how(helm), 'asked 0', 'touched');
  copyFileSync(helmPath(3), helm);
  assert.equal(await how(helm), 'asked 0', 'rewritten');
  const key = versionKey(helmBuild(helm, env)!)!;
  writeFileSync(join(folder, key), 'v4.1.4\n');
  assert.equal(await how(helm), 'asked 0', 'a v4 answer for a helm 3 build');
});

test('a compiled launcher without helm build info, and a script, are never remembered', async () => {
  const launcher = copy(process.execPath, 'helm-launcher');
  const script = join(dir, 'helm-script');
  writeFileSync(script, `#!/bin/sh\nexec '${helmPath(3)}' "$@"\n`);
  chmodSync(script, 0o755);
  for (const bin of [launcher, script]) {
    const before = existsSync(folder) ? readdirSync(folder).length : 0;
    await how(bin);
    assert.match(await how(bin), /^asked/, `${bin}: asked every time`);
    assert.equal(existsSync(folder) ? readdirSync(folder).length : 0, before, 'nothing kept');
  }
});
