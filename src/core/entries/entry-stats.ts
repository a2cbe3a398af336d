import type { EntryMarker, EntrySource, EntryStore } from './entry-store';

/** One row of wxacodeAdmin's stats: a code (or link) and what it brought. */
export interface StatsRow {
  scene: string;
  /** present for a link's row: `scene` is then the link's short id */
  kind?: 'link';
  label?: string;
  /** entries counted (a re-entry within the dedupe window is not one) */
  entries: number;
  /** distinct users who entered by this source */
  users: number;
  /** users whose first recorded entry into the app, by any code or link, was this source */
  newUsers: number;
  bySceneValue: Record<string, number>;
  /** China-time dates */
  byDay: Record<string, number>;
}

export interface StatsQuery {
  sources: readonly (EntrySource & { label?: string })[];
  /** inclusive China-time dates `YYYY-MM-DD` */
  since?: string;
  until?: string;
}

const SOURCE_KEY = (kind: string, id: string) => `${kind}\n${id}`;

/**
 * Stats of sources from their markers. "New" needs each user's first marker of all: read for the users found here
 * (their markers by any source), so first entries are told apart at read time, when a staff member asks, instead of
 * costing every scan a request.
 */
export async function entryStats(store: EntryStore, query: StatsQuery): Promise<StatsRow[]> {
  const markers = await store.markersOf(query.sources);
  const inRange = (day: string) => (!query.since || day >= query.since) && (!query.until || day <= query.until);
  const users = [...new Set(markers.map((m) => m.user))];
  const firstOf = new Map<string, EntryMarker>();
  for (const marker of users.length ? await store.markersOfUsers(users) : []) {
    const known = firstOf.get(marker.user);
    if (!known || marker.firstAt < known.firstAt || (marker.firstAt === known.firstAt && marker._id < known._id)) firstOf.set(marker.user, marker);
  }
  const bySource = new Map<string, EntryMarker[]>();
  for (const marker of markers) {
    const key = SOURCE_KEY(marker.kind, marker.source);
    bySource.set(key, [...(bySource.get(key) ?? []), marker]);
  }
  return query.sources.map((source) => {
    const row: StatsRow = {
      scene: source.id,
      ...(source.kind === 'link' ? { kind: 'link' as const } : {}),
      ...(source.label !== undefined ? { label: source.label } : {}),
      entries: 0,
      users: 0,
      newUsers: 0,
      bySceneValue: {},
      byDay: {},
    };
    for (const marker of bySource.get(SOURCE_KEY(source.kind, source.id)) ?? []) {
      let entered = false;
      for (const [day, counts] of Object.entries(marker.days ?? {})) {
        if (!inRange(day) || !(counts.n > 0)) continue;
        entered = true;
        row.entries += counts.n;
        row.byDay[day] = (row.byDay[day] ?? 0) + counts.n;
        for (const [name, n] of Object.entries(counts)) {
          if (/^s\d+$/.test(name)) row.bySceneValue[name.slice(1)] = (row.bySceneValue[name.slice(1)] ?? 0) + n;
        }
      }
      if (!entered) continue;
      row.users += 1;
      const first = firstOf.get(marker.user);
      if (first?._id === marker._id && inRange(chinaDateOfFirst(marker))) row.newUsers += 1;
    }
    row.byDay = sortedKeys(row.byDay);
    row.bySceneValue = sortedKeys(row.bySceneValue);
    return row;
  });
}

/** the day of the marker's first entry: its earliest day with counts */
function chinaDateOfFirst(marker: EntryMarker): string {
  return Object.keys(marker.days ?? {}).sort()[0] ?? '';
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
