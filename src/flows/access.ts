// The admin credentials (keycloak-admin-secret) and the API load balancer's address
// (api-lb-ext), watched from the moment helm starts until it appears: helm 4's --wait does not
// wait for it, and helm 3 only looks every 2 s.
import type { V1Service } from '@kubernetes/client-node';
import type { KubeRest } from '../kube/rest.ts';
import type { KubeApis } from '../kube/apis.ts';
import { isNotFound } from '../kube/connect.ts';
import { OBJECTS } from '../wallaroo/keys.ts';
import { FlowError } from './events.ts';
import type { Endpoint } from '../wallaroo/domain.ts';

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

/** The port-forward for ingress none: the command (the port looked up by its name) and the local port. */
export function portForward(svc: V1Service | undefined, namespace: string): { command: string; localPort: number } {
  const port = svc?.spec?.ports?.find((p) => p.name === OBJECTS.apiServicePortName) ?? svc?.spec?.ports?.[0];
  const remote = port?.port ?? 443;
  const local = remote < 1024 ? 8000 + remote : remote;
  return { command: `kubectl port-forward --namespace ${namespace} service/${OBJECTS.apiService} ${local}:${remote}`, localPort: local };
}

export function portForwardCommand(svc: V1Service | undefined, namespace: string): string {
  return portForward(svc, namespace).command;
}

/** The URLs as they are reached through the port-forward: same names, the forwarded port. */
export function forwardedEndpoints(eps: Endpoint[], localPort: number): Endpoint[] {
  return eps.map((e) => ({ ...e, url: e.url.replace(/^(https?:\/\/[^/:]+)(:\d+)?/, `$1:${localPort}`) }));
}

/** A slow poll behind the watch, in case a watch connection drops without telling us. */
export const ADDRESS_POLL_MS = 5000;

export interface AddressWatch {
  /** Resolves with the address once seen; with undefined when stopped first. Never rejects. */
  readonly address: Promise<LbAddress | undefined>;
  stop(): void;
}

/**
 * Watches api-lb-ext for its load-balancer address, from before helm creates the Service until
 * it has one: a watch (the address shows within milliseconds of the cloud assigning it) with a
 * slow poll behind it. `onAddress` runs once, as soon as the address is seen.
 */
export function watchLoadBalancerAddress(api: KubeApis, rest: KubeRest, namespace: string, onAddress?: (a: LbAddress) => void): AddressWatch {
  let done = false;
  let watchCtl: { abort(): void } | undefined;
  let retry: NodeJS.Timeout | undefined;
  let resolveAddress!: (a: LbAddress | undefined) => void;
  const address = new Promise<LbAddress | undefined>((r) => { resolveAddress = r; });
  const finish = (a: LbAddress | undefined) => {
    if (done) return;
    done = true;
    clearInterval(poll);
    clearTimeout(retry);
    watchCtl?.abort();
    if (a) onAddress?.(a);
    resolveAddress(a);
  };
  const check = (svc: V1Service | undefined) => { const a = serviceAddress(svc); if (a) finish(a); };
  const again = () => { if (!done) retry = setTimeout(startWatch, 1000); };
  const startWatch = async () => {
    if (done) return;
    try {
      const ctl = await rest.watch(`/api/v1/namespaces/${encodeURIComponent(namespace)}/services`, { fieldSelector: `metadata.name=${OBJECTS.apiService}` },
        (_type, obj) => check(obj as V1Service), () => again());
      if (done) ctl.abort();
      else watchCtl = ctl;
    } catch {
      again();
    }
  };
  const poll = setInterval(() => { readApiService(api, namespace).then(check, () => undefined); }, ADDRESS_POLL_MS);
  void startWatch();
  return { address, stop: () => finish(undefined) };
}

export function noAddressError(namespace: string, waitedMs: number, extra = ''): FlowError {
  return new FlowError('E_LB_NO_ADDRESS', `the load balancer of service ${OBJECTS.apiService} got no address within ${Math.round(waitedMs / 1000)}s${extra}`,
    `check the cloud load-balancer controller (on kurl: MetalLB or similar) and \`kubectl describe service ${OBJECTS.apiService} --namespace ${namespace}\`; Wallaroo itself is installed: run \`wallaroo-install status\` later for the address and DNS records`, 1);
}

/** The address from a running watch, or E_LB_NO_ADDRESS at `deadline` (epoch ms), or the abort reason. */
export async function awaitAddress(watch: AddressWatch, namespace: string, deadline: number, waitedMs: number, signal: AbortSignal): Promise<LbAddress> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const a = await Promise.race([
      watch.address,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(noAddressError(namespace, waitedMs)), Math.max(0, deadline - Date.now())); }),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    if (!a) throw noAddressError(namespace, waitedMs);
    return a;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
