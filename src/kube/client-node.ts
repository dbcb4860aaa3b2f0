// The parts of client-node the installer uses, imported by name and only from here, so that the
// bundler leaves out the generated clients of every other API group: client-node's chunk goes
// from 4.2 MB to 2.3 MB and loads that much faster on the way to helm (bench/install-timeline.ts).
// Load it with `await import('./client-node.ts')`, never import client-node's values elsewhere.
export {
  KubeConfig, CoreV1Api, AppsV1Api, BatchV1Api, StorageV1Api, AuthorizationV1Api, VersionApi, CoordinationV1Api,
  Watch, KubernetesObjectApi, V1MicroTime,
} from '@kubernetes/client-node';
