// Keeping the data of a release whose manifest lists PersistentVolumeClaims (Wallaroo's
// plateau-managed-disk is one): `helm uninstall` deletes every object of the last revision's
// manifest unless that manifest says `helm.sh/resource-policy: keep` — it reads the stored
// manifest, not the live object. So, before helm runs, the last revision's record gets that
// annotation on those claims (the same in-place edit helm's own mapkubeapis plugin makes), and
// helm then reports them as "kept due to the resource policy".
import type { ObjectApi, KubeObject } from '../../kube/objects.ts';
import { annotateManifest } from '../../helm/manifest.ts';
import { decodeRecord, encodeRecord, readTopLevelString, replaceTopLevelString, type RecordDriver } from '../../helm/release-record.ts';
import { FlowError } from '../events.ts';
import { RESOURCE_POLICY } from './marks.ts';

export async function markClaimsKept(objs: ObjectApi, release: string, namespace: string, claims: string[], driver: string): Promise<string[]> {
  const kind = driver.startsWith('configmap') ? 'ConfigMap' : 'Secret';
  const recordDriver: RecordDriver = kind === 'ConfigMap' ? 'configmap' : 'secret';
  for (let attempt = 0; ; attempt++) {
    const records = (await objs.list('v1', kind, { namespace, labelSelector: `owner=helm,name=${release}` })) ?? [];
    const last = records.sort((a, b) => Number(b.metadata?.labels?.version ?? 0) - Number(a.metadata?.labels?.version ?? 0))[0];
    if (!last) return [];   // the release went meanwhile: nothing left for helm to delete
    const data = (last as { data?: Record<string, string> }).data ?? {};
    if (!data.release) throw new FlowError('E_RELEASE_RECORD', `helm's record ${kind} ${last.metadata?.name} has no release data`, 'check the release with `helm status`; to go on without keeping those claims, use --purge', 1);
    let json: string, manifest: string | undefined;
    try {
      json = decodeRecord(data.release, recordDriver);
      manifest = readTopLevelString(json, 'manifest');
    } catch (e) {
      throw new FlowError('E_RELEASE_RECORD', `helm's record ${kind} ${last.metadata?.name} cannot be read: ${(e as Error).message}`, 'check the release with `helm status`; to go on without keeping those claims, use --purge', 1);
    }
    if (manifest === undefined) return [];
    const { text, changed } = annotateManifest(manifest, 'PersistentVolumeClaim', RESOURCE_POLICY, 'keep', claims);
    if (!changed.length) return claims;   // already marked (an earlier run got this far)
    const next: KubeObject = { ...last, data: { ...data, release: encodeRecord(replaceTopLevelString(json, 'manifest', text), recordDriver) } };
    try {
      await objs.replace(next);
      return claims;
    } catch (e) {
      // helm (or another run) wrote the record meanwhile: read it again, a couple of times.
      if ((e as { code?: number }).code === 409 && attempt < 3) continue;
      throw e;
    }
  }
}
