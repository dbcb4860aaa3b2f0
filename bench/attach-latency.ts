// How long an event takes from the running install's events file to a follower's renderer
// (`attach`, or a second `wallaroo-install` following the first): the replay of a whole run, and
// the latency of each new event. Run: node_modules/.bin/node --import tsx bench/attach-latency.ts
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { EventBus } from '../src/flows/events.ts';
import { followRun } from '../src/session/follow.ts';

const dir = mkdtempSync(join(tmpdir(), 'attach-bench-'));
const file = join(dir, 'run.events.jsonl');
const line = (o: object) => JSON.stringify({ time: new Date().toISOString(), ...o }) + '\n';

// A long run already on disk: 5,000 helm log lines.
writeFileSync(file, Array.from({ length: 5000 }, (_, i) => line({ type: 'log', step: 'helm', source: 'helm stdout', line: `line ${i} ${'x'.repeat(80)}` })).join(''));
const bus = new EventBus();
let seen = 0;
let stamp = 0;
const lat: number[] = [];
let replayed = 0;
const t0 = performance.now();
bus.on((e) => {
  seen++;
  if (seen === 5001) replayed = performance.now() - t0; // 5000 replayed + the announcement
  if (e.type === 'info' && e.message.startsWith('tick')) lat.push(performance.now() - stamp);
});
const done = followRun(bus, { eventsFile: file, announce: 'bench' });
await new Promise((r) => setTimeout(r, 300));
for (let i = 0; i < 50; i++) {
  stamp = performance.now();
  appendFileSync(file, line({ type: 'info', message: `tick ${i}` }));
  await new Promise((r) => setTimeout(r, 30));
}
appendFileSync(file, line({ type: 'run-ended', exitCode: 0 }));
await done;
lat.sort((a, b) => a - b);
console.log(`replay of 5000 events: ${replayed.toFixed(0)} ms`);
console.log(`new event → follower: median ${lat[25].toFixed(1)} ms, max ${lat[lat.length - 1].toFixed(1)} ms (n=${lat.length})`);
