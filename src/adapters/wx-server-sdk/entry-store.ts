import type { EntryCount, EntryMarker, EntrySource, EntryStore } from '../../core/entries/entry-store';
import type { CloudDatabase } from './cloud';
import { isDuplicateKey, SelfCreatingCollection } from './collection';

export const ENTRY_COLLECTION = 'wxacode_entries';

/** the most documents one read returns (the server SDK's cap) */
const PAGE = 1000;
/** users per `_.in` read of their markers */
const USERS_PER_READ = 200;
/** markers with raw entries to drop, per read (housekeeping) */
const LOG_PAGE = 100;

/**
 * Entry markers in `wxacode_entries`, one document per source and user. Written by cloud functions only, so with the
 * default permission no client reads them.
 */
export class CloudEntryStore implements EntryStore {
  private readonly collection: SelfCreatingCollection;

  constructor(
    private readonly db: CloudDatabase,
    name = ENTRY_COLLECTION,
  ) {
    this.collection = new SelfCreatingCollection(db, name);
  }

  async countAgain(markerId: string, countedBefore: number, count: EntryCount): Promise<boolean> {
    const _ = this.db.command;
    const data: Record<string, unknown> = {
      lastAt: count.at,
      entries: _.inc(1),
      [`days.${count.day}.n`]: _.inc(1),
      [`days.${count.day}.s${count.sceneValue}`]: _.inc(1),
    };
    if (count.raw) {
      data.log = _.push({ ...count.raw });
      data.logFrom = _.min(count.raw.at);
    }
    const result = await this.collection.read((c) => c.where({ _id: markerId, lastAt: _.lt(countedBefore) }).update({ data }), { stats: { updated: 0 } });
    return result.stats.updated === 1;
  }

  async insertFirst(marker: EntryMarker): Promise<boolean> {
    try {
      await this.collection.write((c) => c.add({ data: { ...marker } }));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async markersOf(sources: readonly EntrySource[]): Promise<EntryMarker[]> {
    const _ = this.db.command;
    const found: EntryMarker[] = [];
    for (const kind of ['scene', 'link'] as const) {
      const ids = [...new Set(sources.filter((s) => s.kind === kind).map((s) => s.id))];
      for (let i = 0; i < ids.length; i += USERS_PER_READ) {
        found.push(...(await this.readAll({ kind, source: _.in(ids.slice(i, i + USERS_PER_READ)) })));
      }
    }
    return found;
  }

  async markersOfUsers(users: readonly string[]): Promise<EntryMarker[]> {
    const _ = this.db.command;
    const found: EntryMarker[] = [];
    for (let i = 0; i < users.length; i += USERS_PER_READ) {
      found.push(...(await this.readAll({ user: _.in(users.slice(i, i + USERS_PER_READ)) }, { _id: true, kind: true, source: true, user: true, firstAt: true, lastAt: true, isFirst: true })));
    }
    return found;
  }

  async markFirst(firstIds: readonly string[], notFirstIds: readonly string[]): Promise<void> {
    const _ = this.db.command;
    for (const [ids, isFirst] of [[firstIds, true], [notFirstIds, false]] as const) {
      for (let i = 0; i < ids.length; i += USERS_PER_READ) {
        await this.collection.ref.where({ _id: _.in(ids.slice(i, i + USERS_PER_READ)) }).update({ data: { isFirst } });
      }
    }
  }

  async removeUser(user: string): Promise<number> {
    const result = await this.collection.read((c) => c.where({ user }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }

  /**
   * Each marker holding raw entries older than the cutoff is rewritten without them, on the condition that no entry
   * was counted since it was read (lastAt unchanged), so a concurrent entry is never lost: that marker waits for the
   * next run.
   */
  async dropRawEntriesBefore(cutoff: number): Promise<number> {
    const _ = this.db.command;
    const stale = await this.collection.read((c) => c.where({ logFrom: _.lt(cutoff) }).limit(LOG_PAGE).get(), { data: [] });
    let changed = 0;
    for (const doc of stale.data as unknown as EntryMarker[]) {
      const kept = (doc.log ?? []).filter((entry) => entry.at >= cutoff);
      const data = kept.length > 0 ? { log: _.set(kept), logFrom: Math.min(...kept.map((e) => e.at)) } : { log: _.remove(), logFrom: _.remove() };
      const result = await this.collection.ref.where({ _id: doc._id, lastAt: doc.lastAt }).update({ data });
      changed += result.stats.updated;
    }
    return changed;
  }

  private async readAll(query: Record<string, unknown>, projection?: Record<string, boolean>): Promise<EntryMarker[]> {
    const found: EntryMarker[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.collection.read(async (c) => {
        let cursor = (c.where(query) as any).orderBy('_id', 'asc');
        if (offset) cursor = cursor.skip(offset);
        if (projection) cursor = cursor.field(projection);
        return (await cursor.limit(PAGE).get()) as { data: Record<string, unknown>[] };
      }, { data: [] });
      found.push(...(page.data as unknown as EntryMarker[]));
      if (page.data.length < PAGE) return found;
    }
  }
}
