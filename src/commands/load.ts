// Shared by every command that takes --preset: load it, report problems (exit 2) and warnings.
import { loadPreset, type LoadedPreset, type LoadOptions } from '../config/load-preset.ts';
import { keyPath } from '../config/problems.ts';
import { EventBus, FlowError } from '../flows/events.ts';
import { showPath } from '../util/escape.ts';
import { displayPath } from '../util/display-path.ts';

export function loadPresetOrFail(file: string, bus: EventBus, opts: LoadOptions = {}): LoadedPreset {
  const r = loadPreset(file, process.env, process.cwd(), opts);
  if (!r.ok) {
    bus.emit({ type: 'problems', file: displayPath(r.file), problems: r.problems });
    const n = r.problems.filter((p) => p.level === 'error').length;
    throw new FlowError('E_BAD_PRESET', `${n} problem${n === 1 ? '' : 's'} in ${showPath(r.file)}; nothing was changed`, 'fix the keys listed above and run again', 2);
  }
  // Weak secrets are not masked (it would garble other text); the loader warned about them.
  for (const [k, v] of r.preset.secrets) if (!r.preset.unmaskable.has(k) && !r.preset.unresolved.has(k)) bus.secret(v);
  if (r.preset.tlsFiles) bus.secret(r.preset.tlsFiles.key);
  for (const w of r.preset.warnings) {
    bus.emit({ type: 'warning', code: w.code, message: w.message, fix: w.fix, key: keyPath(w.path) || undefined, file: displayPath(w.file), line: w.line });
  }
  return r.preset;
}

/** Lets a pending Ctrl-C/SIGTERM be handled (its listener runs on the event loop). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * loadPresetOrFail for commands that have nothing async of their own (render): loading is
 * synchronous (and bounded: 1 MiB, linear time), so a Ctrl-C during it is only seen once the
 * event loop runs again; this gives it that chance and stops with the cancel before any file
 * is written.
 */
export async function loadPresetCancellable(file: string, bus: EventBus, opts: LoadOptions = {}, signal?: AbortSignal): Promise<LoadedPreset> {
  await yieldToEventLoop();
  if (signal?.aborted) throw signal.reason;
  const preset = loadPresetOrFail(file, bus, opts);
  await yieldToEventLoop();
  if (signal?.aborted) throw signal.reason;
  return preset;
}
