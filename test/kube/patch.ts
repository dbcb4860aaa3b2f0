// The four PATCH flavours clients send: JSON patch (client-node's default), JSON merge patch,
// strategic merge patch (helm 3 upgrades, kubectl) and server-side apply (helm 4, kubectl
// --server-side). Strategic merge and apply use the same table of list merge keys the Go types
// declare (patchMergeKey / listMapKeys); lists not in the table are replaced as a whole.

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const clone = <X>(v: X): X => (v === undefined ? v : structuredClone(v));

/** Merge key of a list field, looked up by field name (and a sample element when ambiguous). */
export function mergeKeyFor(field: string, sample?: any): string | undefined {
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env':
    case 'imagePullSecrets': case 'secrets':
      return 'name';
    case 'volumeMounts': case 'volumeDevices': return field === 'volumeMounts' ? 'mountPath' : 'devicePath';
    case 'ports':
      return isObj(sample) && 'containerPort' in sample ? 'containerPort' : 'port';
    case 'conditions': return 'type';
    case 'hostAliases': return 'ip';
    case 'ownerReferences': return 'uid';
    default: return undefined;
  }
}

/** RFC 7386. */
export function mergePatch(target: any, patch: any): any {
  if (!isObj(patch)) return clone(patch);
  const out: any = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Strategic merge patch, with the directives client-go's CreateTwoWayMergePatch emits. */
export function strategicMergePatch(target: any, patch: any): any {
  if (!isObj(patch)) return clone(patch);
  if (patch.$patch === 'replace') { const { $patch, ...rest } = patch; return clone(rest); }
  if (patch.$patch === 'delete') return undefined;
  const out: any = isObj(target) ? { ...target } : {};
  const retain: string[] | undefined = patch.$retainKeys;
  const orders: Record<string, any[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$setElementOrder/')) { orders[k.slice(17)] = v as any[]; continue; }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice(25);
      if (Array.isArray(out[f])) out[f] = out[f].filter((x: any) => !(v as any[]).includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    if (Array.isArray(v)) { out[k] = mergeList(k, out[k], v); continue; }
    out[k] = isObj(v) ? strategicMergePatch(out[k], v) : v;
    if (out[k] === undefined) delete out[k];
  }
  for (const [f, order] of Object.entries(orders)) {
    const key = mergeKeyFor(f, order[0]);
    if (!key || !Array.isArray(out[f])) continue;
    const rank = (e: any) => { const i = order.findIndex((o) => o?.[key] === e?.[key]); return i < 0 ? order.length : i; };
    out[f] = [...out[f]].sort((a, b) => rank(a) - rank(b));
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(field: string, cur: any, patch: any[]): any[] {
  const key = mergeKeyFor(field, patch.find(isObj));
  if (patch.some((e) => isObj(e) && e.$patch === 'replace')) return patch.filter((e) => !(isObj(e) && e.$patch)).map(clone);
  if (!key || !Array.isArray(cur) || !patch.every(isObj)) return clone(patch);
  const out = [...cur];
  for (const e of patch) {
    const i = out.findIndex((c) => isObj(c) && c[key] === e[key]);
    if (e.$patch === 'delete') { if (i >= 0) out.splice(i, 1); continue; }
    if (i >= 0) out[i] = strategicMergePatch(out[i], e);
    else out.push(strategicMergePatch({}, e));
  }
  return out;
}

/** RFC 6902. */
export function jsonPatch(target: any, ops: any[]): any {
  let doc = clone(target);
  const parse = (p: string) => p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parentOf = (path: string): [any, string] => {
    const parts = parse(path);
    const last = parts.pop()!;
    let o = doc;
    for (const p of parts) { o = o?.[p]; if (o === undefined) throw new Error(`path ${path} does not exist`); }
    return [o, last];
  };
  const read = (path: string) => parse(path).reduce((o, p) => (o == null ? undefined : o[p]), doc);
  const add = (path: string, value: any) => {
    if (path === '') { doc = value; return; }
    const [o, k] = parentOf(path);
    if (Array.isArray(o)) o.splice(k === '-' ? o.length : Number(k), 0, value); else o[k] = value;
  };
  const remove = (path: string) => {
    const [o, k] = parentOf(path);
    if (o == null || !(k in o)) throw new Error(`path ${path} does not exist`);
    if (Array.isArray(o)) o.splice(Number(k), 1); else delete o[k];
  };
  for (const op of ops) {
    switch (op.op) {
      case 'add': add(op.path, clone(op.value)); break;
      case 'remove': remove(op.path); break;
      case 'replace': remove(op.path); add(op.path, clone(op.value)); break;
      case 'move': { const v = read(op.from); remove(op.from); add(op.path, v); break; }
      case 'copy': add(op.path, clone(read(op.from))); break;
      case 'test':
        if (JSON.stringify(read(op.path)) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
        break;
      default: throw new Error(`unknown JSON patch op ${op.op}`);
    }
  }
  return doc;
}

/**
 * Server-side apply, simplified: merge the applied config into the live object, then drop
 * fields this manager applied last time but no longer sets (that is how SSA removes a key or a
 * container). Ownership conflicts between managers are not modelled.
 */
export function serverSideApply(live: any, applied: any, previous: any): any {
  const merged = applyMerge(live, applied, '');
  return previous === undefined ? merged : dropStale(merged, previous, applied, '');
}

function applyMerge(live: any, applied: any, field: string): any {
  if (Array.isArray(applied)) {
    const key = mergeKeyFor(field, applied.find(isObj));
    if (!key || !Array.isArray(live)) return clone(applied);
    return applied.map((e) => {
      const cur = live.find((c: any) => isObj(c) && c[key] === e?.[key]);
      return cur ? applyMerge(cur, e, '') : clone(e);
    });
  }
  if (!isObj(applied)) return clone(applied);
  const out: any = isObj(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(applied)) out[k] = v === null ? undefined : applyMerge(out[k], v, k);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function dropStale(obj: any, prev: any, next: any, field: string): any {
  if (isObj(obj) && isObj(prev)) {
    const out = { ...obj };
    for (const k of Object.keys(prev)) {
      if (!isObj(next) || !(k in next)) delete out[k];
      else if (k in out) out[k] = dropStale(out[k], prev[k], next[k], k);
    }
    return out;
  }
  if (Array.isArray(obj) && Array.isArray(prev) && Array.isArray(next)) {
    const key = mergeKeyFor(field, next.find(isObj) ?? prev.find(isObj));
    if (!key) return obj;
    return obj.map((e) => {
      const p = prev.find((x) => x?.[key] === e?.[key]), n = next.find((x) => x?.[key] === e?.[key]);
      return p && n ? dropStale(e, p, n, '') : e;
    });
  }
  return obj;
}
