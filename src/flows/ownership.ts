// Objects the chart makes that already exist and that helm will not take over. helm adopts an
// existing object only when it carries this release's marks (label app.kubernetes.io/managed-by=
// Helm, annotations meta.helm.sh/release-name and -namespace); otherwise it stops with "exists and
// cannot be imported into the current release" before it writes anything. Typical causes: a
// Wallaroo release under another name or namespace (its StorageClass is cluster-wide), or what an
// uninstall that kept data left behind and a reinstall under another name now meets.
import { FlowError } from './events.ts';
import { escapeControl } from '../util/escape.ts';
import { mapLimit } from '../util/map-limit.ts';
import { helmOwner } from './uninstall/marks.ts';

/** The code that lets an install go on despite the objects found (--ignore-preflight). */
export const OBJECTS_CODE = 'PF_OBJECTS';

export interface Conflict {
  kind: string;
  name: string;
  /** Empty for a cluster-wide object. */
  namespace: string;
  /** The release whose marks it carries, when it carries another release's. */
  owner?: { release?: string; namespace?: string };
}

export const HELM_MARKS = {
  managedBy: 'app.kubernetes.io/managed-by',
  release: 'meta.helm.sh/release-name',
  namespace: 'meta.helm.sh/release-namespace',
} as const;

/** Whose object it is by its marks: undefined when helm would adopt it into `release`/`namespace`. */
export function conflictOf(
  o: { kind: string; name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> },
  release: string, namespace: string,
): Conflict | undefined {
  const owner = helmOwner(o);
  // helm's own rule (checkOwnership): the label and both annotations, exactly.
  if (o.labels?.[HELM_MARKS.managedBy] === 'Helm' && owner?.release === release && owner.namespace === namespace) return undefined;
  return { kind: o.kind, name: o.name, namespace: o.namespace ?? '', ...(owner ? { owner } : {}) };
}

