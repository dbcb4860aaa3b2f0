// Step "size and services": 8/16/32 cores with the suggestion from the nodes, then the sizing
// table with each service on or off; dependencies follow a toggle and the table says why.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function SizeScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
