// The load balancer's address around helm: watched from the moment helm starts and shown (an
// `address` event) the moment the cloud assigns it, while helm may still run; then the address
// step. Waiting is bounded by the install's helm timeout counted from helm's start, or by
// --lb-timeout: the same with helm 3 and 4. helm 3's --wait waits for the address too, so past
// --lb-timeout it is stopped once the address is all it still waits for.
import type { KubeRest } from '../kube/rest.ts';
import type { KubeApis } from '../kube/apis.ts';
import { OBJECTS } from '../wallaroo/keys.ts';
import { FlowError, type EventBus } from './events.ts';
import { awaitAddress, noAddressError, readApiService, watchLoadBalancerAddress, type LbAddress } from './access.ts';
import { diagnose } from './diagnose.ts';

export interface AddressWait {
  /** For helm: aborted (with E_LB_NO_ADDRESS) when helm 3 should stop waiting. */
  readonly helmStop: AbortSignal;
  /** helm has ended: no more reason to stop it. */
  helmDone(): void;
  /** The address step: the address, or why there is none. */
  step(signal: AbortSignal): Promise<LbAddress>;
  stop(): void;
}

export function startAddressWait(
  bus: EventBus, api: KubeApis, rest: KubeRest, namespace: string,
  o: { helmMajor: number; helmTimeoutMs: number; lbTimeoutMs?: number },
): AddressWait {
  const start = Date.now();
  const waitMs = o.lbTimeoutMs ?? o.helmTimeoutMs;
  const watch = watchLoadBalancerAddress(api, rest, namespace, (address) => bus.emit({ type: 'address', service: OBJECTS.apiService, namespace, address }));
  const helmStop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;
  if (o.helmMajor === 3 && o.lbTimeoutMs !== undefined) {
    timer = setTimeout(() => {
      const look = () => diagnose(api, namespace, { expectLoadBalancer: true }).then((d) => {
        if (d.items.length && d.items.every((i) => i.kind === 'service' && i.name === OBJECTS.apiService)) {
          helmStop.abort(noAddressError(namespace, waitMs, ' (--lb-timeout); helm 3 waits for it as well'));
        }
      }, () => undefined);
      void look();
      interval = setInterval(look, 1000);
    }, waitMs);
  }
  const helmDone = () => { clearTimeout(timer); clearInterval(interval); };
  return {
    helmStop: helmStop.signal,
    helmDone,
    stop: () => { helmDone(); watch.stop(); },
    async step(signal) {
      try {
        const early = await Promise.race([watch.address, Promise.resolve(undefined)]);
        if (early) return early;
        if (!(await readApiService(api, namespace))) {
          throw new FlowError('E_NO_API_SERVICE', `service ${OBJECTS.apiService} does not exist in namespace ${namespace} after the install`, 'check that the chart version is a Wallaroo chart and that ingress mode is internal or external', 1);
        }
        const left = Math.max(0, start + waitMs - Date.now());
        bus.emit({ type: 'waiting', items: [{ kind: 'service', name: OBJECTS.apiService, reason: 'no load-balancer address yet', detail: `waiting up to ${Math.round(left / 1000)}s more` }] });
        return await awaitAddress(watch, namespace, start + waitMs, waitMs, signal);
      } finally {
        watch.stop();
      }
    },
  };
}
