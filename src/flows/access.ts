// After helm: the admin credentials (keycloak-admin-secret) and the API load balancer's address
// (api-lb-ext), watched until it appears: helm 4's --wait does not wait for it.
import type { V1Service, KubeConfig } from '@kubernetes/client-node';
import type { KubeApis } from '../kube/apis.ts';
import { isNotFound } from '../kube/connect.ts';
import { OBJECTS } from '../wallaroo/keys.ts';
import { FlowError, type EventBus } from './events.ts';

export interface AdminCredentials { user: string; password: string }

export async function readAdminCredentials(api: KubeApis, namespace: string): Promise<AdminCredentials | undefined> {
  try {
    const s = await api.core.readNamespacedSecret({ name: OBJECTS.adminSecret, namespace });
    const dec = (k: string) => (s.data?.[k] ? Buffer.from(s.data[k], 'base64').toString('utf8') : s.stringData?.[k]);
    const user = dec(OBJECTS.adminUserKey);
    const password = dec(OBJECTS.adminPasswordKey);
    return user && password ? { user, password } : undefined;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export type LbAddress = { ip?: string; hostname?: string };

export function serviceAddress(svc: V1Service | undefined): LbAddress | undefined {
  const ing = svc?.status?.loadBalancer?.ingress?.[0];
  if (!ing) return undefined;
  if (ing.hostname) return { hostname: ing.hostname };
  if (ing.ip) return { ip: ing.ip };
  return undefined;
}

export async function readApiService(api: KubeApis, namespace: string): Promise<V1Service | undefined> {
  try {
    return await api.core.readNamespacedService({ name: OBJECTS.apiService, namespace });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The port-forward command for ingress none (the port looked up by its name). */
export function portForwardCommand(svc: V1Service | undefined, namespace: string): string {
  const port = svc?.spec?.ports?.find((p) => p.name === OBJECTS.apiServicePortName) ?? svc?.spec?.ports?.[0];
  const remote = port?.port ?? 443;
  const local = remote < 1024 ? 8000 + remote : remote;
  return `kubectl port-forward --namespace ${namespace} service/${OBJECTS.apiService} ${local}:${remote}`;
}

/** A slow poll behind the watch, in case a watch connection drops without telling us. */
export const ADDRESS_POLL_MS = 5000;

/**
 * Waits for api-lb-ext's address: a watch on the Service (the address shows within
 * milliseconds of the cloud assigning it), a slow poll behind it, a deadline, and Ctrl-C.
 */
export async function waitForLoadBalancerAddress(
  api: KubeApis, kc: KubeConfig, namespace: string, timeoutMs: number, bus: EventBus, signal: AbortSignal,
): Promise<LbAddress> {
  const first = await readApiService(api, namespace);
  if (!first) throw new FlowError('E_NO_API_SERVICE', `service ${OBJECTS.apiService} does not exist in namespace ${namespace} after the install`, 'check that the chart version is a Wallaroo chart and that ingress mode is internal or external', 1);
  const now = serviceAddress(first);
  if (now) return now;
  bus.emit({ type: 'waiting', items: [{ kind: 'service', name: OBJECTS.apiService, reason: 'no load-balancer address yet', detail: `waiting up to ${Math.round(timeoutMs / 1000)}s` }] });
  const { Watch } = await import('@kubernetes/client-node');
  const watch = new Watch(kc);
  return new Promise<LbAddress>((resolve, reject) => {
    let done = false;
    let watchCtl: AbortController | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      watchCtl?.abort();
      fn();
    };
    const check = (svc: V1Service | undefined) => { const a = serviceAddress(svc); if (a) finish(() => resolve(a)); };
    const startWatch = async () => {
      if (done) return;
      try {
        watchCtl = await watch.watch(`/api/v1/namespaces/${namespace}/services`, { fieldSelector: `metadata.name=${OBJECTS.apiService}` },
          (_type, obj) => check(obj as V1Service),
          () => { if (!done) setTimeout(startWatch, 1000); });
        if (done) watchCtl.abort();
      } catch {
        if (!done) setTimeout(startWatch, 1000);
      }
    };
    const poll = setInterval(() => { readApiService(api, namespace).then(check, () => undefined); }, ADDRESS_POLL_MS);
    const deadline = setTimeout(() => finish(() => reject(new FlowError('E_LB_NO_ADDRESS', `the load balancer of service ${OBJECTS.apiService} got no address within ${Math.round(timeoutMs / 1000)}s`,
      `check the cloud load-balancer controller (on kurl: MetalLB or similar) and \`kubectl describe service ${OBJECTS.apiService} --namespace ${namespace}\`; Wallaroo itself is installed: run \`wallaroo-install status\` later for the address and DNS records`, 1))), timeoutMs);
    const onAbort = () => finish(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    void startWatch();
  });
}
