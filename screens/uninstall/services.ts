// What the interactive uninstall asks of the world, behind one interface so the screens can be
// tested with canned answers. The real one opens the cluster of the chosen context once and
// runs the same inventory, plan and execution as `wallaroo-install uninstall --yes`.
import type { CliOptions } from '../../src/cli/args.ts';
import type { EventBus } from '../../src/flows/events.ts';
import type { HookFailure } from '../../src/flows/uninstall/hooks.ts';
import type { HookChoice as FlowHookChoice } from '../../src/flows/uninstall/execute.ts';
import type { Inventory, UninstallPlan, UninstallResult } from '../../src/flows/uninstall/types.ts';
import type { Cluster } from '../../src/flows/install.ts';
import type { ReleaseChoice } from './state.ts';

export interface UninstallServices {
  contexts(): Promise<{ contexts: string[]; current?: string }>;
  releases(context: string): Promise<ReleaseChoice[]>;
  inventory(context: string, target: { release: string; namespace: string }, bus: EventBus): Promise<Inventory>;
  execute(context: string, plan: UninstallPlan, bus: EventBus, signal: AbortSignal, onHookFailed: (f: HookFailure) => Promise<FlowHookChoice>, logFile?: string): Promise<UninstallResult>;
}

export function realServices(o: CliOptions): UninstallServices {
  const clusters = new Map<string, Promise<Cluster>>();
  const cluster = (context: string) => {
    let c = clusters.get(context);
    if (!c) {
      c = (async () => {
        const { openCluster } = await import('../../src/core.ts');
        const opened = await openCluster({ kubeconfig: o.kubeconfig, context, helm: o.helm });
        await opened.helm.version();
        return opened;
      })();
      c.catch(() => clusters.delete(context));
      clusters.set(context, c);
    }
    return c;
  };
  const fallback = { release: o.release ?? 'wallaroo', namespace: o.namespace ?? 'wallaroo' };
  return {
    async contexts() {
      const { connectKube } = await import('../../src/core.ts');
      const t = await connectKube({ kubeconfig: o.kubeconfig });
      return { contexts: t.contexts.map((c) => c.name), current: t.context };
    },
    async releases(context) {
      const [{ listReleases, isWallarooChart }, c] = await Promise.all([import('../../src/core.ts'), cluster(context)]);
      let listed;
      try {
        listed = await listReleases(c.helm);
      } catch (e) {
        // Listing every namespace needs cluster-wide rights; without them the default target is still worth a look.
        return [{ ...fallback, status: `not listed: ${(e as Error).message.split('\n')[0]}` }];
      }
      const found = listed.filter((r) => isWallarooChart(r.chart))
        .map((r): ReleaseChoice => ({ release: r.name, namespace: r.namespace, status: r.status, chart: r.chart }));
      const rest = found.some((r) => r.release === fallback.release && r.namespace === fallback.namespace) ? [] : [{ ...fallback, leftoversOnly: true }];
      return [...found, ...rest];
    },
    async inventory(context, target, bus) {
      const [{ inventoryStep }, c] = await Promise.all([import('../../src/core.ts'), cluster(context)]);
      return inventoryStep(bus, c, target);
    },
    async execute(context, plan, bus, signal, onHookFailed, logFile) {
      const [{ executeUninstall }, c] = await Promise.all([import('../../src/core.ts'), cluster(context)]);
      return executeUninstall(bus, c, plan, { signal, noHooks: o.noHooks, onHookFailed, logFile });
    },
  };
}
