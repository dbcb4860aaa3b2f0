// Which values key each setting field uses, for one chart: the first candidate (keys.ts) that
// the chart has. Pure: the chart's knowledge comes in as a `knows(path)` predicate.
import { SETTINGS, SETTING_IDS, type SettingDef, type SettingId } from './keys.ts';

export interface ChartInfo { name: string; version: string }

export interface KeyMap {
  /** The chart the keys were resolved against; undefined: unresolved (first candidates). */
  chart?: ChartInfo;
  /** Resolved key path per setting field. A field that is absent has no key in the chart. */
  keys: ReadonlyMap<SettingId, Readonly<Record<string, string>>>;
}

export interface MissingDocumentedKey { setting: SettingId; key: string }

export const chartLabel = (c: ChartInfo) => `${c.name} ${c.version}`;

/** Without a chart at hand: every field takes its first candidate (probe fields none). */
export function unresolvedKeyMap(): KeyMap {
  const keys = new Map<SettingId, Record<string, string>>();
  for (const id of SETTING_IDS) {
    const def: SettingDef = SETTINGS[id];
    const probe = def.probe ?? [];
    keys.set(id, Object.fromEntries(Object.entries(def.fields).filter(([f]) => !probe.includes(f)).map(([f, c]) => [f, c[0]])));
  }
  return { keys };
}

/**
 * Resolves every setting against a chart. Documented keys the chart lacks are returned (the
 * caller refuses the chart); conventional fields without a key are simply absent.
 */
export function resolveKeyMap(chart: ChartInfo, knows: (path: string) => boolean): { keyMap: KeyMap; missingDocumented: MissingDocumentedKey[] } {
  const keys = new Map<SettingId, Record<string, string>>();
  const missingDocumented: MissingDocumentedKey[] = [];
  for (const id of SETTING_IDS) {
    const def: SettingDef = SETTINGS[id];
    const fields: Record<string, string> = {};
    for (const [field, candidates] of Object.entries(def.fields)) {
      const hit = candidates.find(knows);
      if (hit) fields[field] = hit;
      else if (def.certainty === 'documented') missingDocumented.push(...candidates.map((key) => ({ setting: id, key })));
    }
    keys.set(id, fields);
  }
  return { keyMap: { chart, keys }, missingDocumented };
}

export function keyOf(m: KeyMap, id: SettingId, field: string): string | undefined {
  return m.keys.get(id)?.[field];
}
