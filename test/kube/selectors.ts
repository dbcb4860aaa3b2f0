// Label selectors (=, ==, !=, in, notin, exists, !exists) and field selectors (any dotted
// path, = / == / !=), as the apiserver parses them from the query string.

export type Matcher = (obj: any) => boolean;

/** Splits on commas that are not inside parentheses. */
function terms(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

export function parseLabelSelector(sel: string | undefined): Matcher {
  if (!sel) return () => true;
  const checks = terms(sel).map((t): ((l: Record<string, string>) => boolean) => {
    let m = /^(\S+?)\s+(in|notin)\s+\((.*)\)$/.exec(t);
    if (m) {
      const [, key, op, vals] = m;
      const set = new Set(vals.split(',').map((v) => v.trim()));
      return op === 'in' ? (l) => key in l && set.has(l[key]) : (l) => !(key in l) || !set.has(l[key]);
    }
    m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (m) {
      const [, key, op, val] = m;
      return op === '!=' ? (l) => l[key] !== val : (l) => l[key] === val;
    }
    if (t.startsWith('!')) { const key = t.slice(1).trim(); return (l) => !(key in l); }
    return (l) => t in l;
  });
  return (obj) => {
    const labels = obj?.metadata?.labels ?? {};
    return checks.every((c) => c(labels));
  };
}

export function getPath(obj: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

export function parseFieldSelector(sel: string | undefined): Matcher {
  if (!sel) return () => true;
  const checks = terms(sel).map((t) => {
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (!m) throw new Error(`invalid field selector "${t}"`);
    const [, path, op, val] = m;
    const str = (o: any) => { const v = getPath(o, path); return v == null ? '' : String(v); };
    return op === '!=' ? (o: any) => str(o) !== val : (o: any) => str(o) === val;
  });
  return (obj) => checks.every((c) => c(obj));
}

/** A LabelSelector object (matchLabels + matchExpressions), as workloads carry it. */
export function matchesLabelSelectorObject(sel: any, labels: Record<string, string> = {}): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels, vals: string[] = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
