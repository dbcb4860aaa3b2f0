import { stage } from '../../test/support/e2e.ts';
import { connectKube } from '../../src/kube/connect.ts';
import { kubeApis } from '../../src/kube/apis.ts';
const s = await stage(4, {});
const api = kubeApis(await connectKube({ kubeconfig: s.kube.kubeconfigPath }));
await api.core.createNamespace({ body: { metadata: { name: 'wallaroo' } } });
const time = async (name: string, f: (i: number) => Promise<unknown>) => {
  const xs: number[] = [];
  for (let i = 0; i < 10; i++) { const t = performance.now(); await f(i); xs.push(performance.now() - t); await new Promise((r) => setTimeout(r, Number(process.env.IDLE ?? 20))); }
  console.log(name, xs.map((x) => x.toFixed(1)).join(' '));
};
await time('GET ', () => api.version.getCode());
await time('POST', (i) => api.core.createNamespacedConfigMap({ namespace: 'wallaroo', body: { metadata: { name: `c${i}` }, data: { a: 'b' } } }));
await time('DEL ', (i) => api.core.deleteNamespacedSecret({ name: `nope${i}`, namespace: 'wallaroo', body: { preconditions: { resourceVersion: '1' } } }).catch(() => 0));
await s.close();
process.exit(0);
