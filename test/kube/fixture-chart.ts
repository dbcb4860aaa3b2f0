// A throwaway chart that exercises what the fake API must handle: Deployment with a claim,
// LoadBalancer Service, Secret, ConfigMap, PVC, a cluster-scoped StorageClass, a post-install
// hook Job and a pre-delete hook Job. Plus helpers to run the real binaries against a server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { helmPath, isolatedHelmEnv, kubectlPath, type HelmMajor } from '../support/tools.ts';

const files: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: tiny\nversion: 0.1.0\nappVersion: "1.0"\n',
  'values.yaml': 'image: registry.example/app:1.0\nreplicas: 1\npassword: initial\ngreeting: hello\nhookImage: registry.example/migrate:1.0\n',
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
  labels: { app: {{ .Release.Name }}-api }
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }}-api }
  template:
    metadata:
      labels: { app: {{ .Release.Name }}-api, tier: api }
    spec:
      containers:
        - name: api
          image: {{ .Values.image }}
          ports: [{ containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 128Mi } }
          env:
            - name: PASSWORD
              valueFrom: { secretKeyRef: { name: {{ .Release.Name }}-creds, key: password } }
          volumeMounts: [{ name: data, mountPath: /data }]
      volumes:
        - name: data
          persistentVolumeClaim: { claimName: {{ .Release.Name }}-data }
`,
  'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-lb
spec:
  type: LoadBalancer
  selector: { app: {{ .Release.Name }}-api }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`,
  'templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-creds
type: Opaque
stringData:
  password: {{ .Values.password | quote }}
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: {{ .Values.greeting | quote }}
`,
  'templates/pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ .Release.Name }}-data
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: {{ .Release.Name }}-sc
  resources: { requests: { storage: 1Gi } }
`,
  'templates/storageclass.yaml': `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: {{ .Release.Name }}-sc
provisioner: fake.csi.k8s.io
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
`,
  'templates/hook-migrate.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    "helm.sh/hook": post-install
    "helm.sh/hook-delete-policy": before-hook-creation
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: {{ .Values.hookImage }} }]
`,
  'templates/hook-cleanup.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-cleanup
  annotations:
    "helm.sh/hook": pre-delete
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: cleanup, image: {{ .Values.hookImage }} }]
`,
};

export function writeTestChart(dir: string): string {
  const root = join(dir, 'tiny');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

export interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }
export interface Running { child: ChildProcess; done: Promise<RunResult> }

export function start(bin: string, args: string[], env: Record<string, string>): Running {
  const t0 = Date.now();
  const child = spawn(bin, args, { env: { PATH: process.env.PATH ?? '', HOME: env.HELM_CONFIG_HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const done = new Promise<RunResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 })));
  return { child, done };
}

/** Runs helm 3 or 4 with its own config/cache/data dirs and the fake's kubeconfig. */
export function helm(major: HelmMajor, dir: string, kubeconfig: string, args: string[]): Promise<RunResult> {
  return start(helmPath(major), args, isolatedHelmEnv(dir, kubeconfig)).done;
}
export function startHelm(major: HelmMajor, dir: string, kubeconfig: string, args: string[]): Running {
  return start(helmPath(major), args, isolatedHelmEnv(dir, kubeconfig));
}
export function kubectl(dir: string, kubeconfig: string, args: string[]): Promise<RunResult> {
  return start(kubectlPath(), args, isolatedHelmEnv(dir, kubeconfig)).done;
}
