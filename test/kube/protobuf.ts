// Kubernetes protobuf bodies: `k8s\0` + runtime.Unknown{typeMeta, raw}. Helm writes its release
// Secrets this way and kubectl create sends Secrets, ConfigMaps and Namespaces this way. Only
// decoding is needed: every client accepts JSON answers. Field numbers come from
// k8s.io/api/core/v1/generated.proto and apimachinery's meta/v1/generated.proto.

type T = 'string' | 'bytes' | 'int' | 'bool' | 'time' | Msg | ['map', 'string' | 'bytes'] | ['repeated', T];
interface Msg { [field: number]: [name: string, type: T] }

const TypeMeta: Msg = { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] };
const OwnerReference: Msg = {
  1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'],
  6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'],
};
const ObjectMeta: Msg = {
  1: ['name', 'string'], 2: ['generateName', 'string'], 3: ['namespace', 'string'], 5: ['uid', 'string'],
  6: ['resourceVersion', 'string'], 7: ['generation', 'int'], 8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'], 10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', ['map', 'string']], 12: ['annotations', ['map', 'string']],
  13: ['ownerReferences', ['repeated', OwnerReference]], 14: ['finalizers', ['repeated', 'string']],
};
const kinds: Record<string, Msg> = {
  Secret: { 1: ['metadata', ObjectMeta], 2: ['data', ['map', 'bytes']], 3: ['type', 'string'], 4: ['stringData', ['map', 'string']], 5: ['immutable', 'bool'] },
  ConfigMap: { 1: ['metadata', ObjectMeta], 2: ['data', ['map', 'string']], 3: ['binaryData', ['map', 'bytes']], 4: ['immutable', 'bool'] },
  Namespace: {
    1: ['metadata', ObjectMeta], 2: ['spec', { 1: ['finalizers', ['repeated', 'string']] }],
    3: ['status', { 1: ['phase', 'string'] }],
  },
  DeleteOptions: {
    1: ['gracePeriodSeconds', 'int'], 2: ['preconditions', { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] }],
    3: ['orphanDependents', 'bool'], 4: ['propagationPolicy', 'string'], 5: ['dryRun', ['repeated', 'string']],
  },
};
const Unknown: Msg = { 1: ['typeMeta', TypeMeta], 2: ['raw', 'bytes'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] };

export const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field { no: number; varint?: number; bytes?: Buffer }

function readFields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = () => {
    let v = 0, mul = 1, b: number;
    do {
      if (p >= buf.length) throw new Error('truncated varint');
      b = buf[p++];
      v += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return v;
  };
  while (p < buf.length) {
    const key = varint(), no = Math.floor(key / 8), wt = key & 7;
    if (wt === 0) out.push({ no, varint: varint() });
    else if (wt === 2) { const len = varint(); out.push({ no, bytes: buf.subarray(p, p + len) }); p += len; }
    else if (wt === 1) p += 8;
    else if (wt === 5) p += 4;
    else throw new Error(`unsupported wire type ${wt}`);
    if (p > buf.length) throw new Error('truncated message');
  }
  return out;
}

function decodeMsg(buf: Buffer, msg: Msg): any {
  const obj: any = {};
  for (const f of readFields(buf)) {
    const d = msg[f.no];
    if (!d) continue;                       // fields we do not model are dropped
    const [name, type] = d;
    if (Array.isArray(type) && type[0] === 'map') {
      const entry = decodeMsg(f.bytes!, { 1: ['key', 'string'], 2: ['value', type[1]] });
      (obj[name] ??= {})[entry.key ?? ''] = entry.value ?? '';
    } else if (Array.isArray(type)) (obj[name] ??= []).push(scalar(f, type[1]));
    else {
      // Go writes every optional field, empty ones included; JSON (omitempty) would leave them out.
      const v = scalar(f, type);
      if (v !== '' && v !== 0 && v !== false && v !== null) obj[name] = v;
    }
  }
  return obj;
}

function scalar(f: Field, type: T): any {
  switch (type) {
    case 'string': return f.bytes!.toString('utf8');
    case 'bytes': return f.bytes!.toString('base64');   // JSON carries bytes as base64
    case 'int': return f.varint;
    case 'bool': return f.varint === 1;
    case 'time': {
      const { seconds = 0 } = decodeMsg(f.bytes!, { 1: ['seconds', 'int'] });
      return seconds ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : null;
    }
    default: return decodeMsg(f.bytes!, type as Msg);
  }
}

export class UnsupportedProtobuf extends Error {}

/** Decodes `k8s\0` + runtime.Unknown into the JSON shape of the object. */
export function decodeK8sProtobuf(body: Buffer): any {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new UnsupportedProtobuf('missing k8s protobuf magic');
  const unknown = decodeMsg(body.subarray(4), Unknown);
  const kind = unknown.typeMeta?.kind ?? '';
  const msg = kinds[kind];
  if (!msg) throw new UnsupportedProtobuf(`the fake API cannot decode protobuf ${kind || 'objects without a kind'}`);
  const raw = Buffer.from(unknown.raw ?? '', 'base64');
  return { apiVersion: unknown.typeMeta.apiVersion, kind, ...decodeMsg(raw, msg) };
}
