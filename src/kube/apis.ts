// The typed API clients the flows use, made once per run from the kubeconfig. Every failed call
// carries its server, context and request (kube/errors.ts), so that any error can be explained.
import type { KubeTarget } from './connect.ts';
import { annotateKubeErrors } from './errors.ts';

export async function kubeApis(t: KubeTarget) {
  const k = await import('./client-node.ts');
  const info = { server: t.server, context: t.context, source: t.source };
  const make = <T extends object>(c: new (...a: any[]) => T) => annotateKubeErrors(t.kc.makeApiClient(c as any) as T, info);
  return {
    core: make(k.CoreV1Api),
    apps: make(k.AppsV1Api),
    batch: make(k.BatchV1Api),
    storage: make(k.StorageV1Api),
    authz: make(k.AuthorizationV1Api),
    version: make(k.VersionApi),
  };
}

export type KubeApis = Awaited<ReturnType<typeof kubeApis>>;
