// Step "chart": Replicated channel + version + license ID (masked), an oci:// reference, or a
// local archive for an air gap.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function ChartScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
