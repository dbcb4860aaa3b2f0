// The typed API clients the flows use, made once per run from the kubeconfig.
import type { KubeTarget } from './connect.ts';

export async function kubeApis(t: KubeTarget) {
  const k = await import('@kubernetes/client-node');
  return {
    core: t.kc.makeApiClient(k.CoreV1Api),
    apps: t.kc.makeApiClient(k.AppsV1Api),
    batch: t.kc.makeApiClient(k.BatchV1Api),
    storage: t.kc.makeApiClient(k.StorageV1Api),
    authz: t.kc.makeApiClient(k.AuthorizationV1Api),
    version: t.kc.makeApiClient(k.VersionApi),
  };
}

export type KubeApis = Awaited<ReturnType<typeof kubeApis>>;
