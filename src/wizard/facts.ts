// The cluster facts, loaded in the background while the admin answers: kubeconfig contexts, the
// connection, the nodes (distribution and size), helm, Secrets in the namespace, the existing
// release and its answers, and preflight. Everything heavy (client-node, execa) is imported
// here lazily, after the first frame; a screen only ever reads `get()`.
import type { LoadedPreset } from '../config/load-preset.ts';
import type { Cluster, ClusterOptions } from '../flows/install.ts';
import { NO_CLUSTER } from './draft.ts';
import { EventBus } from '../flows/events.ts';
import { initialFacts, type Facts, type Load, type ReleaseFacts, type StoredAnswers } from './facts-types.ts';

export * from './facts-types.ts';

/** How long one look at the API may take before we call it unreachable. */
export const API_TIMEOUT_MS = Number(process.env.WALLAROO_INSTALL_API_TIMEOUT_MS) || 15_000;

type Listener = (f: Facts) => void;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { t = setTimeout(() => reject(new Error(`no answer from ${what} within ${Math.round(ms / 1000)}s`)), ms); t.unref?.(); })])
    .finally(() => clearTimeout(t));
}

function reasonOf(e: unknown): { reason: string; fix?: string } {
  const err = e as { cause_?: string; fix?: string; message?: string };
  if (err?.cause_) return { reason: err.cause_, fix: err.fix };
  return { reason: err?.message ?? String(e) };
}

/** A client-node failure in words (the network code, or what the API server said). */
async function apiReason(e: unknown): Promise<string> {
  const { kubeErrorReason } = await import('../core.ts');
  return kubeErrorReason(e);
}

/** Reads the stored (or recovered) answers of a release (release-answers.ts; tests pass a stub). */
export type StoredAnswersReader = (c: Cluster, release: string, namespace: string) => Promise<StoredAnswers | undefined>;

export class FactsLoader {
  private facts: Facts = initialFacts();
  private listeners = new Set<Listener>();
  private gen = 0;
  private targetGen = 0;
  private cluster?: Promise<Cluster>;
  private target?: { release: string; namespace: string };
  private preflightKey?: string;

  constructor(private readonly o: ClusterOptions, private readonly readStored?: StoredAnswersReader) {}

