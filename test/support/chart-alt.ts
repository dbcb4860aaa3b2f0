// The second stand-in chart (test/chart-alt) and the shipped presets rewritten to use a
// packaged chart, for tests that render or install them against it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { helmPath, repoRoot, type HelmMajor } from './tools.ts';

export const altChartDir = join(repoRoot, 'test', 'chart-alt', 'wallaroo');
export const presetsDir = join(repoRoot, 'presets');
export const presets = readdirSync(presetsDir).filter((f) => f.endsWith('.yaml'));
export const PRESET_ENV = { WALLAROO_LICENSE_ID: 'license-id-0001', ACR_PASSWORD: 'acr-pw-0002', ENTRA_CLIENT_SECRET: 'entra-0003', ECR_PASSWORD: 'ecr-pw-0004', REGISTRY_PASSWORD: 'reg-pw-0005' };

/** Packages the chart into `dir` and returns the archive's path. */
export function packageChart(major: HelmMajor, chart: string, dir: string, env: Record<string, string>): string {
  const out = join(dir, `pkg-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out);
  execFileSync(helmPath(major), ['package', chart, '--destination', out], { env: { ...process.env, ...env } });
  return join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
}

/** A shipped preset, rewritten to install `archive`, beside the files it names. */
export function presetFor(name: string, dir: string, archive: string): string {
  const text = readFileSync(join(presetsDir, name), 'utf8').replace(/^chart:\n(?: {2}.*\n)+/m, `chart:\n  archive: ${archive}\n`);
  mkdirSync(join(dir, 'tls'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.crt'), join(dir, 'tls/wallaroo.crt'));
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(dir, 'tls/wallaroo.key'));
  writeFileSync(join(dir, 'image-values.yaml'), 'imageRegistry: registry.example.internal:5000/wallaroo\ntag: "2025.2.0"\n');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
