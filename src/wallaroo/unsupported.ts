// Settings the chart at hand has no key for: which came from the admin (the run stops unless
// --drop-unsupported) and which from a default (left out with a warning), and how to say so.
import { SETTINGS, type SettingId } from './keys.ts';
import { chartLabel, type ChartInfo } from './key-map.ts';
import { explicitSource } from './provenance.ts';
import type { UnsupportedUse } from './values.ts';

export interface UnsupportedSetting {
  id: SettingId;
  label: string;
  /** The answer path the admin set (e.g. "services.modelValidation"); undefined: a default. */
  explicitFrom?: string;
  /** Keys looked for in the chart. */
  tried: string[];
}

export function classifyUnsupported(uses: UnsupportedUse[], explicit: ReadonlySet<string> | undefined): UnsupportedSetting[] {
  return uses.map((u) => ({ id: u.id, label: SETTINGS[u.id].label, explicitFrom: explicitSource(u.id, explicit), tried: u.tried }));
}

const chartName = (c?: ChartInfo) => (c ? `chart ${chartLabel(c)}` : 'the chart');

/** The warning for a setting left out ("chart wallaroo 2025.1.0-6290 has no setting for …"). */
export function leftOutMessage(s: UnsupportedSetting, chart?: ChartInfo): { message: string; fix: string } {
  return s.explicitFrom
    ? { message: `${chartName(chart)} has no setting for ${s.label}; ${s.explicitFrom} from the preset is dropped (--drop-unsupported) and the chart keeps its own behaviour`,
        fix: `use a chart version that has one of ${s.tried.join(', ')} if you need it` }
    : { message: `${chartName(chart)} has no setting for ${s.label}; it keeps the chart's own behaviour`,
        fix: `nothing to do unless you need it (then use a chart version that has one of ${s.tried.join(', ')})` };
}

/** The error for settings the admin asked for that the chart cannot take. */
export function refusedMessage(explicit: UnsupportedSetting[], chart?: ChartInfo): { cause: string; fix: string } {
  const list = explicit.map((s) => `${s.label} (${s.explicitFrom}; looked for ${s.tried.join(', ')})`).join('; ');
  const keys = [...new Set(explicit.map((s) => s.explicitFrom))].join(', ');
  return {
    cause: `${chartName(chart)} has no setting for what the preset asks: ${list}`,
    fix: `remove ${keys} from the preset, use a chart version that has ${explicit.length === 1 ? 'it' : 'them'}, or pass --drop-unsupported to go on without ${explicit.length === 1 ? 'it' : 'them'}`,
  };
}
