/**
 * Entries by code or link, as stored: one marker per source and user (collection `wxacode_entries`). A marker holds
 * that user's counted entries by that source, per China-time day and per 场景值, so a code's stats are sums over its
 * markers and its users are its markers. No openid is stored: `user` is a keyed hash (user-hash.ts).
 */

/** What brought a user in: a scene (stored key, or an inline scene as the code carries it) or a link's short id. */
export type EntrySourceKind = 'scene' | 'link';

export interface EntrySource {
  kind: EntrySourceKind;
  id: string;
}

/** One raw entry, kept only when WXACODE_ENTRY_LOG_DAYS is set, dropped by wxacodeHousekeeping after that many days. */
export interface RawEntry {
  at: number;
  sceneValue: number;
  page?: string;
}

/** Per-day counts: `n` entries, `s<场景值>` entries by that 场景值 (a field name cannot be a bare number in a path). */
export type DayCounts = Record<string, number>;

export interface EntryMarker {
  _id: string;
  kind: EntrySourceKind;
  source: string;
  user: string;
  /** epoch ms of the first and of the last counted entry */
  firstAt: number;
  lastAt: number;
  entries: number;
  days: Record<string, DayCounts>;
  log?: RawEntry[];
  /** the oldest `log` entry's time, so housekeeping finds markers with entries to drop without reading them all */
  logFrom?: number;
  /**
   * Whether this is the user's first marker of all (the entry that made them a new user), once a stats request has
   * worked it out: it never changes after, so later requests need not ask again.
   */
  isFirst?: boolean;
}

/** A counted entry, as the store applies it. */
export interface EntryCount {
  at: number;
  day: string;
  sceneValue: number;
  /** when raw entries are kept */
  raw?: RawEntry;
}

/** Where markers live (port). Each method is one database request unless it says otherwise. */
export interface EntryStore {
  /**
   * Counts a re-entry: applies `count` to the marker only when its last counted entry is before `countedBefore`
   * (a conditional update, atomic on the server). False: no marker, or one within the dedupe window.
   */
  countAgain(markerId: string, countedBefore: number, count: EntryCount): Promise<boolean>;
  /** Inserts the first marker of a source and user; false when one exists (the insert is atomic on `_id`). */
  insertFirst(marker: EntryMarker): Promise<boolean>;
  /** every marker of these sources (one request per thousand markers) */
  markersOf(sources: readonly EntrySource[]): Promise<EntryMarker[]>;
  /** every marker of these users, `log` left out (one request per few hundred users) */
  markersOfUsers(users: readonly string[]): Promise<EntryMarker[]>;
  /** remembers which markers are their user's first and which are not (one request per few hundred of each) */
  markFirst(firstIds: readonly string[], notFirstIds: readonly string[]): Promise<void>;
  /** removes every marker of a user (a user's request to be forgotten); the number removed */
  removeUser(user: string): Promise<number>;
  /** drops raw entries older than `cutoff`; the number of markers changed */
  dropRawEntriesBefore(cutoff: number): Promise<number>;
}
