// The inventory: everything the release and Wallaroo left in the cluster, in groups, read
// before anything is touched. Facts only; what happens to each object is plan.ts's decision.
//
// How a dynamic namespace is recognised: by its label app.kubernetes.io/part-of=wallaroo, or by
// its name (`<pipeline>-<id>`, `assay-*`, `task-*`). A name match is CONFIRMED only when at least
// one object inside carries Wallaroo's label (or helm's mark of this release, or is a wallaroo.ai
// custom resource); an unconfirmed one is listed as "not touched" so the admin sees why.
import type { Cluster } from '../install.ts';
import { objectApi, refOf, type KubeObject, type ObjectApi } from '../../kube/objects.ts';
import type { ManifestObject } from '../../helm/manifest.ts';
import { hookEvents } from '../../helm/manifest.ts';
import { readRelease } from './release-facts.ts';
import { readAccess } from './access-facts.ts';
import { leaseName, statusOf } from '../../session/lease.ts';
import { answersConfigMapName } from '../../session/answers-store.ts';
import { findRunningInstall, InstallRunning } from '../../session/install-lock.ts';
import {
  dynamicNamespaceKind, hasPartOf, helmOwner, helmRecordOf, isMarked, isOwned, isProtectedNamespace,
  isSystemMade, isWallarooClusterObject, madeByInstaller, ownedByOtherRelease, HOOK_ANNOTATION,
} from './marks.ts';
import { CLUSTER_KINDS, NAMESPACED_KINDS, PART_OF_SELECTOR, crdInfo, listKinds, type CrdInfo } from './scan.ts';
import { mapLimit } from '../../util/map-limit.ts';
import { refKey, type Inventory, type InventoryItem, type NamespaceFacts, type ObjRef, type PvcFacts } from './types.ts';

export interface InventoryTarget { release: string; namespace: string }

const meta = (o: KubeObject) => ({ ...o.metadata, type: (o as { type?: string }).type });
const terminating = (o: KubeObject) => Boolean(o.metadata?.deletionTimestamp);

/**
 * What a claim is and what happens to its data when it is deleted. The bound volume's own
 * persistentVolumeReclaimPolicy decides that, not its StorageClass's: admins patch volumes to
 * Retain before an uninstall to keep the data, and statically made volumes have no class at
 * all. The class's policy is used only when the volume cannot be read (no right to list
 * PersistentVolumes, or not made yet), and the facts say so.
 */
function pvcFacts(o: KubeObject, classes: Map<string, KubeObject>, volumes: Map<string, KubeObject> | undefined): PvcFacts {
  const p = o as { spec?: { storageClassName?: string; volumeName?: string; resources?: { requests?: { storage?: string } } }; status?: { phase?: string; capacity?: { storage?: string } } };
  const sc = p.spec?.storageClassName, volume = p.spec?.volumeName;
  const pv = volume ? volumes?.get(volume) as { spec?: { persistentVolumeReclaimPolicy?: string } } | undefined : undefined;
  const classPolicy = sc ? (classes.get(sc) as { reclaimPolicy?: string } | undefined)?.reclaimPolicy ?? (classes.has(sc) ? 'Delete' : undefined) : undefined;
  const fromVolume = pv?.spec?.persistentVolumeReclaimPolicy;
  // Volumes were listed and this claim's is not among them: it no longer exists (a Lost claim).
  const volumeGone = Boolean(volume && volumes && !pv);
  return {
    size: p.status?.capacity?.storage ?? p.spec?.resources?.requests?.storage,
    storageClass: sc, phase: p.status?.phase, volume, ...(volumeGone ? { volumeGone } : {}),
    ...(fromVolume ? { reclaimPolicy: fromVolume, reclaimFrom: 'volume' as const }
      : classPolicy && !volumeGone ? { reclaimPolicy: classPolicy, reclaimFrom: 'storageClass' as const } : {}),
  };
}

/** Every PersistentVolume by name; undefined when they cannot be listed (a namespaced admin). */
async function listVolumes(objs: ObjectApi): Promise<Map<string, KubeObject> | undefined> {
  try {
    const list = await objs.list('v1', 'PersistentVolume');
    return list ? new Map(list.map((v) => [v.metadata?.name ?? '', v])) : undefined;
  } catch (e) {
    if (statusOf(e) === 403) return undefined;
    throw e;
  }
}

