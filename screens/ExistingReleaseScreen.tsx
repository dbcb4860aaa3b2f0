// Step "existing release": shown when the release exists: "upgrade of revision N (chart X)",
// and whether to start from its stored (or recovered) answers.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function ExistingReleaseScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
