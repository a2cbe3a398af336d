import type { EntryInput } from '../validation/rules/entry';
import { chinaDate } from './china-date';
import type { EntrySettings } from './entry-settings';
import type { EntryCount, EntrySource, EntryStore } from './entry-store';
import { markerId } from './user-hash';

export interface RecordEntryRequest {
  source: EntrySource;
  /** the user's keyed hash (hashUser), never the openid */
  user: string;
  entry: EntryInput;
  at: number;
  settings: EntrySettings;
}

/**
 * Records one entry in at most two database requests:
 * 1. a conditional update of the source-and-user marker, applied only when its last counted entry is older than the
 *    dedupe window: a counted re-entry, done;
 * 2. otherwise an insert of the marker: it succeeds for the user's first entry by this source; it fails on `_id`
 *    when the marker exists, which then means the entry is within the window (a hot start, Android's stale 场景值).
 * True when the entry was counted. No upsert with `_.inc` exists in wx-server-sdk (`set` refuses operators, `update`
 * never inserts), hence the two steps; racing first entries insert once, and the loser is within the window anyway.
 */
export async function recordEntry(store: EntryStore, request: RecordEntryRequest): Promise<boolean> {
  const { source, user, entry, at, settings } = request;
  const count: EntryCount = {
    at,
    day: chinaDate(at),
    sceneValue: entry.sceneValue,
    raw: settings.logDays > 0 ? { at, sceneValue: entry.sceneValue, ...(entry.page ? { page: entry.page } : {}) } : undefined,
  };
  const id = markerId(source.kind, source.id, user);
  if (await store.countAgain(id, at - settings.dedupeMs, count)) return true;
  return store.insertFirst({
    _id: id,
    kind: source.kind,
    source: source.id,
    user,
    firstAt: at,
    lastAt: at,
    entries: 1,
    days: { [count.day]: { n: 1, [`s${count.sceneValue}`]: 1 } },
    ...(count.raw ? { log: [count.raw], logFrom: at } : {}),
  });
}
