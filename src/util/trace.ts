// Where a run's time goes: with WALLAROO_INSTALL_TRACE=1, one stderr line per milestone, in
// milliseconds since the process started (performance.timeOrigin), with the CPU time used so far. bench/install-timeline.ts
// merges these with the API's request log. Off by default; costs one env lookup when off.
const on = Boolean(process.env.WALLAROO_INSTALL_TRACE);

export function trace(what: string): void {
  if (!on) return;
  // The process's CPU time so far beside the clock: on a busy machine the two part ways.
  const cpu = process.cpuUsage();
  process.stderr.write(`[trace ${performance.now().toFixed(0).padStart(5)} ms] ${what} (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)\n`);
}

/** Traces a promise's start and end under one label; returns it unchanged. */
export function traced<T>(what: string, p: Promise<T>): Promise<T> {
  if (!on) return p;
  trace(`${what}: start`);
  p.then(() => trace(`${what}: done`), () => trace(`${what}: failed`));
  return p;
}
