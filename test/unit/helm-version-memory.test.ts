// helm's version remembered by the binary's file (src/helm/version-memory.ts): recalled for the
// same file, not for a changed or replaced one, never for a script, and only answers that read
// as a version are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, utimesSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepVersion, recallVersion } from '../../src/helm/version-memory.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-version-memory-'));
process.env.WALLAROO_INSTALL_HOME = join(dir, 'home');
const env = { PATH: process.env.PATH };
/** A compiled program standing in for helm (any ELF will do: only its file is looked at). */
function binary(name: string): string {
  const p = join(dir, name);
  copyFileSync(process.execPath, p);
  chmodSync(p, 0o755);
  return p;
}

test('kept for a compiled helm, recalled for the same file, in a private file', () => {
  const helm = binary('helm-a');
  assert.equal(recallVersion(helm, env), undefined, 'nothing before it was asked');
  keepVersion(helm, env, 'v3.17.3+ge4da497\n');
  assert.equal(recallVersion(helm, env), 'v3.17.3+ge4da497');
  const folder = join(dir, 'home', 'cache', 'helm-version');
  const [file] = readdirSync(folder);
  assert.equal(statSync(join(folder, file)).mode & 0o777, 0o600);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
});

test('a changed binary (new times, or replaced by another file at the same path) is asked again', () => {
  const helm = binary('helm-b');
  keepVersion(helm, env, 'v3.16.0\n');
  const later = new Date(Date.now() + 60_000);
  utimesSync(helm, later, later);
  assert.equal(recallVersion(helm, env), undefined, 'touched: asked again');
  keepVersion(helm, env, 'v3.16.1\n');
  copyFileSync(process.execPath, join(dir, 'other'));
  copyFileSync(join(dir, 'other'), helm);
  assert.equal(recallVersion(helm, env), undefined, 'rewritten: asked again');
});

test('never for a script (a wrapper may switch the helm it runs), and only answers that read as a version', () => {
  const script = join(dir, 'helm-wrapper');
  writeFileSync(script, '#!/bin/sh\nexec helm "$@"\n');
  chmodSync(script, 0o755);
  keepVersion(script, env, 'v3.17.0\n');
  assert.equal(recallVersion(script, env), undefined);
  const helm = binary('helm-c');
  keepVersion(helm, env, 'Error: something odd\n');
  assert.equal(recallVersion(helm, env), undefined);
});
