// The API calls the flows make, bound once per run to the cluster (typed.ts over rest.ts). Every
// failed call carries its server, context and request (kube/errors.ts), so that any error can be
// explained.
import type { KubeTarget } from './connect.ts';
import { annotateKubeErrors } from './errors.ts';
import { typedApis } from './typed.ts';

export function kubeApis(t: KubeTarget) {
  const info = { server: t.server, context: t.context, source: t.source };
  const a = typedApis(t.rest);
  return {
    core: annotateKubeErrors(a.core, info),
    apps: annotateKubeErrors(a.apps, info),
    batch: annotateKubeErrors(a.batch, info),
    storage: annotateKubeErrors(a.storage, info),
    authz: annotateKubeErrors(a.authz, info),
    version: annotateKubeErrors(a.version, info),
    coordination: annotateKubeErrors(a.coordination, info),
  };
}

export type KubeApis = ReturnType<typeof kubeApis>;
