// The chart's uninstall hook (pre-delete/post-delete Jobs) while `helm uninstall` runs: what it
// is doing (reported as it changes), and, when it failed, which Job, why, and its last log lines.
import type { V1Job } from '@kubernetes/client-node';
import type { KubeApis } from '../../kube/apis.ts';
import { isNotFound } from '../../kube/connect.ts';
import { podLogTail } from '../diagnose.ts';
import type { WaitItem } from '../events.ts';

export interface HookFailure { job: string; namespace: string; reason: string; logTail: string[] }

const jobNames = (hooks: string[]) => hooks.filter((h) => h.startsWith('Job/')).map((h) => h.slice(4));

async function readJob(api: KubeApis, name: string, namespace: string): Promise<V1Job | undefined> {
  try {
    return await api.batch.readNamespacedJob({ name, namespace });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function lastLog(api: KubeApis, namespace: string, job: string): Promise<string[]> {
  const pods = await api.core.listNamespacedPod({ namespace, labelSelector: `job-name=${job}` }).catch(() => undefined);
  const newest = (pods?.items ?? []).sort((a, b) => String(b.metadata?.creationTimestamp?.valueOf()).localeCompare(String(a.metadata?.creationTimestamp?.valueOf())))[0];
  return newest?.metadata?.name ? podLogTail(api, namespace, newest.metadata.name, 10) : [];
}

/** What the hook Jobs are doing now, for the "waiting on" report while helm runs them. */
export async function hookWaitItems(api: KubeApis, namespace: string, hooks: string[]): Promise<WaitItem[]> {
  const items: WaitItem[] = [];
  for (const name of jobNames(hooks)) {
    const j = await readJob(api, name, namespace);
    if (!j) continue;
    const failed = j.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    const done = j.status?.conditions?.find((c) => c.type === 'Complete' && c.status === 'True');
    if (done) continue;
    items.push({ kind: 'job', name, reason: failed ? `uninstall hook failed (${failed.reason ?? 'Failed'})` : `uninstall hook running (${j.status?.active ?? 0} active)` });
  }
  return items;
}

/** After helm failed: the hook Job that failed (or is still running when helm gave up). */
export async function findHookFailure(api: KubeApis, namespace: string, hooks: string[], helmSaid: string): Promise<HookFailure | undefined> {
  for (const name of jobNames(hooks)) {
    const j = await readJob(api, name, namespace).catch(() => undefined);
    if (!j) continue;
    const failed = j.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
    const timedOut = /timed out|deadline exceeded/i.test(helmSaid) && !j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');
    if (failed || timedOut || helmSaid.includes(name)) {
      return {
        job: name, namespace,
        reason: failed ? `${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''}` : timedOut ? 'it did not finish within --timeout' : helmSaid,
        logTail: await lastLog(api, namespace, name),
      };
    }
  }
  return /pre-delete|post-delete|hook/i.test(helmSaid) ? { job: jobNames(hooks)[0] ?? 'unknown', namespace, reason: helmSaid, logTail: [] } : undefined;
}
