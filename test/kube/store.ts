// Object storage with one resourceVersion counter and an event log, like etcd behind the
// apiserver. Every write gets the next resourceVersion and an event, so a client can LIST, then
// WATCH from the list's resourceVersion and see everything that happened in between.
//
// Deletion follows the apiserver: an object with finalizers (metadata.finalizers, a Namespace's
// spec.finalizers, `foregroundDeletion` for propagationPolicy=Foreground) only gets a
// deletionTimestamp and stays until whoever owns the finalizers removes them (controllers.ts runs
// the namespace, PVC-protection, CRD-cleanup and foreground GC controllers); the write that
// removes the last one deletes it and garbage-collects its dependents.
import { randomUUID } from 'node:crypto';
import { type Registry, type ResourceInfo, storageKey, apiVersionOf, builtinResources } from './resources.ts';
import { clone } from './patch.ts';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoreEvent { rv: number; type: EventType; skey: string; obj: any; prev?: any }

export class ApiError extends Error {
  constructor(public code: number, public reason: string, message: string, public details?: Record<string, unknown>) {
    super(message);
  }
}
export const notFound = (ri: ResourceInfo, name: string) =>
  new ApiError(404, 'NotFound', `${ri.plural}${ri.group ? '.' + ri.group : ''} "${name}" not found`, { name, group: ri.group, kind: ri.plural });
export const invalid = (ri: ResourceInfo, name: string, causes: string[]) =>
  new ApiError(422, 'Invalid', `${ri.kind} "${name}" is invalid: ${causes.length > 1 ? `[${causes.join(', ')}]` : causes[0]}`,
    { name, group: ri.group, kind: ri.kind });

/** Admission: defaulting and validation (defaults.ts). May change `obj` in place. */
export type Admit = (ri: ResourceInfo, obj: any, old: any | undefined) => void;

export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** JSON with sorted keys, to compare objects whatever order their keys were written in. */
export function canon(v: any): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * `canon(a) === canon(b)` without building either string: the controllers' passes write every
 * object back on each pass, and comparing them as canonical strings took half of each pass
 * (a pass blocked the API for 25–30 ms, 50 times in one install). Same rules as canon: keys
 * holding undefined are absent, key order does not count, values compare as JSON does.
 */
