import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPreset } from '../../src/config/load-preset.ts';
import { readTlsFiles } from '../../src/config/tls-files.ts';
import { MINIMAL_PRESET } from '../support/answers.ts';
import { scratchDir, repoRoot } from '../support/tools.ts';

function preset(body: string, name = 'p.yaml') {
  const dir = scratchDir('preset');
  const file = join(dir, name);
  writeFileSync(file, body);
  return { dir, file };
}

const GOOD = MINIMAL_PRESET;

test('a good preset loads, with defaults and the secret resolved in memory', () => {
  const { file } = preset(GOOD);
  const r = loadPreset(file, { LICENSE: 'lic-1234' });
  assert.ok(r.ok);
  assert.equal(r.preset.answers.release, 'wallaroo');
  assert.equal(r.preset.answers.namespace, 'wallaroo');
  assert.equal(r.preset.answers.size, 16);
  assert.equal(r.preset.answers.ingress, 'internal');
  assert.equal(r.preset.secrets.get('chart.login.password'), 'lic-1234');
  assert.equal(r.preset.answers.chart.login!.password, 'env:LICENSE', 'answers keep the reference, not the value');
});

test('every problem is listed at once, each with its line, key and fix', () => {
  const { file } = preset(`apiVersion: wallaroo-install/v1
chart:
  channel: 2025-1
  version: 2025.1.0-6290
  login:
    username: admin@example.com
    password: env:UNSET_LICENSE_VAR
distribution: openshift
ingres: internal
domain:
  suffix: example.com
size: 12
services:
  jupyter: "yes"
  nats: false
registries:
  models:
    registry: https://models.example.com
    username: u
    password: file:./missing-password.txt
`);
  const r = loadPreset(file, {});
  assert.equal(r.ok, false);
  if (r.ok) return;
  const got = r.problems.map((p) => `${p.line}:${p.code}:${p.path.join('.')}`).sort();
  assert.deepEqual(got, [
    '12:E_VALUE:size',
    '14:E_TYPE:services.jupyter',
    '15:E_ORCHESTRATION_NEEDS_NATS_ARBEX:services.nats',
    '15:E_WSPROXY_NEEDS_NATS:services.nats',
    '18:E_VALUE:registries.models.registry',
    '20:E_SECRET_FILE:registries.models.password',
    '7:E_SECRET_ENV_UNSET:chart.login.password',
    '8:E_VALUE:distribution',
    '9:E_UNKNOWN_KEY:ingres',
  ].sort());
  const unknown = r.problems.find((p) => p.code === 'E_UNKNOWN_KEY')!;
  assert.match(unknown.fix, /did you mean "ingress"/);
  const distro = r.problems.find((p) => p.path[0] === 'distribution')!;
  assert.match(distro.fix, /aks, eks, gke, oke, kurl/);
  const bool = r.problems.find((p) => p.code === 'E_TYPE')!;
  assert.match(bool.message, /true or false, not the string "yes"/);
  const env = r.problems.find((p) => p.code === 'E_SECRET_ENV_UNSET')!;
  assert.match(env.fix, /export UNSET_LICENSE_VAR/);
});

test('broken YAML is reported with its line', () => {
  const { file } = preset('apiVersion: wallaroo-install/v1\nchart:\n  channel: "2025-1\ndistribution: eks\n');
  const r = loadPreset(file, {});
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.problems[0].code, 'E_YAML');
    assert.ok(r.problems[0].line! >= 3);
  }
});

test('a missing preset file, a preset that is not a mapping, a wrong apiVersion', () => {
  const missing = loadPreset('/nonexistent/preset.yaml', {});
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.problems[0].message, /no such file/);
  const list = loadPreset(preset('- a\n- b\n').file, {});
  assert.equal(list.ok, false);
  if (!list.ok) assert.equal(list.problems[0].code, 'E_PRESET_SHAPE');
  const api = loadPreset(preset(GOOD.replace('wallaroo-install/v1', 'v0')).file, { LICENSE: 'lic-0123456789' });
  assert.equal(api.ok, false);
  if (!api.ok) assert.equal(api.problems[0].code, 'E_API_VERSION');
});

