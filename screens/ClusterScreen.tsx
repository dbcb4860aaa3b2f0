// Step "cluster": the kubeconfig contexts (current first, each with its server URL), whether the
// chosen one answers, and the way on without a cluster; then release and namespace.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function ClusterScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
