// Step "registries": online or air gap (image registry, image-values.yaml, pull secret), then
// the private model registry, edge OCI registry and private PyPI, passwords masked.
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function RegistriesScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
