// Step "ingress": internal (default), external (the warning shows as soon as it is highlighted),
// or none (port-forward).
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function IngressScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
