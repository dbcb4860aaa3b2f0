// `wallaroo-install presets [list]`, `presets show NAME`, `presets show NAME --write DIR`: the ready
// presets shipped in the package, for users who installed it with npm and have no presets/
// folder at hand. --write copies the preset together with schema.json, so that its first line
// (`# yaml-language-server: $schema=./schema.json`) still resolves in the editor.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliOptions } from '../cli/args.ts';
import { FlowError, type EventBus } from '../flows/events.ts';
import { writePrivateFile, checkWriteTarget, prepareOutputDir, fileHolds } from '../util/files.ts';
import { closest } from '../util/closest.ts';
import { quoteInput } from '../util/escape.ts';

export const SCHEMA_FILE = 'schema.json';

/** The presets folder: beside dist/ in the package, or at the repo root when run from source. */
export function presetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const d of [join(here, '..', 'presets'), join(here, '..', '..', 'presets')]) {
    if (existsSync(join(d, SCHEMA_FILE))) return d;
  }
  throw new FlowError('E_NO_PRESETS', 'the ready presets are missing from this installation of wallaroo-install', 'reinstall the package (npm install -g wallaroo-install)', 1);
}

export interface ShippedPreset { name: string; file: string; description: string }

/** The first sentence of the comment at the top of a preset (after the $schema line). */
export function presetDescription(text: string): string {
  const comment: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const t = line.replace(/^#\s?/, '').trim();
    if (t.startsWith('yaml-language-server:')) continue;
    if (!t) { if (comment.length) break; continue; }
    comment.push(t);
  }
  const joined = comment.join(' ');
  const end = joined.search(/\.(\s|$)/);
  return end >= 0 ? joined.slice(0, end + 1) : joined;
}

export function shippedPresets(): ShippedPreset[] {
  const dir = presetsDir();
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({
    name: f.replace(/\.yaml$/, ''), file: join(dir, f), description: presetDescription(readFileSync(join(dir, f), 'utf8')),
  }));
}

function findPreset(name: string | undefined): ShippedPreset {
  const all = shippedPresets();
  if (!name) throw new FlowError('E_USAGE', '`presets show` needs the name of a preset', `run \`wallaroo-install presets show NAME\` with one of: ${all.map((p) => p.name).join(', ')}`, 2);
  const wanted = name.replace(/\.ya?ml$/, '');
  const hit = all.find((p) => p.name === wanted);
  if (hit) return hit;
  const guess = closest(wanted, all.map((p) => p.name));
  throw new FlowError('E_UNKNOWN_PRESET', `there is no ready preset named ${quoteInput(name)}`,
    `${guess ? `did you mean ${guess}? ` : ''}\`wallaroo-install presets\` lists them: ${all.map((p) => p.name).join(', ')}`, 2);
}

export async function presetsCommand(o: CliOptions, bus: EventBus, signal?: AbortSignal): Promise<void> {
  const [sub = 'list', name, ...extra] = o.args ?? [];
  if (sub === 'list' || sub === 'ls') {
    if (name !== undefined) throw new FlowError('E_USAGE', `\`presets list\` takes no name (got ${quoteInput(name)})`, 'run `wallaroo-install presets show NAME` to see one', 2);
    bus.emit({ type: 'presets', presets: shippedPresets().map(({ name: n, description }) => ({ name: n, description })) });
    return;
  }
  if (sub !== 'show') {
    throw new FlowError('E_USAGE', `unknown presets command ${quoteInput(sub)}`, 'use `wallaroo-install presets` (list) or `wallaroo-install presets show NAME [--write DIR]`', 2);
  }
  if (extra.length) throw new FlowError('E_USAGE', `unexpected argument ${quoteInput(extra[0])}`, 'use `wallaroo-install presets show NAME [--write DIR]`', 2);
  const p = findPreset(name);
  const text = readFileSync(p.file, 'utf8');
  if (!o.write) { bus.emit({ type: 'preset', name: p.name, text }); return; }

  const dir = prepareOutputDir(o.write, { flag: '--write' });
  const files = [
    { path: join(dir, `${p.name}.yaml`), content: text },
    { path: join(dir, SCHEMA_FILE), content: readFileSync(join(presetsDir(), SCHEMA_FILE), 'utf8') },
  ];
  // A file that already holds exactly this content is left alone; any other needs --force.
  const todo = files.filter((f) => !fileHolds(f.path, f.content));
  for (const f of todo) checkWriteTarget(f.path, { force: o.force, keepForeign: true, flag: '--write' });
  if (signal?.aborted) throw signal.reason;
  for (const f of todo) writePrivateFile(f.path, f.content, { force: o.force, keepForeign: true, flag: '--write', mode: 0o644 });
  bus.emit({ type: 'preset', name: p.name, text, written: files.map((f) => f.path) });
}