export async function takeInventory(c: Cluster, t: InventoryTarget, signal?: AbortSignal): Promise<Inventory> {
  const objs = await objectApi(c.target);
  const { release, namespace } = t;
  // helm and the API are asked side by side: helm's two calls are the slow part.
  const [helmSide, clusterLists, namespaces, volumes] = await Promise.all([
    readRelease(c.helm, release, namespace, signal),
    mapLimit(CLUSTER_KINDS, 4, async ([av, kind, byLabel]) =>
      ({ kind, av, list: (await objs.list(av, kind, byLabel ? { labelSelector: PART_OF_SELECTOR } : {})) ?? [] })),
    objs.list('v1', 'Namespace').then((l) => l ?? []),
    listVolumes(objs),
  ]);
  const items: InventoryItem[] = [];
  const seen = new Set<string>();
  const add = (i: InventoryItem) => { const k = refKey(i); if (!seen.has(k)) { seen.add(k); items.push(i); } };

  // Cluster-scoped first: the CRDs tell which custom resource kinds to look for in namespaces.
  const storageClasses = new Map((clusterLists.find((l) => l.kind === 'StorageClass')?.list ?? []).map((s) => [s.metadata?.name ?? '', s]));
  const crds = (clusterLists.find((l) => l.kind === 'CustomResourceDefinition')?.list ?? [])
    .filter((o) => isWallarooClusterObject('CustomResourceDefinition', { ...meta(o), group: crdInfo(o)?.group }));
  const crdKinds = crds.map(crdInfo).filter((x): x is CrdInfo => Boolean(x));
  const crKinds: [string, string][] = crdKinds.filter((k) => k.namespaced).map((k) => [`${k.group}/${k.version}`, k.kind]);
  const scanKinds = [...NAMESPACED_KINDS, ...crKinds];
  // One list per kind for the whole cluster (not one per namespace: Wallaroo may have made dozens),
  // then sorted by namespace here. Only metadata and a few fields are kept from it.
  const [all, clusterCrs] = await Promise.all([
    listKinds(objs, scanKinds, {}),
    mapLimit(crdKinds.filter((k) => !k.namespaced), 4, (k) => objs.list(`${k.group}/${k.version}`, k.kind)),
  ]);
  const byNs = new Map<string, KubeObject[]>();
  for (const o of all) {
    const ns = o.metadata?.namespace ?? '';
    const list = byNs.get(ns);
    if (list) list.push(o); else byNs.set(ns, [o]);
  }
  const customResources = new Map<string, number>();
  for (const k of crdKinds) customResources.set(k.name, all.filter((o) => o.apiVersion === `${k.group}/${k.version}` && o.kind === k.kind).length);
  crdKinds.filter((k) => !k.namespaced).forEach((k, i) => customResources.set(k.name, clusterCrs[i]?.length ?? 0));
  // Everything listed above, to tell which objects of the release are still there without a read each.
  const listed = new Map<string, KubeObject>();
  const listedKinds = new Set([...scanKinds.map(([av, k]) => `${av}|${k}`), 'v1|Namespace', ...CLUSTER_KINDS.filter(([, , byLabel]) => !byLabel).map(([av, k]) => `${av}|${k}`)]);
  for (const o of [...all, ...namespaces, ...clusterLists.flatMap((l) => l.list)]) listed.set(refKey(refOf(o)), o);
  const readOne = (r: ObjRef) => (listedKinds.has(`${r.apiVersion}|${r.kind}`) ? Promise.resolve(listed.get(refKey(r))) : objs.read(r));

  // The release's own objects, as helm recorded them.
  const manifestRefs = await resolveNamespaces(objs, helmSide.manifest, namespace);
  const inRelease = new Set(manifestRefs.map(refKey));
  const live = await mapLimit(manifestRefs, 8, readOne);
  manifestRefs.forEach((r, i) => {
    const o = live[i];
    if (r.kind === 'PersistentVolumeClaim') {
      if (o) add({ ...r, group: 'data', inRelease: true, terminating: terminating(o), pvc: pvcFacts(o, storageClasses, volumes) });
      return;
    }
    add({ ...r, group: 'release', inRelease: true, ...(o ? { terminating: terminating(o) } : { note: 'already gone' }) });
  });

  // Hooks the release declared that are still in the cluster (post-install Jobs stay behind).
  const hookRefs = await resolveNamespaces(objs, helmSide.hooks, namespace);
  const hookLive = await mapLimit(hookRefs, 8, readOne);
  hookRefs.forEach((r, i) => {
    if (hookLive[i]) add({ ...r, group: 'hooks', terminating: terminating(hookLive[i]!), note: `${hookEvents(helmSide.hooks[i]).join(',')} hook` });
  });

  // Namespaces: the release's, and the dynamic ones Wallaroo made at run time.
  const relNs = namespaces.find((n) => n.metadata?.name === namespace);
  const isCustom = (o: KubeObject) => crdKinds.some((k) => o.apiVersion === `${k.group}/${k.version}` && o.kind === k.kind);
  const ours = (o: KubeObject) => isCustom(o) || isMarked(meta(o), release, namespace) || helmRecordOf(meta(o)) === release;
  const unmarkedIn = (list: KubeObject[]) => list
    .filter((o) => !ours(o) && !isOwned(meta(o)) && !isSystemMade(o.kind ?? '', meta(o)) && !inRelease.has(refKey(refOf(o))))
    .map((o) => `${o.kind}/${o.metadata?.name}`);

  let relContent: KubeObject[] = [];
  if (relNs) {
    relContent = byNs.get(namespace) ?? [];
    for (const o of relContent) {
      const m = meta(o), ref = refOf(o), kind = o.kind ?? '';
      if (inRelease.has(refKey(ref)) || helmRecordOf(m) || isOwned(m) || isSystemMade(kind, m)) continue;
      if (ownedByOtherRelease(m, release, namespace)) continue;
      if (m.name === answersConfigMapName(release) || (madeByInstaller(m) && kind !== 'PersistentVolumeClaim')) {
        add({ ...ref, group: 'install', terminating: terminating(o), note: installNote(kind, m.name === answersConfigMapName(release)) });
      } else if (kind === 'PersistentVolumeClaim' && ours(o)) {
        add({ ...ref, group: 'data', terminating: terminating(o), pvc: pvcFacts(o, storageClasses, volumes) });
      } else if (m.annotations?.[HOOK_ANNOTATION] && ours(o)) {
        add({ ...ref, group: 'hooks', terminating: terminating(o), note: `${m.annotations[HOOK_ANNOTATION]} hook` });
      } else if (ours(o)) {
        add({ ...ref, group: 'hooks', terminating: terminating(o), note: 'made at run time' });
      }
    }
  }

  const candidates = namespaces.filter((n) => {
    const name = n.metadata?.name ?? '';
    return name !== namespace && !isProtectedNamespace(name) && (hasPartOf(meta(n)) || dynamicNamespaceKind(name));
  });
  const contents = candidates.map((n) => byNs.get(n.metadata?.name ?? '') ?? []);
  candidates.forEach((n, i) => {
    const name = n.metadata!.name!, content = contents[i];
    const marked = content.filter((o) => ours(o) && !isOwned(meta(o)));
    const confirmedBy = content.some((o) => hasPartOf(meta(o)) || isCustom(o) || helmOwner(meta(o))?.release === release);
    const facts: NamespaceFacts = {
      matchedBy: hasPartOf(meta(n)) ? 'label' : 'name', confirmed: hasPartOf(meta(n)) || confirmedBy,
      unmarked: unmarkedIn(content), marked: marked.length,
      pvcs: content.filter((o) => o.kind === 'PersistentVolumeClaim').length, terminating: terminating(n),
    };
    const kind = dynamicNamespaceKind(name);
    const ref: ObjRef = { apiVersion: 'v1', kind: 'Namespace', name };
    if (!facts.confirmed) {
      add({ ...ref, group: 'namespaces', ns: facts, protectedBecause: `its name looks like ${kind === 'pipeline' ? 'a pipeline' : `an ${kind}`} namespace, but nothing in it carries ${PART_OF_SELECTOR}` });
      return;
    }
    add({ ...ref, group: 'namespaces', ns: facts, terminating: terminating(n), note: kind ? `${kind} namespace` : 'labelled part-of=wallaroo' });
    for (const o of marked) {
      if (o.kind === 'PersistentVolumeClaim') add({ ...refOf(o), group: 'data', terminating: terminating(o), pvc: pvcFacts(o, storageClasses, volumes) });
      else if (facts.unmarked.length) add({ ...refOf(o), group: 'namespaces', terminating: terminating(o), note: 'Wallaroo object in a namespace that also holds others' });
    }
  });

  // Objects with Wallaroo's label anywhere else: listed; those in kube-* and default are never touched.
  const scanned = new Set([namespace, ...candidates.map((n) => n.metadata?.name)]);
  for (const o of all) {
    const ns = o.metadata?.namespace ?? '';
    if (!hasPartOf(meta(o)) || scanned.has(ns) || isOwned(meta(o)) || ownedByOtherRelease(meta(o), release, namespace)) continue;
    const ref = refOf(o);
    if (isProtectedNamespace(ns)) add({ ...ref, group: 'namespaces', protectedBecause: `it is in namespace ${ns}, which wallaroo-install never touches` });
    else if (o.kind === 'PersistentVolumeClaim') add({ ...ref, group: 'data', terminating: terminating(o), pvc: pvcFacts(o, storageClasses, volumes) });
    else add({ ...ref, group: 'namespaces', terminating: terminating(o), note: `labelled part-of=wallaroo in namespace ${ns}` });
  }

  // Cluster-scoped leftovers not in the release (those are helm's to delete).
  for (const { list } of clusterLists) {
    for (const o of list) {
      const m = meta(o), ref = refOf(o);
      const info = o.kind === 'CustomResourceDefinition' ? crdInfo(o) : undefined;
      if (inRelease.has(refKey(ref)) || !isWallarooClusterObject(o.kind ?? '', { ...m, group: info?.group })) continue;
      const item: InventoryItem = { ...ref, group: 'cluster', terminating: terminating(o) };
      if (info) item.crd = { kind: info.kind, customResources: customResources.get(info.name) ?? 0 };
      if (ownedByOtherRelease(m, release, namespace)) item.protectedBecause = `helm release ${helmOwner(m)!.release} owns it`;
      add(item);
    }
  }

  // The install lock (session's): held by a running install (or uninstall), the uninstall must not start.
  const lease = relNs ? await objs.read({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name: leaseName(release), namespace }) : undefined;
  if (lease) add({ ...refOf(lease), group: 'install', note: 'install lock (expired)' });
  const running = await findRunningInstall(c, release, namespace);
  const held = running ? new InstallRunning(running, c.target.context) : undefined;
  const cm = relContent.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === answersConfigMapName(release));

  return {
    context: c.target.context, cluster: c.target.cluster, server: c.target.server, release, namespace,
    helmRelease: helmSide.facts, items,
    releaseNamespace: {
      exists: Boolean(relNs), marked: Boolean(relNs && (hasPartOf(meta(relNs)) || madeByInstaller(meta(relNs)))),
      terminating: relNs ? terminating(relNs) : undefined,
      unmarked: unmarkedIn(relContent),
    },
    installRunning: held ? { code: held.code, cause: held.cause_, fix: held.fix } : undefined,
    access: await readAccess(c, namespace, helmSide, cm),
    storageDriver: (process.env.HELM_DRIVER || 'secret').toLowerCase(),
  };
}

function installNote(kind: string, named: boolean): string {
  if (named && kind === 'ConfigMap') return 'answers of the install (no secrets in it)';
  if (kind === 'Secret') return 'made by wallaroo-install for the values';
  return 'made by wallaroo-install';
}

/** Manifest objects with their namespace filled in (namespaced kinds default to the release namespace). */
async function resolveNamespaces(objs: ObjectApi, list: ManifestObject[], namespace: string): Promise<ObjRef[]> {
  const scope = new Map<string, boolean | undefined>();
  for (const m of list) if (!scope.has(`${m.apiVersion}|${m.kind}`)) scope.set(`${m.apiVersion}|${m.kind}`, await objs.namespaced(m.apiVersion, m.kind));
  return list.map((m) => {
    const ns = scope.get(`${m.apiVersion}|${m.kind}`) === false ? undefined : m.namespace ?? namespace;
    return { apiVersion: m.apiVersion, kind: m.kind, name: m.name, ...(ns ? { namespace: ns } : {}) };
  });
}
