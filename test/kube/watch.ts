// WATCH: newline-delimited JSON events over a chunked response.
// - resourceVersion=N replays logged events newer than N, then streams live ones (helm 3 hooks
//   LIST then WATCH from the list's version, and a Job may finish in between);
// - no resourceVersion or "0" starts with synthetic ADDED events for what exists;
// - sendInitialEvents=true (client-go's WatchList, used by helm 4 and kubectl) gets ADDED for
//   what exists, then a BOOKMARK annotated k8s.io/initial-events-end=true.
import type { ServerResponse } from 'node:http';
import { type ResourceInfo, apiVersionOf, storageKey } from './resources.ts';
import type { Store, StoreEvent } from './store.ts';
import type { Matcher } from './selectors.ts';

export interface WatchRequest {
  ri: ResourceInfo;
  namespace?: string;
  labels: Matcher;
  fields: Matcher;
  resourceVersion?: string;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
}

export class Watches {
  private open = new Set<() => void>();

  get count() { return this.open.size; }

  serve(store: Store, res: ServerResponse, w: WatchRequest): void {
    const { ri } = w;
    const skey = storageKey(ri);
    const matches = (o: any) => !!o && (!w.namespace || !ri.namespaced || o.metadata.namespace === w.namespace) && w.labels(o) && w.fields(o);
    const view = (o: any) => ({ ...o, apiVersion: apiVersionOf(ri), kind: ri.kind });
    const send = (type: string, obj: any) => res.write(`${JSON.stringify({ type, object: obj })}\n`);
    const translate = (e: StoreEvent) => {
      if (e.skey !== skey) return;
      // An object moving into or out of the selection is ADDED or DELETED for this watcher.
      const now = e.type !== 'DELETED' && matches(e.obj), before = e.type !== 'ADDED' && matches(e.prev ?? e.obj);
      if (now) send(before ? 'MODIFIED' : 'ADDED', view(e.obj));
      else if (before) send('DELETED', view(e.obj));
    };

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    // Send the headers now: client-go's Watch() blocks until it has them and cannot be stopped before.
    res.flushHeaders();
    const rv = Number(w.resourceVersion ?? 0) || 0;
    if (w.sendInitialEvents || rv === 0) {
      for (const o of store.list(ri, w.namespace)) if (matches(o)) send('ADDED', o);
      if (w.sendInitialEvents) {
        send('BOOKMARK', {
          apiVersion: apiVersionOf(ri), kind: ri.kind,
          metadata: { resourceVersion: String(store.rv), annotations: { 'k8s.io/initial-events-end': 'true' } },
        });
      }
    } else {
      for (const e of store.log) if (e.rv > rv) translate(e);
    }

    const unsubscribe = store.subscribe(translate);
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      unsubscribe();
      clearTimeout(timer);
      this.open.delete(end);
      if (!res.writableEnded) res.end();
    };
    this.open.add(end);
    if (w.timeoutSeconds) timer = setTimeout(end, w.timeoutSeconds * 1000);
    // The client hanging up is only visible on the response: req 'close' fires once the body is read.
    res.on('close', end);
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
