// The REST verbs on resource paths: GET/LIST/WATCH, POST, PUT, PATCH (four flavours), DELETE,
// plus pods/log and SelfSubjectAccessReview. Errors are metav1.Status objects, because client-go
// decides NotFound / AlreadyExists / Conflict from `reason`, not from the text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ResourceInfo, type Registry, apiVersionOf } from './resources.ts';
import { ApiError, type Store, notFound } from './store.ts';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { jsonPatch, mergePatch, serverSideApply, strategicMergePatch } from './patch.ts';
import { decodeK8sProtobuf, UnsupportedProtobuf } from './protobuf.ts';
import { TABLE_CT, toTable } from './table.ts';
import type { Watches } from './watch.ts';
import type { Switches } from './controllers.ts';

export interface Route { ri: ResourceInfo; namespace?: string; name?: string; sub?: string }

/** `/api/v1/...` or `/apis/g/v/...` → resource, namespace, name, subresource. */
export function parseResourcePath(reg: Registry, path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  let group: string, version: string, rest: string[];
  if (parts[0] === 'api' && parts[1]) [group, version, rest] = ['', parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts[2]) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const ri = reg.byPath(group, version, rest[2]);
    if (ri?.namespaced && rest.length <= 5) return { ri, namespace: rest[1], name: rest[3], sub: rest[4] };
  }
  const ri = reg.byPath(group, version, rest[0] ?? '');
  if (!ri || rest.length > 3 || (ri.namespaced && rest.length > 1)) return undefined;
  return { ri, name: rest[1], sub: rest[2] };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(code, { 'Content-Type': contentType });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(res, e.code, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: e.reason,
    ...(e.details ? { details: e.details } : {}), code: e.code,
  });
}

const baseType = (ct: string | undefined) => (ct ?? '').split(';')[0].trim().toLowerCase();

export function decodeBody(contentType: string | undefined, body: Buffer): any {
  if (!body.length) return undefined;
  const ct = baseType(contentType);
  if (ct === 'application/vnd.kubernetes.protobuf') {
    try { return decodeK8sProtobuf(body); } catch (e) {
      if (e instanceof UnsupportedProtobuf) throw new ApiError(415, 'UnsupportedMediaType', e.message);
      throw new ApiError(400, 'BadRequest', `invalid protobuf body: ${(e as Error).message}`);
    }
  }
  try { return JSON.parse(body.toString('utf8')); } catch {
    // apply-patch+yaml bodies from client-go are JSON; real YAML is out of scope (no YAML parser here).
    throw new ApiError(ct === 'application/apply-patch+yaml' ? 415 : 400, ct === 'application/apply-patch+yaml' ? 'UnsupportedMediaType' : 'BadRequest',
      `the fake API could not parse the ${ct || 'request'} body as JSON`);
  }
}

export interface RestContext { store: Store; watches: Watches; switches: Switches }

export function handleResource(ctx: RestContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, body: Buffer): void {
  const { store } = ctx;
  const { ri, namespace, name, sub } = route;
  const method = req.method ?? 'GET';
  const accept = req.headers.accept ?? '';
  const dryRun = q.get('dryRun') === 'All';
  if (ri.namespaced && name && !namespace) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (sub && !(ri.subresources ?? []).includes(sub)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  const verb = method === 'GET' ? (name ? 'get' : q.get('watch') === 'true' || q.get('watch') === '1' ? 'watch' : 'list')
    : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : method === 'DELETE' ? (name ? 'delete' : 'deletecollection') : '';
  if (!ri.verbs.includes(verb)) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);

  const one = (code: number, obj: any) => {
    if (accept.includes('as=Table')) return sendJson(res, code, toTable(ri.kind, [obj], q.get('includeObject') ?? undefined, String(store.rv)), TABLE_CT);
    sendJson(res, code, obj);
  };

  if (ri.virtual) return sendJson(res, 201, review(ctx.switches, decodeBody(req.headers['content-type'], body)));

  switch (verb) {
    case 'get': {
      if (sub === 'log') return podLog(store, res, ri, namespace!, name!, q);
      const obj = store.get(ri, namespace, name!);
      if (!obj) throw notFound(ri, name!);
      return one(200, obj);
    }
    case 'watch':
      return ctx.watches.serve(store, res, {
        ri, namespace, labels: parseLabelSelector(q.get('labelSelector') ?? undefined), fields: fieldMatcher(q),
        resourceVersion: q.get('resourceVersion') ?? undefined, sendInitialEvents: q.get('sendInitialEvents') === 'true',
        timeoutSeconds: Number(q.get('timeoutSeconds') ?? 0) || undefined,
      });
    case 'list': {
      const items = selected(store, ri, namespace, q);
      if (accept.includes('as=Table')) return sendJson(res, 200, toTable(ri.kind, items, q.get('includeObject') ?? undefined, String(store.rv)), TABLE_CT);
      if (accept.includes('as=PartialObjectMetadataList')) {
        return sendJson(res, 200, {
          kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: String(store.rv) },
          items: items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })),
        }, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
      }
      return sendJson(res, 200, { kind: `${ri.kind}List`, apiVersion: apiVersionOf(ri), metadata: { resourceVersion: String(store.rv) }, items });
    }
    case 'create': {
      const obj = decodeBody(req.headers['content-type'], body);
      if (!obj || typeof obj !== 'object') throw new ApiError(400, 'BadRequest', 'the request body is empty');
      obj.metadata ??= {};
      if (ri.namespaced) {
        if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
          throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
        }
        obj.metadata.namespace = namespace;
      }
      if (ri.hasStatus && ri.kind !== 'Namespace') delete obj.status;   // create resets status
      return one(201, store.create(ri, obj, { dryRun }));
    }
    case 'update': {
      const obj = decodeBody(req.headers['content-type'], body);
      checkName(obj, name!, namespace);
      return one(200, store.update(ri, obj, { dryRun, subresource: sub }));
    }
    case 'patch': return patch(ctx, req, res, route, q, body, one, dryRun);
    case 'delete': {
      const opts = decodeBody(req.headers['content-type'], body) ?? {};
      const propagation = q.get('propagationPolicy') ?? opts.propagationPolicy ?? (opts.orphanDependents ? 'Orphan' : 'Background');
      const gone = store.delete(ri, namespace, name!, propagation, { dryRun });
      if (ri.kind === 'Namespace' || ri.kind === 'Pod') {
        return one(200, ri.kind === 'Namespace' ? { ...gone, status: { phase: 'Terminating' } } : gone);
      }
      return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: ri.group, kind: ri.plural, uid: gone.metadata.uid } });
    }
    case 'deletecollection': {
      const items = selected(store, ri, namespace, q);
      for (const o of items) store.delete(ri, o.metadata.namespace, o.metadata.name, q.get('propagationPolicy') ?? 'Background', { dryRun });
      return sendJson(res, 200, { kind: `${ri.kind}List`, apiVersion: apiVersionOf(ri), metadata: { resourceVersion: String(store.rv) }, items });
    }
  }
}