export function sameJson(a: any, b: any): boolean {
  if (a === b) return true;
  const ao = a !== null && typeof a === 'object', bo = b !== null && typeof b === 'object';
  if (!ao || !bo) return !ao && !bo && canon(a) === canon(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  let n = 0;
  for (const k of Object.keys(a)) {
    if (a[k] === undefined) continue;
    // Absent (or undefined) in b while present in a: canon writes the key on one side only.
    if (b[k] === undefined || !sameJson(a[k], b[k])) return false;
    n++;
  }
  for (const k of Object.keys(b)) if (b[k] !== undefined) n--;
  return n === 0;
}

const sameWithoutMetaStatus = (a: any, b: any) => {
  const { metadata: _am, status: _as, ...ra } = a;
  const { metadata: _bm, status: _bs, ...rb } = b;
  return sameJson(ra, rb);
};
const sameIgnoringRv = (a: any, b: any) =>
  sameJson({ ...a, metadata: { ...a.metadata, resourceVersion: '' } }, { ...b, metadata: { ...b.metadata, resourceVersion: '' } });

export interface WriteOpts {
  dryRun?: boolean;
  subresource?: string;
  /** Controllers and seeding write spec and status together and skip resourceVersion checks. */
  controller?: boolean;
  /** Seeding: keep a given uid / creationTimestamp (e.g. an old Event). */
  keepMeta?: boolean;
}

export class Store {
  rv = 1;
  readonly log: StoreEvent[] = [];
  private buckets = new Map<string, Map<string, any>>();
  private listeners = new Set<(e: StoreEvent) => void>();
  /** Last config each field manager applied (server-side apply), by object. */
  readonly applied = new Map<string, any>();
  /** Container logs by `namespace/pod`. */
  readonly podLogs = new Map<string, string>();

  constructor(readonly registry: Registry, private admit: Admit) {}

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private bucket(ri: ResourceInfo) {
    const k = storageKey(ri);
    let b = this.buckets.get(k);
    if (!b) this.buckets.set(k, (b = new Map()));
    return b;
  }
  private id = (ri: ResourceInfo, ns: string | undefined, name: string) => `${ri.namespaced ? ns ?? '' : ''}/${name}`;
  /** Stored objects carry the version they were written with; hand them out as the one asked for. */
  private view = (ri: ResourceInfo, o: any) => (o ? { ...clone(o), apiVersion: apiVersionOf(ri), kind: ri.kind } : undefined);

  get(ri: ResourceInfo, ns: string | undefined, name: string): any | undefined {
    return this.view(ri, this.bucket(ri).get(this.id(ri, ns, name)));
  }

  list(ri: ResourceInfo, ns?: string): any[] {
    const out: any[] = [];
    for (const [id, o] of this.bucket(ri)) if (!ns || !ri.namespaced || id.startsWith(`${ns}/`)) out.push(this.view(ri, o));
    return out.sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
  }

  private commit(ri: ResourceInfo, type: EventType, obj: any, prev?: any) {
    const rv = ++this.rv;
    if (type !== 'DELETED') obj.metadata.resourceVersion = String(rv);
    const stored = clone(obj);
    const b = this.bucket(ri), id = this.id(ri, obj.metadata.namespace, obj.metadata.name);
    if (type === 'DELETED') b.delete(id); else b.set(id, stored);
    if (ri.kind === 'CustomResourceDefinition' && ri.group === 'apiextensions.k8s.io') this.registry.syncCrd(stored, type !== 'DELETED');
    const ev: StoreEvent = { rv, type, skey: storageKey(ri), obj: { ...stored, metadata: { ...stored.metadata, resourceVersion: String(rv) } }, prev };
    this.log.push(ev);
    if (this.log.length > 100_000) this.log.splice(0, 10_000);
    for (const l of this.listeners) l(ev);
    return this.view(ri, stored);
  }

  create(ri: ResourceInfo, input: any, opts: WriteOpts = {}): any {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(ri);
    obj.kind = ri.kind;
    const md = (obj.metadata ??= {});
    if (!md.name && md.generateName) md.name = md.generateName + randomSuffix();
    if (!md.name) throw invalid(ri, '', ['metadata.name: Required value: name or generateName is required']);
    if (!ri.namespaced) delete md.namespace;
    else {
      const ns = this.get(this.registry.byKind('v1', 'Namespace')!, undefined, md.namespace);
      if (!ns) throw new ApiError(404, 'NotFound', `namespaces "${md.namespace}" not found`, { name: md.namespace, kind: 'namespaces' });
      if (ns.metadata.deletionTimestamp && !opts.dryRun) {
        throw new ApiError(403, 'Forbidden', `${ri.plural}${ri.group ? '.' + ri.group : ''} "${md.name}" is forbidden: unable to create new content in namespace ${md.namespace} because it is being terminated`,
          { name: md.name, group: ri.group, kind: ri.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${md.namespace} is being terminated`, field: 'metadata.namespace' }] });
      }
    }
    const crd = this.crdOf(ri);
    if (crd?.metadata.deletionTimestamp) {
      throw new ApiError(405, 'MethodNotAllowed', `create not allowed while custom resource definition is terminating`);
    }
    if (this.bucket(ri).has(this.id(ri, md.namespace, md.name))) {
      throw new ApiError(409, 'AlreadyExists', `${ri.plural}${ri.group ? '.' + ri.group : ''} "${md.name}" already exists`,
        { name: md.name, group: ri.group, kind: ri.plural });
    }
    Object.assign(md, {
      uid: (opts.keepMeta && md.uid) || randomUUID(),
      creationTimestamp: (opts.keepMeta && md.creationTimestamp) || nowIso(),
      generation: 1,
    });
    delete md.resourceVersion;
    delete md.deletionTimestamp;
    this.admit(ri, obj, undefined);
    if (opts.dryRun) return { ...obj, metadata: { ...md, resourceVersion: String(this.rv) } };
    return this.commit(ri, 'ADDED', obj);
  }

  update(ri: ResourceInfo, input: any, opts: WriteOpts = {}): any {
    const obj = clone(input);
    const md = obj.metadata ?? {};
    const old = this.get(ri, md.namespace, md.name);
    if (!old) throw notFound(ri, md.name);
    if (!opts.controller && md.resourceVersion && md.resourceVersion !== old.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${ri.plural} "${md.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: md.name, group: ri.group, kind: ri.plural });
    }
    let next: any;
    if (opts.subresource === 'status') next = { ...old, status: obj.status };
    else {
      next = { ...obj, apiVersion: apiVersionOf(ri), kind: ri.kind };
      if (ri.hasStatus && !opts.controller) next.status = old.status;
      if (next.status === undefined) delete next.status;
    }
    next.metadata = {
      ...(opts.subresource === 'status' ? old.metadata : md),
      uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp,
      namespace: old.metadata.namespace, name: old.metadata.name,
      generation: old.metadata.generation ?? 1,
    };
    if (!ri.namespaced) delete next.metadata.namespace;
    if (old.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      next.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      const added = (next.metadata.finalizers ?? []).filter((f: string) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length) {
        throw new ApiError(422, 'Invalid', `${ri.kind} "${md.name}" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f: string) => JSON.stringify(f)).join(', ')}}`,
          { name: md.name, group: ri.group, kind: ri.kind });
      }
    } else {
      delete next.metadata.deletionTimestamp;
      delete next.metadata.deletionGracePeriodSeconds;
    }
    if (!sameWithoutMetaStatus(next, old)) next.metadata.generation++;
    this.admit(ri, next, old);
    if (sameIgnoringRv(next, old)) return old;   // a no-op write keeps its resourceVersion
    if (opts.dryRun) return next;
    if (old.metadata.deletionTimestamp && !pendingFinalizers(next).length) {
      // The last finalizer is gone: the object goes now, as its delete asked.
      this.commit(ri, 'MODIFIED', next, old);
      return this.remove(ri, this.get(ri, md.namespace, md.name), 'Background');
    }
    return this.commit(ri, 'MODIFIED', next, old);
  }

  /**
   * DELETE: an object with finalizers (or Foreground propagation with dependents) is only marked
   * (deletionTimestamp; a Namespace turns Terminating); otherwise it goes at once and its
   * dependents are garbage-collected unless propagation is Orphan.
   */
  delete(ri: ResourceInfo, ns: string | undefined, name: string, propagation = 'Background', opts: WriteOpts = {}): any {
    const old = this.get(ri, ns, name);
    if (!old) throw notFound(ri, name);
    if (opts.dryRun) return old;
    if (old.metadata.deletionTimestamp) return old;   // already being deleted: nothing changes
    if (propagation === 'Orphan') this.orphan(old);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (propagation === 'Foreground' && this.dependents(old).length) finalizers.push('foregroundDeletion');
    if (finalizers.length || pendingFinalizers(old).length) {
      const marked = clone(old);
      marked.metadata.deletionTimestamp = nowIso();
      marked.metadata.deletionGracePeriodSeconds = 0;
      marked.metadata.finalizers = finalizers.length ? finalizers : undefined;
      if (!marked.metadata.finalizers) delete marked.metadata.finalizers;
      if (ri.kind === 'Namespace' && !ri.group) marked.status = { ...marked.status, phase: 'Terminating' };
      const out = this.commit(ri, 'MODIFIED', marked, old);
      if (propagation === 'Foreground') for (const d of this.dependents(old)) this.delete(this.riOf(d), d.metadata.namespace, d.metadata.name, 'Foreground');
      return out;
    }
    return this.remove(ri, old, propagation);
  }

  /** Removes an object for good (no finalizers left) and collects what it owned. */
  private remove(ri: ResourceInfo, old: any, propagation: string): any {
    const gone = { ...old, metadata: { ...old.metadata, deletionTimestamp: old.metadata.deletionTimestamp ?? nowIso() } };
    this.commit(ri, 'DELETED', gone, old);
    this.applied.forEach((_, k) => { if (k.startsWith(`${old.metadata.uid}|`)) this.applied.delete(k); });
    if (ri.kind === 'Pod') this.podLogs.delete(`${old.metadata.namespace}/${old.metadata.name}`);
    this.collect(old, propagation);
    return gone;
  }

  /** Objects whose ownerReferences name `owner`. */
  dependents(owner: any): any[] {
    const out: any[] = [];
    for (const ri of this.uniqueKinds()) {
      for (const o of this.bucket(ri).values()) {
        if ((o.metadata.ownerReferences ?? []).some((r: any) => r.uid === owner.metadata.uid)) out.push(this.view(ri, o));
      }
    }
    return out;
  }

  /** Every object currently marked for deletion and waiting on finalizers. */
  terminating(): any[] {
    const out: any[] = [];
    for (const ri of this.uniqueKinds()) for (const o of this.bucket(ri).values()) if (o.metadata.deletionTimestamp) out.push(this.view(ri, o));
    return out;
  }

  /** Every stored object of a namespace, whatever its kind. */
  inNamespace(ns: string): any[] {
    const out: any[] = [];
    for (const ri of this.uniqueKinds()) {
      if (!ri.namespaced) continue;
      for (const [id, o] of this.bucket(ri)) if (id.startsWith(`${ns}/`)) out.push(this.view(ri, o));
    }
    return out;
  }

  /** The CRD that defines a kind, if it is a custom one. */
  crdOf(ri: ResourceInfo): any | undefined {
    if (!ri.group || builtinGroups.has(ri.group)) return undefined;
    const crdRi = this.registry.byKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    return crdRi ? this.get(crdRi, undefined, `${ri.plural}.${ri.group}`) : undefined;
  }

  riOf(o: any): ResourceInfo {
    const ri = this.registry.byKind(o.apiVersion, o.kind);
    if (!ri) throw new Error(`no resource for ${o.apiVersion} ${o.kind}`);
    return ri;
  }

  /** One ResourceInfo per storage bucket (a kind served in two versions is stored once). */
  private uniqueKinds(): ResourceInfo[] {
    return this.registry.list.filter((ri) => !ri.virtual && this.registry.list.find((x) => storageKey(x) === storageKey(ri)) === ri);
  }

  private orphan(owner: any) {
    for (const d of this.dependents(owner)) {
      const refs = (d.metadata.ownerReferences ?? []).filter((r: any) => r.uid !== owner.metadata.uid);
      d.metadata.ownerReferences = refs.length ? refs : undefined;
      if (!d.metadata.ownerReferences) delete d.metadata.ownerReferences;
      this.update(this.riOf(d), d, { controller: true });
    }
  }

  private collect(owner: any, propagation: string) {
    const uid = owner.metadata.uid;
    const isNs = owner.kind === 'Namespace' && owner.apiVersion === 'v1';
    // A namespace normally leaves empty (its controller deletes the content first); one whose
    // finalizers were forced away must not leave orphans behind in this store.
    if (isNs) for (const o of this.inNamespace(owner.metadata.name)) this.remove(this.riOf(o), o, propagation);
    if (propagation === 'Orphan') return;
    for (const o of this.dependents(owner)) {
      const refs: any[] = o.metadata.ownerReferences ?? [];
      if (refs.every((r) => r.uid === uid || !this.uidExists(r.uid)) && this.get(this.riOf(o), o.metadata.namespace, o.metadata.name)) {
        this.delete(this.riOf(o), o.metadata.namespace, o.metadata.name, propagation);
      }
    }
  }

  private uidExists(uid: string): boolean {
    for (const b of this.buckets.values()) for (const o of b.values()) if (o.metadata.uid === uid) return true;
    return false;
  }

  /**
   * Every live object of a kind, for controllers that scan the whole cluster on each pass.
   * Not deep-copied (that would dominate a pass): callers must only read, or spread and write.
   */
  all(kind: string, apiVersion: string): any[] {
    const ri = this.registry.byKind(apiVersion, kind);
    return ri ? [...this.bucket(ri).values()].map((o) => ({ ...o, apiVersion: apiVersionOf(ri), kind: ri.kind })) : [];
  }
}

/** What still holds an object marked for deletion. */
export function pendingFinalizers(o: any): string[] {
  return [...(o.metadata?.finalizers ?? []), ...(o.kind === 'Namespace' && o.apiVersion === 'v1' ? o.spec?.finalizers ?? [] : [])];
}

const builtinGroups = new Set(builtinResources.map((r) => r.group));

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return s;
}
