// helm's stored manifests (`helm get manifest`, `helm get hooks`, the release record) as
// objects: kind, name, namespace, annotations. Multi-document YAML with `# Source:` comments.
import { isMap, parseAllDocuments, parseDocument } from 'yaml';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export function parseManifest(text: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length) continue;   // helm itself rendered it; a broken document is not ours to fix
    const o = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } | null;
    if (!o?.kind || !o.metadata?.name) continue;
    out.push({
      apiVersion: String(o.apiVersion ?? 'v1'), kind: String(o.kind), name: String(o.metadata.name),
      ...(o.metadata.namespace ? { namespace: String(o.metadata.namespace) } : {}),
      labels: o.metadata.labels ?? {}, annotations: o.metadata.annotations ?? {},
    });
  }
  return out;
}

/** The events a hook runs on ("pre-delete,post-delete" → ['pre-delete', 'post-delete']). */
export function hookEvents(o: ManifestObject): string[] {
  // A YAML reading may make it a number or a boolean (`helm.sh/hook: yes`): helm reads strings.
  return String(o.annotations['helm.sh/hook'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Adds an annotation to every document of the given kind, leaving the other documents byte for
 * byte as they were (helm splits the manifest on `---` lines, as here). Returns the new text and
 * the names it changed.
 */
export function annotateManifest(text: string, kind: string, key: string, value: string, only?: string[]): { text: string; changed: string[] } {
  const parts = text.split(/(^---[ \t]*$)/m);
  const changed: string[] = [];
  const out = parts.map((part) => {
    if (/^---[ \t]*$/.test(part) || !part.trim()) return part;
    const doc = parseDocument(part, { version: '1.1' });
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> } } | null;
    if (doc.errors.length || o?.kind !== kind || !o.metadata?.name || (only && !only.includes(o.metadata.name))) return part;
    if (o.metadata.annotations?.[key] === value) return part;
    // createNode, not setIn on a missing path: under YAML 1.1 that would build an !!omap helm cannot read.
    const ann = doc.getIn(['metadata', 'annotations']);
    if (isMap(ann)) ann.set(key, value);
    else doc.setIn(['metadata', 'annotations'], doc.createNode({ [key]: value }));
    changed.push(o.metadata.name);
    const lead = /^\n*/.exec(part)![0];
    return lead + doc.toString({ lineWidth: 0 }).replace(/\n$/, part.endsWith('\n') ? '\n' : '');
  });
  return { text: out.join(''), changed };
}

/** What the ownership check needs of a rendered object. */
export interface ObjectRef { apiVersion: string; kind: string; name: string; namespace?: string; hook: boolean }

/**
 * The objects of a rendered manifest, read by lines: `helm template`'s output of a chart is 30 KB
 * or more, and the YAML parser took 40-70 ms on it (measured), on the way to a first install's
 * first write. A document is read by lines only when it is plainly written: top-level `kind:`,
 * `apiVersion:` and a block `metadata:` whose `name:`, `namespace:` and annotation keys are plain
 * or quoted scalars. Anything else (flow style, anchors, tags, block scalars, a key not found, a
 * value YAML 1.1 reads as a number, boolean or null) is parsed with the YAML parser, that document
 * alone, so the answer is the parser's. One difference, on purpose: a document the parser refuses
 * but helm (Go's YAML) reads, such as one with a duplicated label, is still read here.
 */
export function scanObjectRefs(text: string): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const part of text.split(/^---[ \t]*$/m)) {
    if (!/^[^#\s]/m.test(part)) continue;   // comments and blank lines only
    const fast = scanDocument(part);
    if (fast !== undefined) { if (fast) out.push(fast); continue; }
    for (const o of parseManifest(part)) {
      out.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), hook: hookEvents(o).length > 0 });
    }
  }
  return out;
}

const KEY_LINE = /^( *)("[^"\\]*"|'[^']*'|[A-Za-z0-9_./-]+):(?:[ \t]+(.*?))?[ \t]*$/;

/** A plain or simply quoted scalar's value; undefined for anything that needs the parser. */
function scalar(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = raw.replace(/[ \t]+#.*$/, '');
  if (/^"[^"\\]*"$/.test(v) || /^'[^']*'$/.test(v)) return v.slice(1, -1);
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) || /[:#]\s|\s$/.test(v)) return undefined;
  // What YAML 1.1 reads as a number, a boolean or null is the parser's to say (`0123` is 83).
  if (/^[-+.0-9]/.test(v) || /^(y|n|yes|no|true|false|on|off|null|~)$/i.test(v)) return undefined;
  return v;
}
const unquote = (k: string) => (/^["']/.test(k) ? k.slice(1, -1) : k);

/** One document by lines: the object, null for a document with no object, undefined when the parser must decide. */
function scanDocument(doc: string): ObjectRef | null | undefined {
  const lines = doc.split('\n');
  let kind: string | undefined, apiVersion: string | undefined, name: string | undefined, namespace: string | undefined;
  let hook = false;
  let section = '';            // the top-level key the lines belong to
  let metaIndent = -1;         // indent of metadata's own keys
  let inAnnotations = false;
  let annIndent = -1;
  for (const line of lines) {
    if (!line.trim() || /^\s*#/.test(line)) continue;
    if (line.includes('\t') || line.includes('\r')) return undefined;
    const m = KEY_LINE.exec(line);
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!m) return undefined;   // a top-level line that is not `key: value` (a list, flow style)
      const key = unquote(m[2]);
      section = key;
      inAnnotations = false;
      if (key === 'kind' || key === 'apiVersion') {
        const v = scalar(m[3]);
        if (v === undefined) return undefined;
        if (key === 'kind') kind = v; else apiVersion = v;
      } else if (key === 'metadata' && m[3] !== undefined && m[3] !== '') return undefined;   // inline metadata
      continue;
    }
    if (section !== 'metadata') continue;
    if (metaIndent < 0) metaIndent = indent;
    if (indent < metaIndent) return undefined;
    if (indent === metaIndent) {
      if (!m) return undefined;
      const key = unquote(m[2]);
      inAnnotations = key === 'annotations';
      annIndent = -1;
      if (key === 'name' || key === 'namespace') {
        const v = scalar(m[3]);
        if (v === undefined) return undefined;
        if (key === 'name') name = v; else namespace = v;
      } else if (inAnnotations && m[3] !== undefined && m[3] !== '') return undefined;   // inline annotations
      continue;
    }
    if (inAnnotations) {
      if (annIndent < 0) annIndent = indent;
      if (indent === annIndent) {
        if (!m) return undefined;
        if (unquote(m[2]) === 'helm.sh/hook') {
          const v = scalar(m[3]);
          if (v === undefined) return undefined;
          hook = v.split(',').some((e) => e.trim());
        }
      }
    }
  }
  if (!kind && !name) return /^[A-Za-z"']/m.test(doc) ? undefined : null;
  if (!kind || !name) return undefined;
  return { apiVersion: apiVersion ?? 'v1', kind, name, ...(namespace ? { namespace } : {}), hook };
}
