// Step "distribution": the five supported distributions, the one detected from the nodes first
// highlighted, with the evidence (providerID, kURL label).
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function DistributionScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
