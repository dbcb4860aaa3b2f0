// What a chart archive told us before, remembered in the state folder, so that a run that repeats
// an earlier one (a retry after a failed install, the same preset run again, an upgrade with the
// same chart) does not pay for it again on the way to helm:
// - the chart's facts: its name and version, and which of our candidate keys it has (reading
//   them means unpacking the archive and parsing values.yaml, its schema and every subchart's
//   values: tens of milliseconds for the stand-in chart, more for a real one);
// - helm template's verdict on our values: `helm template` never reads the cluster, so the same
//   chart, values, extra values files, release, namespace and helm binary render the same way
//   every time; it is a Go process start (≈ 100 ms of CPU, `time helm template …`) that
//   otherwise runs beside preflight.
// Only for a chart archive, named by the SHA-256 of its bytes (a chart folder is always read),
// and only successes: a chart that is refused, or refuses our values, is asked again and says
// why. A verdict also names the helm binary (its file: device, inode, size, times), and only a
// compiled helm: a wrapper script may switch the helm it runs without changing itself.
// Files 0600 in 0700 folders under the state folder; the newest KEEP of each kind are kept.
// Never fails a run: a state folder that cannot be read or written only loses the shortcut.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateHome } from '../cli/run-log.ts';
import { ensurePrivateDir, pruneOldest, writePrivateFile } from '../util/files.ts';
import { isCompiledProgram, resolveExecutable } from '../helm/build-info.ts';
import type { ChartInfo } from '../wallaroo/key-map.ts';
import type { ObjRef } from '../kube/objects.ts';
import { MAX_CHART_BYTES } from '../helm/chart-files.ts';

const FORMAT = 1;
const KEEP = 20;
const root = () => join(stateHome(), 'cache');

/** The chart archive's name in the memory (the SHA-256 of its bytes); undefined for a chart folder or an unreadable path. */
export function chartDigest(chartPath: string): string | undefined {
  try {
    // Past the size limit the chart check refuses it anyway (chart-files.ts): not read here.
    const st = statSync(chartPath);
    if (!st.isFile() || st.size > MAX_CHART_BYTES) return undefined;
    return createHash('sha256').update(readFileSync(chartPath)).digest('hex');
  } catch {
    return undefined;
  }
}

const short = (h: ReturnType<typeof createHash>) => h.digest('hex').slice(0, 32);

