// Shared by every command that takes --preset: load it, report problems (exit 2) and warnings.
import { loadPreset, type LoadedPreset, type LoadOptions } from '../config/load-preset.ts';
import { keyPath } from '../config/problems.ts';
import { EventBus, FlowError } from '../flows/events.ts';
import { relative } from 'node:path';

export function loadPresetOrFail(file: string, bus: EventBus, opts: LoadOptions = {}): LoadedPreset {
  const r = loadPreset(file, process.env, process.cwd(), opts);
  if (!r.ok) {
    bus.emit({ type: 'problems', file: relative(process.cwd(), r.file) || r.file, problems: r.problems });
    const n = r.problems.filter((p) => p.level === 'error').length;
    throw new FlowError('E_BAD_PRESET', `${n} problem${n === 1 ? '' : 's'} in ${r.file}; nothing was changed`, 'fix the keys listed above and run again', 2);
  }
  for (const v of r.preset.secrets.values()) bus.secret(v);
  if (r.preset.tlsFiles) bus.secret(r.preset.tlsFiles.key);
  for (const w of r.preset.warnings) {
    bus.emit({ type: 'warning', code: w.code, message: w.message, fix: w.fix, key: keyPath(w.path) || undefined, file: relative(process.cwd(), w.file) || w.file, line: w.line });
  }
  return r.preset;
}
