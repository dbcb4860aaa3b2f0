// Step "domain": suffix and prefix, with every FQDN of the chosen chart version previewed as
// it is typed.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function DomainScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
