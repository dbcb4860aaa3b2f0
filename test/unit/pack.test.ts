// The published package: npm pack → install the tarball into an empty folder → npx works, with
// zero runtime dependencies and no install scripts; the launcher refuses old Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { repoRoot, scratchDir } from '../support/tools.ts';

// npm and npx run under the repo's Node 22 (first on PATH), like `npm test` does.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

test('npm pack, install the tarball in an empty folder, npx wallaroo-install render works', () => {
  const dir = scratchDir('pack');
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: repoRoot, env, encoding: 'utf8' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  assert.ok(tgz, 'a tarball was made');
  assert.ok(statSync(join(dir, tgz)).size < 3 * 1024 * 1024, 'the tarball stays small');
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), '{"name":"empty","version":"1.0.0","private":true}\n');
  execFileSync('npm', ['install', '--offline', '--no-package-lock', join(dir, tgz)], { cwd: app, env, encoding: 'utf8' });
  const installed = JSON.parse(readFileSync(join(app, 'node_modules/wallaroo-install/package.json'), 'utf8'));
  assert.deepEqual(installed.dependencies ?? {}, {}, 'zero runtime dependencies');
  assert.equal(installed.scripts?.install ?? installed.scripts?.postinstall ?? installed.scripts?.preinstall, undefined, 'no install scripts');
  assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['wallaroo-install'], 'nothing else installed');
  assert.ok(existsSync(join(app, 'node_modules/wallaroo-install/presets/eks-internal-16.yaml')), 'ready presets ship');

  const preset = join(app, 'node_modules/wallaroo-install/presets/oke-internal-8.yaml');
  const r = spawnSync('npx', ['--no-install', 'wallaroo-install', 'render', '--preset', preset, '--output', join(app, 'out')], { cwd: app, env: { ...env, WALLAROO_LICENSE_ID: 'lic' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /helm upgrade --install wallaroo oci:\/\/registry\.replicated\.com\/wallaroo\/2025-1\/wallaroo/);
  assert.match(readFileSync(join(app, 'out/wallaroo-values.yaml'), 'utf8'), /kubernetes_distribution: oke/);

  // Package users have no presets/ folder at hand: `presets` lists and copies them with the schema.
  const list = spawnSync('npx', ['--no-install', 'wallaroo-install', 'presets'], { cwd: app, env, encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /eks-internal-16 +Amazon EKS/);
  const copy = spawnSync('npx', ['--no-install', 'wallaroo-install', 'presets', 'show', 'eks-internal-16', '--write', join(app, 'mine')], { cwd: app, env, encoding: 'utf8' });
  assert.equal(copy.status, 0, copy.stderr);
  assert.ok(existsSync(join(app, 'mine/eks-internal-16.yaml')) && existsSync(join(app, 'mine/schema.json')));
});

/** Node binaries older than 22.19 on this machine (the one on the system PATH, usually 20). */
function oldNodes(): string[] {
  const found = new Set<string>();
  for (const d of (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/local/bin'])) {
    const p = join(d, 'node');
    if (!existsSync(p) || p === process.execPath) continue;
    const v = spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [maj, min] = v.split('.').map(Number);
    if (maj < 22 || (maj === 22 && min < 19)) found.add(p);
  }
  return [...found];
}

test('the launcher refuses Node older than 22.19 with a clear message and exit 2', (t) => {
  const olds = oldNodes();
  if (!olds.length) { t.skip('no Node older than 22.19 on this machine'); return; }
  const r = spawnSync(olds[0], [join(repoRoot, 'bin/wallaroo-install.js'), '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /wallaroo-install needs Node\.js 22\.19 or newer; this is Node\.js \d+\.\d+\.\d+/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
