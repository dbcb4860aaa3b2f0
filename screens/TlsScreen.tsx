// Step "tls": none, an existing kubernetes.io/tls Secret (Tab completes the names found in the
// namespace), or certificate and key files (Tab completes paths; checked as they are typed).
// The step's questions and rules are in src/wizard/questions/; this screen only renders them.
import { StepScreen } from './StepScreen.tsx';
import type { ScreenProps } from './types.ts';

export function TlsScreen(p: ScreenProps) {
  return <StepScreen {...p} />;
}