function readJson(file: string): unknown {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** Removes all but the newest KEEP entries (files or folders) of `dir`. */
/** Writes one entry and keeps the newest KEEP beside it (and, with `parents`, of its folder's siblings). */
function keep(file: string, value: unknown, parents = false): void {
  try {
    const dir = dirname(file);
    ensurePrivateDir(dir);
    writePrivateFile(file, `${JSON.stringify(value)}\n`);
    pruneOldest(dir, KEEP);
    if (parents) pruneOldest(dirname(dir), KEEP);
  } catch { /* the shortcut is lost, nothing else */ }
}

// ---- the chart's facts --------------------------------------------------------------------

export interface ChartFacts {
  info: ChartInfo;
  /** Whether the chart has each key path we asked it about. */
  has: Record<string, boolean>;
}

const factsFile = (digest: string) => join(root(), 'chart-facts', `${digest.slice(0, 32)}.json`);

/** The facts kept for this chart, when they answer every one of `paths` (a newer installer may ask about keys an older one did not). */
export function recallFacts(digest: string, paths: readonly string[]): ChartFacts | undefined {
  const v = readJson(factsFile(digest)) as { format?: unknown; digest?: unknown; info?: { name?: unknown; version?: unknown }; has?: Record<string, unknown> } | undefined;
  if (v?.format !== FORMAT || v.digest !== digest || typeof v.info?.name !== 'string' || typeof v.info.version !== 'string' || !v.has || typeof v.has !== 'object') return undefined;
  const has: Record<string, boolean> = {};
  for (const p of paths) {
    const a = v.has[p];
    if (typeof a !== 'boolean') return undefined;
    has[p] = a;
  }
  return { info: { name: v.info.name, version: v.info.version }, has };
}

export function keepFacts(digest: string, facts: ChartFacts): void {
  keep(factsFile(digest), { format: FORMAT, digest, ...facts });
}

// ---- helm template's verdicts -------------------------------------------------------------

export interface VerdictInput {
  values: string;
  extraValuesFiles: string[];
  release: string;
  namespace: string;
}

/** Where verdicts for this chart archive and this helm live; undefined when none are kept (a chart folder, a helm script). */
export function verdictFolder(digest: string | undefined, helmBin: string, env: Record<string, string | undefined>): string | undefined {
  if (!digest || !isCompiledProgram(helmBin, env)) return undefined;
  const exe = resolveExecutable(helmBin, env);
  if (!exe) return undefined;
  try {
    const st = statSync(exe);
    const h = createHash('sha256').update(`helm-template-verdict ${FORMAT}\0${digest}\0${exe}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0`);
    return join(root(), 'helm-template', short(h));
  } catch {
    return undefined;
  }
}

/** A verdict's name for these values; undefined when an extra values file cannot be read (helm will say why). */
export function verdictKey(i: VerdictInput): string | undefined {
  // Without the header comment we write (it names the preset file, which may move): comments
  // never change what helm renders.
  const values = i.values.replace(/^(#[^\n]*\n)+/, '');
  const h = createHash('sha256').update(`${i.release}\0${i.namespace}\0${values.length}\0`).update(values);
  for (const f of i.extraValuesFiles) {
    try { h.update(`\0${f}\0`).update(readFileSync(f)); } catch { return undefined; }
  }
  return short(h);
}

/** A verdict may be there (so the values are worth waiting for before helm template starts). */
export function mayRemember(folder: string | undefined): folder is string {
  return folder !== undefined && existsSync(folder);
}

/** What helm template rendered: how many objects, and the ones helm applies (hooks left out). */
export interface Rendered {
  count: number;
  refs: ObjRef[];
}

const isRef = (r: unknown): r is ObjRef => {
  const o = r as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof o.name === 'string'
    && (o.namespace === undefined || typeof o.namespace === 'string');
};

/** What helm template rendered last time for exactly these inputs, if it succeeded. A verdict
 *  kept before the objects were (a count alone) is no verdict: helm template runs again. */
export function remembered(folder: string, key: string): Rendered | undefined {
  const v = readJson(join(folder, `${key}.json`)) as { objects?: unknown; refs?: unknown } | undefined;
  if (typeof v?.objects !== 'number' || !Number.isInteger(v.objects) || v.objects < 0) return undefined;
  if (!Array.isArray(v.refs) || !v.refs.every(isRef)) return undefined;
  return { count: v.objects, refs: v.refs };
}

/** Keeps a success, and the newest KEEP charts + helms beside this one. */
export function remember(folder: string, key: string, r: Rendered): void {
  keep(join(folder, `${key}.json`), { objects: r.count, refs: r.refs, at: new Date().toISOString() }, true);
}

/**
 * What helm template renders for these values, or the verdict remembered for them. With no
 * verdict folder for this chart and helm, `render` starts at once and gets the values when they
 * are ready (its Go start-up overlaps with ours); with one, the values are awaited and looked
 * up first. A fresh success is remembered.
 */
export function renderedOrRemembered<V extends { text: string }>(
  folder: string | undefined, input: Omit<VerdictInput, 'values'>, values: Promise<V>, render: (values: Promise<V>) => Promise<Rendered>,
): { rendered: Promise<Rendered>; fromBefore: () => boolean } {
  let fromBefore = false;
  const keyOf = (v: V) => verdictKey({ ...input, values: v.text });
  const rendered = !mayRemember(folder)
    ? render(values)
    : values.then((v) => {
      const key = keyOf(v);
      const r = key === undefined ? undefined : remembered(folder, key);
      if (r !== undefined) { fromBefore = true; return r; }
      return render(Promise.resolve(v));
    });
  if (folder) {
    rendered.then(async (r) => {
      if (fromBefore) return;
      const key = keyOf(await values);
      if (key) remember(folder, key, r);
    }).catch(() => undefined);
  }
  return { rendered, fromBefore: () => fromBefore };
}