// helm 3: `Unable to continue with install: KIND "NAME" in namespace "NS" exists and cannot be
// imported into the current release: invalid ownership metadata; annotation validation error:
// key "meta.helm.sh/release-name" must equal "r": current value is "other"; ...` (helm 4: the same,
// "unable" in lower case; "with update" on an upgrade).
const HELM_CONFLICT = /(\w+) "([^"]+)" in namespace "([^"]*)" exists and cannot be imported into the current release/;
const CURRENT = (key: string) => new RegExp(`key "${key.replace(/[./]/g, '\\$&')}" must equal "[^"]*": current value is "([^"]*)"`);

/** The conflict helm's own error names, if that is why it stopped. */
export function conflictFromHelm(err: string): Conflict | undefined {
  const m = HELM_CONFLICT.exec(err);
  if (!m) return undefined;
  const release = CURRENT(HELM_MARKS.release).exec(err)?.[1];
  const ns = CURRENT(HELM_MARKS.namespace).exec(err)?.[1];
  return { kind: m[1], name: m[2], namespace: m[3], ...(release || ns ? { owner: { release, namespace: ns } } : {}) };
}

const where = (c: Conflict) => (c.namespace ? ` in namespace ${c.namespace}` : ' (cluster-wide)');
/** Carries this release's annotations, only the label is missing (made by hand, or relabelled). */
const oursButUnlabelled = (c: Conflict, release: string, namespace: string) => c.owner?.release === release && c.owner.namespace === namespace;
const whose = (c: Conflict, release: string, namespace: string) => (oursButUnlabelled(c, release, namespace)
  ? `carries release ${release}'s annotations but not the label ${HELM_MARKS.managedBy}=Helm`
  : c.owner?.release
    ? `belongs to release ${c.owner.release}${c.owner.namespace ? ` in namespace ${c.owner.namespace}` : ''}`
    : 'is not managed by helm');

export function describeConflict(c: Conflict, release: string, namespace: string): string {
  return escapeControl(`${c.kind} ${c.name}${where(c)} ${whose(c, release, namespace)}`, { oneLine: true });
}

/** What to do: the same advice for preflight and for helm's own refusal. */
export function conflictFix(cs: Conflict[], release: string, namespace: string, o: { ignorable?: boolean } = {}): string {
  const owners = [...new Set(cs.filter((c) => c.owner?.release && !oursButUnlabelled(c, release, namespace)).map((c) => `release ${c.owner!.release}${c.owner!.namespace ? ` in namespace ${c.owner!.namespace}` : ''}`))];
  const c = cs[0];
  const ref = `${c.kind.toLowerCase()}/${c.name}${c.namespace ? ` --namespace ${c.namespace}` : ''}`;
  return escapeControl([
    owners.length ? `${owners.join(', ')} ${owners.length === 1 ? 'owns' : 'own'} ${cs.length === 1 ? 'it' : 'some of them'}: to upgrade that release instead, use its release name and namespace; to replace it, uninstall it first (\`wallaroo-install uninstall\`)` : '',
    `if ${cs.length === 1 ? 'it is' : 'they are'} left over from an earlier install, delete ${cs.length === 1 ? 'it' : 'them'} (\`kubectl delete ${ref}\`${cs.length > 1 ? ', and the others likewise' : ''})`,
    `or hand ${cs.length === 1 ? 'it' : 'them'} to release ${release}: \`kubectl label ${ref} ${HELM_MARKS.managedBy}=Helm --overwrite\` and \`kubectl annotate ${ref} ${HELM_MARKS.release}=${release} ${HELM_MARKS.namespace}=${namespace} --overwrite\`; then run the same command again`,
    ...(o.ignorable ? [`if the chart makes ${cs.length === 1 ? 'it' : 'them'} only when missing (a \`lookup\` in its templates, which \`helm template\` cannot run), go on with --ignore-preflight ${OBJECTS_CODE}`] : []),
  ].filter(Boolean).join('; '), { oneLine: true });
}

/** helm refused to take over an existing object: said as such, with the way out. */
export function helmConflictError(err: string, release: string, namespace: string): FlowError | undefined {
  const c = conflictFromHelm(err);
  if (!c) return undefined;
  return new FlowError('E_OBJECT_CONFLICT',
    `helm stopped before applying the chart: ${describeConflict(c, release, namespace)}, and helm takes over only objects marked as release ${release}'s`,
    conflictFix([c], release, namespace), 1);
}

// ---- before anything is written: the objects a first install would meet ------------------

interface Rest { request<T = unknown>(method: string, path: string, o?: { accept?: string }): Promise<T> }

const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
interface Resource { plural: string; namespaced: boolean }

/** Kinds charts make, by apiVersion: no discovery request for them. Others are discovered. */
const KNOWN: Record<string, Record<string, Resource>> = (() => {
  const r = (namespaced: boolean, ...kinds: [string, string][]) => Object.fromEntries(kinds.map(([k, p]) => [k, { plural: p, namespaced }]));
  return {
    v1: {
      ...r(true, ['ConfigMap', 'configmaps'], ['Secret', 'secrets'], ['Service', 'services'], ['ServiceAccount', 'serviceaccounts'],
        ['PersistentVolumeClaim', 'persistentvolumeclaims'], ['Pod', 'pods'], ['Endpoints', 'endpoints'], ['LimitRange', 'limitranges'], ['ResourceQuota', 'resourcequotas']),
      ...r(false, ['Namespace', 'namespaces'], ['PersistentVolume', 'persistentvolumes']),
    },
    'apps/v1': r(true, ['Deployment', 'deployments'], ['StatefulSet', 'statefulsets'], ['DaemonSet', 'daemonsets'], ['ReplicaSet', 'replicasets']),
    'batch/v1': r(true, ['Job', 'jobs'], ['CronJob', 'cronjobs']),
    'networking.k8s.io/v1': { ...r(true, ['Ingress', 'ingresses'], ['NetworkPolicy', 'networkpolicies']), ...r(false, ['IngressClass', 'ingressclasses']) },
    'rbac.authorization.k8s.io/v1': { ...r(true, ['Role', 'roles'], ['RoleBinding', 'rolebindings']), ...r(false, ['ClusterRole', 'clusterroles'], ['ClusterRoleBinding', 'clusterrolebindings']) },
    'storage.k8s.io/v1': r(false, ['StorageClass', 'storageclasses'], ['CSIDriver', 'csidrivers']),
    'policy/v1': r(true, ['PodDisruptionBudget', 'poddisruptionbudgets']),
    'autoscaling/v2': r(true, ['HorizontalPodAutoscaler', 'horizontalpodautoscalers']),
    'apiextensions.k8s.io/v1': r(false, ['CustomResourceDefinition', 'customresourcedefinitions']),
    'admissionregistration.k8s.io/v1': r(false, ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations'], ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations']),
    'scheduling.k8s.io/v1': r(false, ['PriorityClass', 'priorityclasses']),
  };
})();

/** `v1`, `apps/v1`, `networking.k8s.io/v1beta1`: a DNS-style group, then a version. */
const API_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const base = (apiVersion: string) => (apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);

/** The kinds of one apiVersion the cluster serves (undefined: it serves none, or cannot say). */
async function discover(rest: Rest, apiVersion: string): Promise<Record<string, Resource> | undefined> {
  try {
    const list = await rest.request<{ resources?: { name: string; kind: string; namespaced: boolean }[] }>('GET', base(apiVersion));
    return Object.fromEntries((list.resources ?? []).filter((x) => !x.name.includes('/')).map((x) => [x.kind, { plural: x.name, namespaced: x.namespaced }]));
  } catch {
    return undefined;
  }
}

export interface ConflictQuery {
  refs: { apiVersion: string; kind: string; name: string; namespace?: string }[];
  release: string;
  namespace: string;
  /** Namespaced objects in the release's namespace are looked for only when it already exists
   *  (known once preflight has looked; cluster-wide ones are asked about meanwhile). */
  namespaceExists: boolean | Promise<boolean>;
}

/**
 * The objects of the chart that exist and that helm would refuse to take over, read with one GET
 * each (side by side). Only objects that can exist are asked about: cluster-wide ones, and
 * namespaced ones when their namespace exists. An object that cannot be read (no right to, an
 * API that fails) is left to helm, which says why when it meets it.
 */
export async function findConflicts(rest: Rest, q: ConflictQuery): Promise<Conflict[]> {
  const discovered = new Map<string, Promise<Record<string, Resource> | undefined>>();
  const resourceOf = async (apiVersion: string, kind: string) => {
    const known = KNOWN[apiVersion]?.[kind];
    if (known) return known;
    if (!discovered.has(apiVersion)) discovered.set(apiVersion, discover(rest, apiVersion));
    return (await discovered.get(apiVersion)!)?.[kind];
  };
  // At most 8 at a time (a chart may render a hundred objects), as the uninstall's reads.
  const found = await mapLimit(q.refs, 8, async (ref) => {
    // The chart's text goes into a request path: only a well-formed group/version is asked about.
    if (!API_VERSION.test(ref.apiVersion)) return undefined;
    const res = await resourceOf(ref.apiVersion, ref.kind);
    if (!res) return undefined;   // a kind the cluster does not serve (a CRD the chart brings): nothing to meet
    const ns = res.namespaced ? ref.namespace ?? q.namespace : undefined;
    if (ns === q.namespace && !(await q.namespaceExists)) return undefined;
    const path = `${base(ref.apiVersion)}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${res.plural}/${encodeURIComponent(ref.name)}`;
    try {
      // Its metadata only: a Secret's values are none of this check's business.
      const o = await rest.request<{ metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }>('GET', path, { accept: METADATA_ONLY });
      return conflictOf({ kind: ref.kind, name: ref.name, namespace: ns, labels: o.metadata?.labels, annotations: o.metadata?.annotations }, q.release, q.namespace);
    } catch {
      return undefined;   // not there (404), or unreadable: then helm's own check names it
    }
  });
  return found.filter((c): c is Conflict => c !== undefined);
}

const MAX_NAMED = 5;

/** Conflicts found before anything was written: one error naming them all (five, then a count). */
export function conflictsError(cs: Conflict[], release: string, namespace: string): FlowError {
  const named = cs.slice(0, MAX_NAMED).map((c) => describeConflict(c, release, namespace)).join('; ');
  const more = cs.length > MAX_NAMED ? `; and ${cs.length - MAX_NAMED} more` : '';
  return new FlowError('E_OBJECT_CONFLICT',
    `${cs.length === 1 ? 'an object' : `${cs.length} objects`} the chart makes already ${cs.length === 1 ? 'exists' : 'exist'} and helm would refuse to take ${cs.length === 1 ? 'it' : 'them'} over for release ${release}: ${named}${more}. Nothing was changed in the cluster`,
    conflictFix(cs, release, namespace, { ignorable: true }), 1);
}
