// The kubeconfig for a fake server. Plain http needs `insecure-skip-tls-verify: true` for
// client-node; mode 0600 keeps helm from warning that the file is group-readable.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeKubeconfig(dir: string, url: string, port: number): string {
  const path = join(dir, `kubeconfig-${port}.yaml`);
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: fake-cluster
  cluster:
    server: ${url}
    insecure-skip-tls-verify: true
contexts:
- name: fake
  context:
    cluster: fake-cluster
    user: fake-user
    namespace: default
current-context: fake
users:
- name: fake-user
  user:
    token: fake-token
preferences: {}
`, { mode: 0o600 });
  return path;
}
