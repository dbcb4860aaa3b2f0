// --json: one JSON object per line on stdout, nothing else. `event` names the kind; the rest of
// the fields are the event's own (see FlowEvent). Stable for scripts.
import type { FlowEvent } from '../flows/events.ts';

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls (0x9b is a CSI on some
// terminals), line separators and bidi overrides raw: escape those too, still valid JSON.
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function jsonRenderer(out: NodeJS.WritableStream): (e: FlowEvent) => void {
  return (e) => {
    const { type, ...rest } = e;
    const line = JSON.stringify({ event: type, time: new Date().toISOString(), ...rest })
      .replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    out.write(line + '\n');
  };
}
