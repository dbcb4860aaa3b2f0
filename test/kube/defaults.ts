// Admission: the defaulting and the few validations a real apiserver applies. Helm 3 reads
// defaulted fields without nil checks (Deployment strategy.rollingUpdate, Job completions and
// backoffLimit...) and panics when they are missing, so these are not optional.
import type { ResourceInfo } from './resources.ts';
import { type Admit, type Store, invalid } from './store.ts';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const CRD_CLEANUP = 'customresourcecleanup.apiextensions.k8s.io';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function defaultPodSpec(spec: any): void {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.imagePullPolicy ??= /:[^/:]+$/.test(c.image ?? '') && !String(c.image).endsWith(':latest') ? 'IfNotPresent' : 'Always';
    c.resources ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
  }
}

export function makeAdmit(store: () => Store): Admit {
  let nextIp = 10, nextNodePort = 30000;

  const defaulters: Record<string, (o: any, old: any, causes: string[]) => void> = {
    Namespace(o, old) {
      o.spec ??= {};
      if (!old) o.spec.finalizers ??= ['kubernetes'];   // removed again by the namespace controller
      // Conditions are the namespace controller's; a namespace being deleted stays Terminating.
      o.status = { ...o.status, phase: o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? 'Active' };
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
    },
    Secret(o, old, causes) {
      o.type ??= old?.type ?? 'Opaque';
      if (o.stringData) {
        o.data ??= {};
        for (const [k, v] of Object.entries(o.stringData)) o.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete o.stringData;
      }
      for (const [k, v] of Object.entries(o.data ?? {})) if (!BASE64.test(String(v))) causes.push(`data[${k}]: Invalid value: not base64`);
      if (old && old.type !== o.type) causes.push(`type: Invalid value: "${o.type}": field is immutable`);
      const need = o.type === 'kubernetes.io/tls' ? ['tls.crt', 'tls.key']
        : o.type === 'kubernetes.io/dockerconfigjson' ? ['.dockerconfigjson'] : [];
      for (const k of need) if (!o.data?.[k]) causes.push(`data[${k}]: Required value`);
      if (o.type === 'kubernetes.io/dockerconfigjson' && o.data?.['.dockerconfigjson']) {
        try { JSON.parse(Buffer.from(o.data['.dockerconfigjson'], 'base64').toString()); }
        catch { causes.push('data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character'); }
      }
    },
    Service(o, old) {
      const s = (o.spec ??= {});
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      if (s.type !== 'ExternalName') {
        s.clusterIP ??= old?.spec?.clusterIP ?? `10.96.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
        s.clusterIPs ??= [s.clusterIP];
        s.ipFamilies ??= ['IPv4'];
        s.ipFamilyPolicy ??= 'SingleStack';
        s.internalTrafficPolicy ??= 'Cluster';
      }
      const nodePorts = s.type === 'LoadBalancer' || s.type === 'NodePort';
      if (nodePorts) s.externalTrafficPolicy ??= 'Cluster';
      if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
      for (const p of s.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if (nodePorts) p.nodePort ??= old?.spec?.ports?.find((q: any) => q.port === p.port)?.nodePort ?? nextNodePort++;
      }
      o.status ??= { loadBalancer: {} };
    },
    Pod(o, old) {
      defaultPodSpec(o.spec);
      o.spec.serviceAccountName ??= 'default';
      o.spec.enableServiceLinks ??= true;
      o.spec.priority ??= 0;
      if (!old) o.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
    },
    Deployment(o, _old, causes) {
      const s = (o.spec ??= {});
      s.replicas ??= 1;
      s.revisionHistoryLimit ??= 10;
      s.progressDeadlineSeconds ??= 600;
      s.strategy ??= { type: 'RollingUpdate' };
      if (s.strategy.type === 'RollingUpdate') s.strategy.rollingUpdate ??= { maxUnavailable: '25%', maxSurge: '25%' };
      workloadChecks(s, causes);
      defaultPodSpec(s.template?.spec);
    },
    ReplicaSet(o, _old, causes) {
      o.spec ??= {};
      o.spec.replicas ??= 1;
      workloadChecks(o.spec, causes);
      defaultPodSpec(o.spec.template?.spec);
    },
    StatefulSet(o, _old, causes) {
      const s = (o.spec ??= {});
      s.replicas ??= 1;
      s.podManagementPolicy ??= 'OrderedReady';
      s.revisionHistoryLimit ??= 10;
      s.updateStrategy ??= { type: 'RollingUpdate' };
      if (s.updateStrategy.type === 'RollingUpdate') s.updateStrategy.rollingUpdate ??= { partition: 0 };
      s.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      workloadChecks(s, causes);
      defaultPodSpec(s.template?.spec);
    },
    DaemonSet(o, _old, causes) {
      const s = (o.spec ??= {});
      s.revisionHistoryLimit ??= 10;
      s.updateStrategy ??= { type: 'RollingUpdate' };
      if (s.updateStrategy.type === 'RollingUpdate') s.updateStrategy.rollingUpdate ??= { maxUnavailable: 1, maxSurge: 0 };
      workloadChecks(s, causes);
      defaultPodSpec(s.template?.spec);
    },
    Job(o, old) {
      const s = (o.spec ??= {});
      s.parallelism ??= 1;
      s.completions ??= 1;
      s.backoffLimit ??= 6;
      s.completionMode ??= 'NonIndexed';
      s.suspend ??= false;
      s.podReplacementPolicy ??= 'TerminatingOrFailed';
      // The job controller finds its pods by this uid label; kubectl logs job/X relies on it.
      const uid = o.metadata.uid;
      s.selector ??= old?.spec?.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      const t = (s.template ??= {});
      t.metadata ??= {};
      t.metadata.labels = {
        'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': o.metadata.name,
        'controller-uid': uid, 'job-name': o.metadata.name, ...t.metadata.labels,
      };
      defaultPodSpec(t.spec);
    },
    PersistentVolumeClaim(o, old) {
      const s = (o.spec ??= {});
      s.volumeMode ??= 'Filesystem';
      if (!old && s.storageClassName === undefined) {
        const def = store().all('StorageClass', 'storage.k8s.io/v1')
          .find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
        if (def) s.storageClassName = def.metadata.name;
      }
      if (!old) {
        o.status ??= { phase: 'Pending' };
        // The StorageObjectInUseProtection admission plugin: a claim in use is not deleted under its pod.
        o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), PVC_PROTECTION])];
      }
    },
    CustomResourceDefinition(o, old) {
      // The apiserver deletes every custom resource before the CRD itself goes.
      if (!old) o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), CRD_CLEANUP])];
    },
    StorageClass(o, _old, causes) {
      o.reclaimPolicy ??= 'Delete';
      o.volumeBindingMode ??= 'Immediate';
      if (!o.provisioner) causes.push('provisioner: Required value');
    },
  };

  return (ri: ResourceInfo, obj: any, old: any) => {
    const causes: string[] = [];
    const name = obj.metadata?.name ?? '';
    const rbac = ri.group === 'rbac.authorization.k8s.io';
    const re = ri.kind === 'Namespace' || ri.kind === 'Service' ? LABEL : SUBDOMAIN;
    if (!rbac && (!re.test(name) || name.length > (re === LABEL ? 63 : 253))) {
      causes.push(`metadata.name: Invalid value: "${name}": a lowercase RFC 1123 ${re === LABEL ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-'${re === LABEL ? '' : " or '.'"}, and must start and end with an alphanumeric character`);
    }
    if (!ri.group || ri.group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(ri.group)) {
      defaulters[ri.kind]?.(obj, old, causes);
    }
    if (causes.length) throw invalid(ri, name, causes);
  };
}

function workloadChecks(spec: any, causes: string[]) {
  const sel = spec.selector?.matchLabels, labels = spec.template?.metadata?.labels ?? {};
  if (!spec.selector) causes.push('spec.selector: Required value');
  else if (sel && !Object.entries(sel).every(([k, v]) => labels[k] === v)) {
    causes.push(`spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
  }
}
