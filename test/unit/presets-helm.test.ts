// Every shipped preset, rendered by the CLI, then fed to the real `helm template` and
// `helm lint` of helm 3.17 and helm 4.1 against the stand-in chart (which has a strict schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../support/cli.ts';
import { helmMajors, helmPath, isolatedHelmEnv, repoRoot, scratchDir } from '../support/tools.ts';

const presetsDir = join(repoRoot, 'presets');
const chartDir = join(repoRoot, 'test', 'chart', 'wallaroo');
const presets = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml'));
const ENV = { WALLAROO_LICENSE_ID: 'license-id-0001', ACR_PASSWORD: 'acr-pw-0002', ENTRA_CLIENT_SECRET: 'entra-0003', ECR_PASSWORD: 'ecr-pw-0004', REGISTRY_PASSWORD: 'reg-pw-0005' };

test('at least five ready presets ship, each explained in a comment at its top', () => {
  assert.ok(presets.length >= 5, presets.join(', '));
  for (const p of presets) {
    const text = readFileSync(join(presetsDir, p), 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=\.\/schema\.json\n#\n# \S/, `${p} starts with the schema line and an explanation`);
  }
});

/** A scratch copy of a preset with the files it names (TLS files, chart archive, image-values). */
function stage(preset: string): string {
  const dir = scratchDir(`preset-${preset.replace('.yaml', '')}`);
  copyFileSync(join(presetsDir, preset), join(dir, preset));
  mkdirSync(join(dir, 'tls'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(dir, 'tls/wallaroo.crt'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(dir, 'tls/wallaroo.key'));
  execFileSync(helmPath(3), ['package', chartDir, '--destination', dir], { env: { ...process.env, ...isolatedHelmEnv(dir) } });
  writeFileSync(join(dir, 'image-values.yaml'), 'imageRegistry: registry.example.internal:5000/wallaroo\ntag: "2025.1.0"\n');
  return dir;
}

for (const preset of presets) {
  test(`preset ${preset}: renders, and helm 3 and 4 template and lint it against the chart`, async () => {
    const dir = stage(preset);
    const r = await runCli(['render', '--preset', preset, '--output', 'out', '--json'], { cwd: dir, env: ENV });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const s of Object.values(ENV)) assert.ok(!r.stdout.includes(s), `secret ${s} not printed`);
    const values = join(dir, 'out', 'wallaroo-values.yaml');
    const extra = preset.startsWith('kurl') ? ['-f', join(dir, 'image-values.yaml')] : [];
    for (const major of helmMajors) {
      const env = { ...process.env, ...isolatedHelmEnv(join(dir, `h${major}`)) };
      const out = execFileSync(helmPath(major), ['template', 'wallaroo', chartDir, '-n', 'wallaroo', ...extra, '-f', values], { env, encoding: 'utf8' });
      const objs = parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
      const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'api-lb-ext');
      assert.ok(svc, `helm ${major}: api-lb-ext rendered`);
      assert.ok(objs.some((o) => o.kind === 'Secret' && o.metadata.name === 'keycloak-admin-secret'));
      execFileSync(helmPath(major), ['lint', chartDir, '--strict', ...extra, '-f', values], { env, encoding: 'utf8' });
    }
  });
}
