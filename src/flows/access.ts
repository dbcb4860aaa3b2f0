// After helm: the admin credentials (keycloak-admin-secret) and the API load balancer's address
// (api-lb-ext), watched until it appears: helm 4's --wait does not wait for it.
import type { V1Service } from '@kubernetes/client-node';
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

export const ADDRESS_POLL_MS = 500;

export async function waitForLoadBalancerAddress(
  api: KubeApis, namespace: string, timeoutMs: number, bus: EventBus, signal: AbortSignal,
): Promise<LbAddress> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const svc = await readApiService(api, namespace);
    const addr = serviceAddress(svc);
    if (addr) return addr;
    if (!svc) throw new FlowError('E_NO_API_SERVICE', `service ${OBJECTS.apiService} does not exist in namespace ${namespace} after the install`, 'check that the chart version is a Wallaroo chart and that ingress mode is internal or external', 1);
    if (Date.now() >= deadline) {
      throw new FlowError('E_LB_NO_ADDRESS', `the load balancer of service ${OBJECTS.apiService} got no address within ${Math.round(timeoutMs / 1000)}s`,
        `check the cloud load-balancer controller (on kurl: MetalLB or similar) and \`kubectl describe service ${OBJECTS.apiService} --namespace ${namespace}\`; Wallaroo itself is installed: run \`wallaroo-install status\` later for the address and DNS records`, 1);
    }
    if (!announced) {
      bus.emit({ type: 'waiting', items: [{ kind: 'service', name: OBJECTS.apiService, reason: 'no load-balancer address yet', detail: `waiting up to ${Math.round(timeoutMs / 1000)}s` }] });
      announced = true;
    }
    await new Promise<void>((r) => {
      const t = setTimeout(r, Math.min(ADDRESS_POLL_MS, Math.max(0, deadline - Date.now())));
      signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true });
    });
  }
}
