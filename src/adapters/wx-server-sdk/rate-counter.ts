import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { RateCounter } from '../../core/policy/policy';
import type { CloudDatabase } from './cloud';
import { isDuplicateKey, SelfCreatingCollection } from './collection';

export const RATE_COLLECTION = 'wxacode_rate_limits';

/**
 * Per-window counters in a collection, so a limit holds across function instances. A conditional `_.inc` is atomic
 * on the server; inserting the window's document covers its first hit, racing or not.
 * Documents carry expiresAt (epoch ms) so finished windows can be dropped (wxacodeHousekeeping).
 */
export class CloudRateCounter implements RateCounter, ExpiringStore {
  private readonly collection: SelfCreatingCollection;

  constructor(
    private readonly db: CloudDatabase,
    name = RATE_COLLECTION,
  ) {
    this.collection = new SelfCreatingCollection(db, name);
  }

  /**
   * One conditional increment while the window's count is below the limit (atomic on the server, so concurrent
   * callers never pass it together); the first hit of a window inserts the document instead.
   */
  async take(key: string, limit: number, expiresAt: number): Promise<boolean> {
    if (await this.bumpBelow(key, limit)) return true;
    try {
      await this.collection.write((c) => c.add({ data: { _id: key, count: 1, expiresAt } }));
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // the window's document exists: it is full, or a concurrent first hit created it just now
    return this.bumpBelow(key, limit);
  }

  async decrement(key: string): Promise<void> {
    const dec = this.db.command.inc(-1);
    await this.collection.read((c) => c.doc(key).update({ data: { count: dec } }), { stats: { updated: 0 } });
  }

  private async bumpBelow(key: string, limit: number): Promise<boolean> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ _id: key, count: _.lt(limit) }).update({ data: { count: _.inc(1) } }), { stats: { updated: 0 } });
    return result.stats.updated > 0;
  }

  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.lt(cutoff.getTime()) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
}
