// The parts of client-node the installer still uses, imported by name and only from here, so that
// the bundler leaves out the generated clients it does not need: KubeConfig (a legacy
// auth-provider, a proxy-url) and the generic object API (uninstall). Our own client (rest.ts)
// does everything else. Load it with `await import('./client-node.ts')`, never import
// client-node's values elsewhere.
export { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
