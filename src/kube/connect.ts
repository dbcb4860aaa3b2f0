// Finding the cluster: which kubeconfig, which context, which server. client-node's
// loadFromDefault() silently targets http://localhost:8080 when there is no kubeconfig at all,
// so we look for one ourselves first and say plainly when there is none.
import { reuseConnections } from './reuse-connections.ts';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { FlowError } from '../util/flow-error.ts';
import { checkInputFile, InputFileError, INPUT_LIMITS } from '../util/read-input.ts';
import { escapeControl, showPath } from '../util/escape.ts';

/** A kubeconfig must be a regular file of sane size: client-node would read /dev/zero forever. */
function checkKubeconfigFile(path: string, what: string): void {
  try { checkInputFile(path, { field: what, limit: INPUT_LIMITS.kubeconfig }); } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new FlowError('E_BAD_KUBECONFIG', `${what} ${showPath(path)} cannot be used: ${e.reason}`,
      e.errno === 'ENOENT' ? 'pass the path of your kubeconfig file' : e.fix, 2);
  }
}

export interface KubeTarget {
  kc: KubeConfig;
  /** kubeconfig file(s) used, or "in-cluster". */
  source: string;
  /** For child processes (helm): KUBECONFIG to set, if any. */
  kubeconfigEnv?: string;
  context: string;
  cluster: string;
  server: string;
}

export async function connectKube(opts: { kubeconfig?: string; context?: string }, env = process.env): Promise<KubeTarget> {
  const { KubeConfig } = await import('./client-node.ts');
  const kc = reuseConnections(new KubeConfig());
  let source: string;
  let kubeconfigEnv: string | undefined;
  const inCluster = env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');
  try {
    if (opts.kubeconfig) {
      if (!existsSync(opts.kubeconfig)) {
        throw new FlowError('E_NO_KUBECONFIG', `--kubeconfig ${showPath(opts.kubeconfig)} does not exist`, 'pass the path of your kubeconfig file', 2);
      }
      checkKubeconfigFile(opts.kubeconfig, '--kubeconfig');
      kc.loadFromFile(opts.kubeconfig);
      source = kubeconfigEnv = opts.kubeconfig;
    } else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(delimiter).filter(Boolean);
      if (!files.some((f) => existsSync(f))) {
        throw new FlowError('E_NO_KUBECONFIG', `KUBECONFIG names ${files.map(showPath).join(', ')}, and none of these files exists`, 'point KUBECONFIG (or --kubeconfig) at your kubeconfig file', 2);
      }
      for (const f of files) if (existsSync(f)) checkKubeconfigFile(f, 'the kubeconfig (from KUBECONFIG)');
      kc.loadFromDefault();
      source = kubeconfigEnv = env.KUBECONFIG;
    } else if (existsSync(join(homedir(), '.kube', 'config'))) {
      source = kubeconfigEnv = join(homedir(), '.kube', 'config');
      checkKubeconfigFile(source, 'the kubeconfig');
      kc.loadFromFile(source);
    } else if (inCluster) {
      kc.loadFromCluster();
      source = 'in-cluster';
    } else {
      throw new FlowError('E_NO_KUBECONFIG', 'no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist',
        'get credentials for the cluster first (aws eks update-kubeconfig, az aks get-credentials, gcloud container clusters get-credentials, oci ce cluster create-kubeconfig, or kurl\'s admin.conf), or pass --kubeconfig FILE', 2);
    }
  } catch (e) {
    if (e instanceof FlowError) throw e;
    throw new FlowError('E_BAD_KUBECONFIG', `the kubeconfig cannot be read: ${escapeControl((e as Error).message, { oneLine: true })}`, 'check the file with `kubectl config view`', 2);
  }
  if (opts.context) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      throw new FlowError('E_NO_CONTEXT', `context "${escapeControl(opts.context, { oneLine: true })}" is not in ${showPath(source)}`, `use one of: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`, 2);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new FlowError('E_NO_CONTEXT', `the kubeconfig ${showPath(source)} has no current context`, 'pick one with --context NAME or `kubectl config use-context NAME`', 2);
  }
  return { kc, source, kubeconfigEnv, context: kc.getCurrentContext(), cluster: cluster.name, server: cluster.server };
}

/** A short reason for a client-node failure; see kube/errors.ts for the full explanation. */
export { kubeErrorReason } from './errors.ts';

export function isNotFound(e: unknown): boolean {
  return (e as { code?: number })?.code === 404;
}
