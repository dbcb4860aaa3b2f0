// Paths to the real binaries unpacked by scripts/fetch-tools.mjs (run by `npm test`'s pretest).
import { existsSync, mkdtempSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type HelmMajor = 3 | 4;
export const helmMajors: HelmMajor[] = [3, 4];

export function helmPath(major: HelmMajor): string {
  const p = join(repoRoot, '.tools', `helm-${major}`, 'helm');
  if (!existsSync(p)) throw new Error(`${p} missing: run \`npm run tools\` first`);
  return p;
}

export function kubectlPath(): string {
  const p = join(repoRoot, '.tools', 'helm-4', 'kubectl');
  if (!existsSync(p)) throw new Error(`${p} missing: run \`npm run tools\` first`);
  return p;
}

/** A scratch folder under .test-tmp/ (ignored by git), unique per call. */
export function scratchDir(prefix: string): string {
  const base = join(repoRoot, '.test-tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** Environment that isolates helm's config, cache and data dirs inside `dir`. */
export function isolatedHelmEnv(dir: string, kubeconfig?: string): Record<string, string> {
  const env: Record<string, string> = {
    HELM_CONFIG_HOME: join(dir, 'helm-config'),
    HELM_CACHE_HOME: join(dir, 'helm-cache'),
    HELM_DATA_HOME: join(dir, 'helm-data'),
    KUBECACHEDIR: join(dir, 'kube-cache'),
  };
  if (kubeconfig) env.KUBECONFIG = kubeconfig;
  return env;
}
