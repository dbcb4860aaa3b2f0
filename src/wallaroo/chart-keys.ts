// Does a chart have a values key? Evidence, in order: its defaults (values.yaml), its
// values.schema.json (a required key often has no default), the conditions in Chart.yaml
// (`condition: jupyterhub.enabled` switches a subchart), a subchart's own defaults, and last the
// chart's templates reading `.Values.<key>`, unless the schema forbids the key. A schema that
// allows any key (additionalProperties) is no evidence that the chart uses one. Pure.

export type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  allOf?: JsonSchema[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
};

export interface ChartContents {
  values: unknown;
  schema?: JsonSchema;
  /** `condition:` paths of Chart.yaml's dependencies. */
  conditions?: string[];
  /** Defaults of subcharts, by the name (or alias) the parent's values use for them. */
  subcharts?: ReadonlyMap<string, unknown>;
  /** Text of the chart's own templates (not its subcharts'). */
  templates?: string[];
}

function inObject(node: unknown, path: string[]): boolean {
  for (const part of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

function deref(root: JsonSchema, s: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!s?.$ref || depth > 20) return s;
  const m = /^#\/(definitions|\$defs)\/(.+)$/.exec(s.$ref);
  return m ? deref(root, root[m[1] as 'definitions' | '$defs']?.[m[2]], depth + 1) : undefined;
}

/** The subschemas that describe `part` under `node` (its properties, across allOf/anyOf/oneOf). */
// A schema is the chart's input, not ours: any field may have any shape (`"allOf": {}`), and
// $refs may loop through allOf/anyOf/oneOf. What is not a schema object is no evidence; a
// subschema already visited on this walk is not walked again.
const isSchema = (x: unknown): x is JsonSchema => typeof x === 'object' && x !== null && !Array.isArray(x);
const branches = (x: unknown): JsonSchema[] => (Array.isArray(x) ? x.filter(isSchema) : []);

function children(root: JsonSchema, node: JsonSchema | undefined, part: string, seen = new Set<JsonSchema>()): JsonSchema[] {
  const n = deref(root, node);
  if (!isSchema(n) || seen.has(n)) return [];
  seen.add(n);
  const props = isSchema(n.properties) ? n.properties : undefined;
  const own = props && Object.hasOwn(props, part) && isSchema(props[part]) ? [props[part]] : [];
  const nested = [...branches(n.allOf), ...branches(n.anyOf), ...branches(n.oneOf)].flatMap((b) => children(root, b, part, seen));
  return [...own, ...nested];
}

/** 'known': declared; 'forbidden': the schema rejects the key; 'silent': says nothing either way. */
function inSchema(root: JsonSchema, path: string[]): 'known' | 'forbidden' | 'silent' {
  let nodes: JsonSchema[] = [root];
  for (const part of path) {
    const next = nodes.flatMap((n) => children(root, n, part));
    if (!next.length) {
      const closed = nodes.some((n) => { const d = deref(root, n); return isSchema(d) && d.additionalProperties === false; });
      return closed ? 'forbidden' : 'silent';
    }
    nodes = next;
  }
  return 'known';
}

/** Paths the templates read: `.Values.a.b`, `$v.a.b` after `$v := .Values` (or `.root.Values`), `index .Values "a" "b"`. */
export function templateValuePaths(templates: readonly string[]): Set<string> {
  const out = new Set<string>();
  const add = (parts: string[]) => { for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.')); };
  for (const t of templates) {
    const aliases = [...t.matchAll(/(\$[A-Za-z_]\w*)\s*:?=\s*(?:\$|\.root)?\.Values\b(?!\.)/g)].map((m) => `\\${m[1]}`);
    const roots = ['\\.Values', ...aliases].join('|');
    for (const m of t.matchAll(new RegExp(`(?:${roots})((?:\\.[A-Za-z_][\\w-]*)+)`, 'g'))) add(m[1].slice(1).split('.'));
    for (const m of t.matchAll(new RegExp(`index\\s+(?:${roots})((?:\\s+"[^"]+")+)`, 'g'))) add([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
  }
  return out;
}

export function chartKnows(c: ChartContents): (path: string) => boolean {
  const conditions = new Set((c.conditions ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean));
  const templated = templateValuePaths(c.templates ?? []);
  return (path) => {
    const parts = path.split('.');
    if (inObject(c.values, parts)) return true;
    const schema = c.schema ? inSchema(c.schema, parts) : 'silent';
    if (schema === 'known') return true;
    if (schema === 'forbidden') return false;
    if (conditions.has(path)) return true;
    const sub = c.subcharts?.get(parts[0]);
    if (sub !== undefined && parts.length > 1 && inObject(sub, parts.slice(1))) return true;
    return templated.has(path);
  };
}
