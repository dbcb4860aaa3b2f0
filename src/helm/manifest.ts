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
  return (o.annotations['helm.sh/hook'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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
