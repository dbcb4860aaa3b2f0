// --json: one JSON object per line on stdout, nothing else. `event` names the kind; the rest of
// the fields are the event's own (see FlowEvent). Stable for scripts.
import type { FlowEvent } from '../flows/events.ts';

export function jsonRenderer(out: NodeJS.WritableStream): (e: FlowEvent) => void {
  return (e) => {
    const { type, ...rest } = e;
    out.write(JSON.stringify({ event: type, time: new Date().toISOString(), ...rest }) + '\n');
  };
}
