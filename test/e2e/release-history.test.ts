// The release history the installer reads from helm's records over its own connection
// (helm/release-from-api.ts) is exactly what `helm history` says, with helm 3 and with helm 4:
// a fresh release, a deployed one, a superseded revision and a failed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/cli.ts';
import { stage, PRESET } from '../support/e2e.ts';
import { Helm } from '../../src/helm/helm.ts';
import { releaseState } from '../../src/helm/release.ts';
import { releaseStateFromApi } from '../../src/helm/release-from-api.ts';
import { connectKube } from '../../src/kube/connect.ts';
import { kubeApis } from '../../src/kube/apis.ts';
import { FlowError } from '../../src/util/flow-error.ts';
import type { HelmMajor } from '../support/tools.ts';

for (const major of [3, 4] as HelmMajor[]) {
  test(`helm ${major}: the history read from helm's records equals \`helm history\``, async () => {
    const s = await stage(major, { lbAddress: { hostname: 'lb.example.com' } });
    try {
      const helm = new Helm(s.env.WALLAROO_INSTALL_HELM!, { ...process.env, ...s.env });
      const api = kubeApis(await connectKube({ kubeconfig: s.kube.kubeconfigPath }));
      const both = async () => {
        const [fromHelm, fromApi] = await Promise.all([releaseState(helm, 'wallaroo', 'wallaroo'), releaseStateFromApi(api, 'wallaroo', 'wallaroo')]);
        assert.deepEqual(fromApi, fromHelm);
        return fromApi;
      };
      assert.deepEqual(await both(), { exists: false, history: [] });

      const install = await runCli(['--preset', s.writePreset(PRESET)], { env: s.env });
      assert.equal(install.code, 0, install.stdout + install.stderr);
      assert.equal((await both()).current?.status, 'deployed');

      await s.helm(['upgrade', 'wallaroo', s.chartArchive, '--namespace', 'wallaroo', '--reuse-values', '--description', 'second revision']);
      const second = await both();
      assert.deepEqual(second.history.map((h) => [h.revision, h.status]), [[1, 'superseded'], [2, 'deployed']]);

      // A failed revision: a hook Job that fails.
      s.kube.switches.failJobs.add('jupyter-hub-setup');
      await assert.rejects(s.helm(['upgrade', 'wallaroo', s.chartArchive, '--namespace', 'wallaroo', '--reuse-values', '--wait', '--wait-for-jobs', '--timeout', '20s']));
      const third = await both();
      assert.equal(third.current?.status, 'failed');
      assert.equal(third.lastGood?.revision, 2);
      assert.match(third.current?.chart ?? '', /^wallaroo-/);
    } finally { await s.close(); }
  });
}

test('an unreachable API is E_RELEASE_STATE naming the release and how to check', async () => {
  const s = await stage(4);
  const kubeconfig = s.kube.kubeconfigPath;
  const api = kubeApis(await connectKube({ kubeconfig }));
  await s.close();
  await assert.rejects(releaseStateFromApi(api, 'wallaroo', 'wallaroo'), (e: FlowError) =>
    e.code === 'E_RELEASE_STATE' && /cannot read the state of release wallaroo in namespace wallaroo: cannot reach .*ECONNREFUSED/.test(e.cause_) && /kubectl cluster-info/.test(e.fix));
});