function fieldMatcher(q: URLSearchParams) {
  try { return parseFieldSelector(q.get('fieldSelector') ?? undefined); } catch (e) {
    throw new ApiError(400, 'BadRequest', (e as Error).message);
  }
}

function selected(store: Store, ri: ResourceInfo, namespace: string | undefined, q: URLSearchParams): any[] {
  const labels = parseLabelSelector(q.get('labelSelector') ?? undefined), fields = fieldMatcher(q);
  return store.list(ri, namespace).filter((o) => labels(o) && fields(o));
}

function checkName(obj: any, name: string, namespace?: string) {
  if (!obj?.metadata) throw new ApiError(400, 'BadRequest', 'the request body has no metadata');
  if (obj.metadata.name !== name) throw new ApiError(400, 'BadRequest', `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  if (namespace) obj.metadata.namespace = namespace;
}

function patch(ctx: RestContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, body: Buffer,
  one: (code: number, obj: any) => void, dryRun: boolean): void {
  const { store } = ctx;
  const { ri, namespace, name, sub } = route;
  const ct = baseType(req.headers['content-type']);
  const p = decodeBody(req.headers['content-type'], body);
  const live = store.get(ri, namespace, name!);
  if (ct === 'application/apply-patch+yaml') {
    const manager = q.get('fieldManager');
    if (!manager) throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const applied = { ...p, metadata: { ...p.metadata, name, ...(ri.namespaced ? { namespace } : {}) } };
    if (!live) {
      if (ri.hasStatus) delete applied.status;
      const created = store.create(ri, applied, { dryRun });
      if (!dryRun) store.applied.set(`${created.metadata.uid}|${manager}`, applied);
      return one(201, created);
    }
    const key = `${live.metadata.uid}|${manager}`;
    const merged = serverSideApply(live, applied, store.applied.get(key));
    const out = store.update(ri, merged, { dryRun, subresource: sub });
    if (!dryRun) store.applied.set(key, applied);
    return one(200, out);
  }
  if (!live) throw notFound(ri, name!);
  let next: any;
  try {
    if (ct === 'application/json-patch+json') next = jsonPatch(live, p);
    else if (ct === 'application/merge-patch+json') next = mergePatch(live, p);
    else if (ct === 'application/strategic-merge-patch+json') next = strategicMergePatch(live, p);
    else throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(422, 'Invalid', `the patch could not be applied: ${(e as Error).message}`);
  }
  if (!p?.metadata?.resourceVersion) next.metadata.resourceVersion = live.metadata.resourceVersion;
  one(200, store.update(ri, next, { dryRun, subresource: sub }));
}

function podLog(store: Store, res: ServerResponse, ri: ResourceInfo, namespace: string, name: string, q: URLSearchParams) {
  const pod = store.get(ri, namespace, name);
  if (!pod) throw notFound(ri, name);
  const names = (pod.spec?.containers ?? []).map((c: any) => c.name);
  const container = q.get('container') ?? (names.length === 1 ? names[0] : undefined);
  if (!container) throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
  if (!names.includes(container)) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
  const st = (pod.status?.containerStatuses ?? []).find((c: any) => c.name === container);
  const text = store.podLogs.get(`${namespace}/${name}`);
  if (text === undefined && (!st || st.state?.waiting)) {
    throw new ApiError(400, 'BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${st?.state?.waiting?.reason ?? 'ContainerCreating'}`);
  }
  let lines = (text ?? '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const tail = Number(q.get('tailLines') ?? NaN);
  if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(lines.map((l) => `${l}\n`).join(''));
}

/** SelfSubjectAccessReview: allowed unless `denyVerbs` has "*" or "verb:resource". */
function review(sw: Switches, body: any) {
  const a = body?.spec?.resourceAttributes, n = body?.spec?.nonResourceAttributes;
  const verb = a?.verb ?? n?.verb ?? '', resource = a?.resource ?? n?.path ?? '';
  const keys = ['*', `${verb}:${resource}`, `${verb}:*`, `*:${resource}`, a?.group ? `${verb}:${resource}.${a.group}` : ''];
  const denied = keys.some((k) => k && sw.denyVerbs.has(k));
  return {
    kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: body?.spec ?? {},
    status: denied ? { allowed: false, denied: true, reason: `the fake API denies ${verb} on ${resource} (denyVerbs)` } : { allowed: true, reason: 'the fake API allows this' },
  };
}