test('file: secrets and relative paths resolve against the preset folder; an unreadable file: is an error', () => {
  const { dir, file } = preset(GOOD.replace('env:LICENSE', 'file:secrets/license.txt'));
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets/license.txt'), 'from-file\n');
  const r = loadPreset(file, {});
  assert.ok(r.ok);
  assert.equal(r.preset.secrets.get('chart.login.password'), 'from-file');
  if (process.getuid?.() !== 0) {
    chmodSync(join(dir, 'secrets/license.txt'), 0o000);
    assert.equal(loadPreset(file, {}).ok, false);
  }
});

test('a literal secret works but warns', () => {
  const r = loadPreset(preset(GOOD.replace('env:LICENSE', 'my-license-id')).file, {});
  assert.ok(r.ok);
  assert.deepEqual(r.preset.warnings.map((w) => w.code), ['W_SECRET_INLINE']);
  assert.equal(r.preset.warnings[0].line, 7);
});

test('air gap: the chart archive and image-values.yaml must exist', () => {
  const body = `apiVersion: wallaroo-install/v1
chart: { archive: ./wallaroo.tgz }
distribution: kurl
ingress: none
domain: { suffix: lab.example.internal }
registries:
  images:
    registry: reg.example.internal:5000/wallaroo
    imageValues: ./image-values.yaml
`;
  const { dir, file } = preset(body);
  const r = loadPreset(file, {});
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.problems.map((p) => p.code), ['E_FILE_MISSING', 'E_FILE_MISSING']);
  writeFileSync(join(dir, 'wallaroo.tgz'), gzipSync(Buffer.alloc(1024)));
  writeFileSync(join(dir, 'image-values.yaml'), 'imageRegistry: reg.example.internal:5000/wallaroo\n');
  const ok = loadPreset(file, {});
  assert.ok(ok.ok);
  assert.equal(ok.preset.answers.chart.archive, join(dir, 'wallaroo.tgz'));
});

const tlsDir = join(repoRoot, 'test/fixtures/tls');
function tlsPreset(cert: string, key: string, suffix = 'wallaroo.example.com') {
  const { dir, file } = preset(GOOD.replace('suffix: example.com', `suffix: ${suffix}\n  prefix: ""`) + 'tls:\n  certFile: ./tls.crt\n  keyFile: ./tls.key\n');
  copyFileSync(join(tlsDir, cert), join(dir, 'tls.crt'));
  copyFileSync(join(tlsDir, key), join(dir, 'tls.key'));
  return file;
}

test('TLS files: read, key matches certificate, certificate covers the domain', () => {
  const ok = loadPreset(tlsPreset('wallaroo.crt', 'wallaroo.key'), { LICENSE: 'lic-0123456789' });
  assert.ok(ok.ok);
  assert.match(ok.preset.tlsFiles!.key, /PRIVATE KEY/);
  const mismatch = loadPreset(tlsPreset('wallaroo.crt', 'other.key'), { LICENSE: 'lic-0123456789' });
  assert.equal(mismatch.ok, false);
  if (!mismatch.ok) assert.deepEqual(mismatch.problems.map((p) => p.code), ['E_TLS_KEY_MISMATCH']);
  const otherName = loadPreset(tlsPreset('other.crt', 'other.key'), { LICENSE: 'lic-0123456789' });
  assert.ok(otherName.ok);
  assert.deepEqual(otherName.preset.warnings.map((w) => w.code), ['W_TLS_NAME']);
  const notPem = loadPreset(tlsPreset('wallaroo.key', 'wallaroo.key'), { LICENSE: 'lic-0123456789' });
  assert.equal(notPem.ok, false);
  if (!notPem.ok) assert.deepEqual(notPem.problems.map((p) => p.code), ['E_TLS_CERT_INVALID']);
});

test('TLS certificate dates: expired is an error, expiring within 30 days warns', () => {
  const crt = join(tlsDir, 'wallaroo.crt');
  const key = join(tlsDir, 'wallaroo.key');
  const far = readTlsFiles(crt, key, 'wallaroo.example.com', new Date('2200-01-01'));
  assert.deepEqual(far.problems.map((p) => p.code), ['E_TLS_EXPIRED']);
  const validTo = new Date(new X509Certificate(readFileSync(crt)).validTo);
  const soon = readTlsFiles(crt, key, 'wallaroo.example.com', new Date(validTo.getTime() - 5 * 86400_000));
  assert.deepEqual(soon.problems.map((p) => p.code), ['W_TLS_EXPIRES_SOON']);
});