  get(): Facts { return this.facts; }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => { this.listeners.delete(l); };
  }

  private set(patch: Partial<Facts>): void {
    this.facts = { ...this.facts, ...patch };
    for (const l of this.listeners) l(this.facts);
  }

  /** Reads the kubeconfig and connects to the default context (--context, else the current one). */
  async start(): Promise<void> {
    this.set({ kubeconfig: { state: 'loading' } });
    try {
      const { connectKube } = await import('../core.ts');
      const t = await connectKube({ kubeconfig: this.o.kubeconfig, context: this.o.context });
      const contexts = t.contexts.map((x) => ({ ...x, current: x.name === (this.o.context ?? t.currentContext) }));
      this.set({ kubeconfig: { state: 'ok', value: { source: t.source, contexts } } });
      this.useContext(t.context);
    } catch (e) {
      this.set({ kubeconfig: { state: 'error', ...reasonOf(e) } });
    }
  }

  /** Connects to `name` (or forgets the cluster for NO_CLUSTER) and loads what depends on it. */
  useContext(name: string): void {
    if (name === this.facts.context && this.cluster) return;
    const gen = ++this.gen;
    this.preflightKey = undefined;
    const idle = { state: 'idle' } as const;
    if (name === NO_CLUSTER) {
      this.cluster = undefined;
      this.set({ context: undefined, connection: idle, nodes: idle, helm: idle, tlsSecrets: idle, pullSecrets: idle, release: idle, preflight: idle });
      return;
    }
    const loading = { state: 'loading' } as const;
    this.set({ context: name, connection: loading, nodes: loading, helm: loading, tlsSecrets: idle, pullSecrets: idle, release: idle, preflight: idle });
    this.cluster = (async () => {
      const { openCluster } = await import('../core.ts');
      return openCluster({ ...this.o, context: name });
    })();
    this.cluster.catch(() => undefined);
    void this.loadCluster(gen);
  }

  private fresh(gen: number): boolean { return gen === this.gen; }

  private async loadCluster(gen: number): Promise<void> {
    let c: Cluster;
    try {
      c = await this.cluster!;
      const v = await withTimeout(c.api.version.getCode(), API_TIMEOUT_MS, `the API server at ${c.target.server}`);
      if (!this.fresh(gen)) return;
      this.set({ connection: { state: 'ok', value: { server: c.target.server, version: v.gitVersion } } });
      void this.loadNodes(c, gen, v.gitVersion);
    } catch (e) {
      if (!this.fresh(gen)) return;
      const r = (e as { cause_?: string }).cause_ ? reasonOf(e) : { reason: await apiReason(e), fix: 'check the network path (VPN, bastion, firewall) and the credentials: `kubectl cluster-info`' };
      const err = { state: 'error', ...r } as const;
      this.set({ connection: err, nodes: err, helm: { state: 'idle' } });
      return;
    }
    c.helm.version().then(
      (h) => this.fresh(gen) && this.set({ helm: { state: 'ok', value: { text: h.text, major: h.major } } }),
      (e) => this.fresh(gen) && this.set({ helm: { state: 'error', ...reasonOf(e) } }),
    );
    if (this.target) void this.loadTarget(c, gen, ++this.targetGen);
  }

  private async loadNodes(c: Cluster, gen: number, gitVersion: string): Promise<void> {
    try {
      const { detectDistribution, suggestSizeFromNodes } = await import('../core.ts');
      const list = await withTimeout(c.api.core.listNode(), API_TIMEOUT_MS, 'the API server');
      const nodes = list.items.map((n) => ({
        name: n.metadata?.name ?? '?', providerID: n.spec?.providerID, labels: n.metadata?.labels ?? {}, allocatableCpu: n.status?.allocatable?.cpu,
      }));
      if (this.fresh(gen)) this.set({ nodes: { state: 'ok', value: { count: nodes.length, detection: detectDistribution(nodes, gitVersion), size: suggestSizeFromNodes(nodes) } } });
    } catch (e) {
      if (!this.fresh(gen)) return;
      this.set({ nodes: { state: 'error', reason: await apiReason(e) } });
    }
  }

  /** The release and namespace the answers name: their release, answers and Secrets. */
  setTarget(release: string, namespace: string): void {
    if (this.target?.release === release && this.target.namespace === namespace) return;
    this.target = { release, namespace };
    this.preflightKey = undefined;
    const tg = ++this.targetGen;
    if (!this.cluster || this.facts.connection.state === 'error') return;
    const gen = this.gen;
    this.cluster.then((c) => { if (this.facts.connection.state === 'ok') void this.loadTarget(c, gen, tg); }, () => undefined);
  }

  private async loadTarget(c: Cluster, gen: number, tg: number): Promise<void> {
    const t = this.target!;
    const current = () => this.fresh(gen) && tg === this.targetGen;
    const loading = { state: 'loading' } as const;
    this.set({ release: loading, tlsSecrets: loading, pullSecrets: loading });
    const secretsOfType = async (type: string): Promise<Load<string[]>> => {
      try {
        const list = await withTimeout(c.api.core.listNamespacedSecret({ namespace: t.namespace }), API_TIMEOUT_MS, 'the API server');
        return { state: 'ok', value: list.items.filter((s) => s.type === type).map((s) => s.metadata?.name ?? '').filter(Boolean).sort() };
      } catch (e) {
        if ((e as { code?: number }).code === 404) return { state: 'ok', value: [] };
        return { state: 'error', reason: await apiReason(e) };
      }
    };
    void secretsOfType('kubernetes.io/tls').then((v) => current() && this.set({ tlsSecrets: v }));
    void secretsOfType('kubernetes.io/dockerconfigjson').then((v) => current() && this.set({ pullSecrets: v }));
    try {
      const value = await this.readRelease(c, t.release, t.namespace);
      if (current()) this.set({ release: { state: 'ok', value } });
    } catch (e) {
      if (current()) this.set({ release: { state: 'error', ...reasonOf(e) } });
    }
  }

  private async readRelease(c: Cluster, release: string, namespace: string): Promise<ReleaseFacts> {
    const { releaseState, isPending, isUninstalling, pendingWayOut, findRunningInstall, InstallRunning } = await import('../core.ts');
    const [st, run] = await Promise.all([releaseState(c.helm, release, namespace), findRunningInstall(c, release, namespace).catch(() => undefined)]);
    const held = run && new InstallRunning(run, c.target.context);
    // The way on, without the lock's fine print (that is for the run that would take it over).
    const running = held ? { cause: held.cause_, fix: held.fix.split('; ')[0] } : undefined;
    if (!st.exists) return { release, namespace, exists: false, running };
    const cur = st.current!;
    const { namespaceClaims } = await import('../core.ts');
    const [r, claims] = await Promise.all([
      c.helm.run(['get', 'values', release, '--namespace', namespace, '--output', 'json']), namespaceClaims(c.api, namespace)]);
    const values = r.exitCode === 0 ? (JSON.parse(r.stdout || '{}') ?? {}) as Record<string, unknown> : undefined;
    const stored = this.readStored ? await this.readStored(c, release, namespace).catch(() => undefined) : undefined;
    return {
      release, namespace, exists: true, revision: cur.revision, status: cur.status, chart: cur.chart, updated: cur.updated,
      pendingWayOut: (isPending(st) || isUninstalling(st)) && !running ? pendingWayOut(st, release, namespace) : undefined, values, claims, stored, running,
    };
  }

  /** Runs preflight for these answers (once per distinct answers, unless `again`). */
  preflight(preset: Pick<LoadedPreset, 'answers' | 'secrets' | 'tlsFiles'>, again = false): void {
    if (!this.cluster || this.facts.connection.state !== 'ok') return;
    const key = JSON.stringify(preset.answers);
    if (!again && key === this.preflightKey) return;
    this.preflightKey = key;
    const gen = this.gen;
    this.set({ preflight: { state: 'loading' } });
    void (async () => {
      try {
        const [{ buildPlan, runPreflight }, c] = await Promise.all([import('../core.ts'), this.cluster!]);
        const plan = buildPlan(preset);
        // Findings arrive as events too; the review reads the result instead.
        const r = await runPreflight(new EventBus(), plan, c.target, c.api, c.helm, []);
        if (this.fresh(gen) && key === this.preflightKey) this.set({ preflight: { state: 'ok', value: { key, findings: r.findings, blocking: r.blocking } } });
      } catch (e) {
        if (this.fresh(gen) && key === this.preflightKey) this.set({ preflight: { state: 'error', ...reasonOf(e) } });
      }
    })();
  }
}
