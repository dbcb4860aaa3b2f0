// An end-to-end stage: a fresh fake Kubernetes API, the stand-in chart packaged as an archive,
// a preset that installs it, and the environment that points the real CLI, helm and kubectl at
// all of it (isolated helm dirs, state home, kubeconfig).
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from '../kube/server.ts';
import { helmPath, isolatedHelmEnv, kubectlPath, repoRoot, scratchDir, type HelmMajor } from './tools.ts';

export interface Stage {
  dir: string;
  kube: FakeKube;
  env: Record<string, string>;
  chartArchive: string;
  writePreset(body: string, name?: string): string;
  /** Async on purpose: the fake API runs in this process, so a sync child would deadlock it. */
  helm(args: string[]): Promise<string>;
  kubectl(args: string[]): Promise<string>;
  close(): Promise<void>;
}

const run = promisify(execFile);

export const chartDir = join(repoRoot, 'test', 'chart', 'wallaroo');

export async function stage(major: HelmMajor, opts: Omit<FakeKubeOptions, 'dir'> = {}): Promise<Stage> {
  const dir = scratchDir(`e2e-h${major}`);
  const kube = await startFakeKube({ dir, ...opts });
  const env: Record<string, string> = {
    ...isolatedHelmEnv(dir, kube.kubeconfigPath),
    WALLAROO_INSTALL_HELM: helmPath(major),
    WALLAROO_INSTALL_HOME: join(dir, 'home'),
    WALLAROO_INSTALL_POLL_MS: '300',
    HOME: join(dir, 'home'),
  };
  const procEnv = { ...process.env, ...env };
  execFileSync(helmPath(major), ['package', chartDir, '--destination', dir], { env: procEnv });
  const chartArchive = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
  return {
    dir, kube, env, chartArchive,
    writePreset(body, name = 'preset.yaml') {
      const p = join(dir, name);
      writeFileSync(p, body.replace('CHART_ARCHIVE', chartArchive));
      return p;
    },
    helm: async (args) => (await run(helmPath(major), args, { env: procEnv, encoding: 'utf8' })).stdout,
    kubectl: async (args) => (await run(kubectlPath(), args, { env: procEnv, encoding: 'utf8' })).stdout,
    close: () => kube.close(),
  };
}

export const PRESET = `apiVersion: wallaroo-install/v1
chart:
  archive: CHART_ARCHIVE
distribution: eks
ingress: internal
domain:
  prefix: wallaroo
  suffix: example.com
size: 16
`;
