// Step "advanced" (skippable): nodepools, retention, Plateau disk, identity providers, the
// uninstall hook, the helm timeout.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function AdvancedScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
