// Switching one service on or off in the wizard, with the contract's dependencies enforced at
// once and explained: turning orchestration on turns nats and arbEx on; turning nats off turns
// off what needs it; pipelines cannot go on without an edge registry.
import type { ServiceId } from '../config/schema.ts';
import { effectiveServices, serviceDefaults, SERVICE_LABELS, SERVICE_NEEDS } from '../wallaroo/services.ts';

type Inputs = Parameters<typeof effectiveServices>[0];
export type ServiceOverrides = Partial<Record<ServiceId, boolean>>;

export interface ToggleResult {
  services: ServiceOverrides;
  /** Why other services moved too, or why the toggle was refused. */
  note?: string;
  refused?: boolean;
}

const names = (ids: ServiceId[]) => ids.join(ids.length === 2 ? ' and ' : ', ');

/** Services that need `id` (directly or through another service). */
function dependants(id: ServiceId): ServiceId[] {
  const out = new Set<ServiceId>();
  const walk = (x: ServiceId) => {
    for (const [s, n] of Object.entries(SERVICE_NEEDS) as [ServiceId, { services?: ServiceId[] }][]) {
      if (n.services?.includes(x) && !out.has(s)) { out.add(s); walk(s); }
    }
  };
  walk(id);
  return [...out];
}

/** Services `id` needs (transitively). */
function needs(id: ServiceId): ServiceId[] {
  const out = new Set<ServiceId>();
  const walk = (x: ServiceId) => { for (const n of SERVICE_NEEDS[x]?.services ?? []) if (!out.has(n)) { out.add(n); walk(n); } };
  walk(id);
  return [...out];
}

export function toggleService(a: Inputs, id: ServiceId, on?: boolean): ToggleResult {
  const eff = effectiveServices(a);
  const want = on ?? !eff[id];
  const current: ServiceOverrides = { ...(a.services ?? {}) };
  if (eff[id] === want) return { services: current };
  const defaults = serviceDefaults(a);
  const set = (s: ServiceId, v: boolean) => { if (defaults[s] === v) delete current[s]; else current[s] = v; };

  if (want) {
    if (SERVICE_NEEDS[id]?.edgeRegistry && !a.registries?.edge) {
      return { services: { ...(a.services ?? {}) }, refused: true,
        note: `${SERVICE_LABELS[id]} need an edge OCI registry: add one in the Registries step (Esc goes back), then turn this on` };
    }
    const also = needs(id).filter((n) => !eff[n]);
    set(id, true);
    for (const n of also) set(n, true);
    return { services: current, note: also.length ? `${id} needs ${names(needs(id))}: turned ${names(also)} on too` : undefined };
  }
  const also = dependants(id).filter((d) => eff[d]);
  set(id, false);
  for (const d of also) set(d, false);
  return { services: current, note: also.length ? `${names(also)} need${also.length === 1 ? 's' : ''} ${id}: turned ${also.length === 1 ? 'it' : 'them'} off too` : undefined };
}
