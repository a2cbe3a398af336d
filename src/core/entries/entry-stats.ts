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
 * Stats of sources from their markers. "New" needs each user's first marker of all: told apart at read time, when a
 * staff member asks, instead of costing every scan a request. The answer never changes once all of a user's early
 * markers exist, so it is written back (`isFirst`), and a later request reads only the sources' markers.
 */
export async function entryStats(store: EntryStore, query: StatsQuery): Promise<StatsRow[]> {
  const markers = await store.markersOf(query.sources);
  const inRange = (day: string) => (!query.since || day >= query.since) && (!query.until || day <= query.until);
  const isFirst = await firstMarkers(store, markers);
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
      if (isFirst.has(marker._id) && inRange(chinaDateOfFirst(marker))) row.newUsers += 1;
    }
    row.byDay = sortedKeys(row.byDay);
    row.bySceneValue = sortedKeys(row.bySceneValue);
    return row;
  });
}

/** The ids of the markers that are their user's first, from `isFirst` where known, else from all the user's markers. */
async function firstMarkers(store: EntryStore, markers: readonly EntryMarker[]): Promise<Set<string>> {
  const first = new Set(markers.filter((m) => m.isFirst === true).map((m) => m._id));
  const unknownUsers = [...new Set(markers.filter((m) => m.isFirst === undefined).map((m) => m.user))];
  if (unknownUsers.length === 0) return first;
  const earliest = new Map<string, EntryMarker>();
  const all = await store.markersOfUsers(unknownUsers);
  for (const marker of all) {
    const known = earliest.get(marker.user);
    if (!known || marker.firstAt < known.firstAt || (marker.firstAt === known.firstAt && marker._id < known._id)) earliest.set(marker.user, marker);
  }
  const learned = { first: [] as string[], notFirst: [] as string[] };
  for (const marker of all) {
    const isFirst = earliest.get(marker.user)?._id === marker._id;
    if (isFirst) first.add(marker._id);
    if (marker.isFirst === undefined) (isFirst ? learned.first : learned.notFirst).push(marker._id);
  }
  await store.markFirst(learned.first, learned.notFirst);
  return first;
}

/** the day of the marker's first entry: its earliest day with counts */
function chinaDateOfFirst(marker: EntryMarker): string {
  return Object.keys(marker.days ?? {}).sort()[0] ?? '';
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
