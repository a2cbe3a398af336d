import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { RateCounter } from '../../core/policy/policy';
import type { CloudDatabase } from './cloud';
import { SelfCreatingCollection } from './collection';

export const RATE_COLLECTION = 'wxacode_rate_limits';

/**
 * Per-window counters in a collection, so a limit holds across function instances. `_.inc` is atomic on
 * the server; the add-then-increment dance covers the first hit of a window racing in two instances.
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

  async increment(key: string, expiresAt: number): Promise<number> {
    if (!(await this.bump(key))) {
      try {
        await this.collection.write((c) => c.add({ data: { _id: key, count: 1, expiresAt } }));
        return 1;
      } catch (error) {
        // most likely a concurrent first hit created it: count on top of theirs
        if (!(await this.bump(key))) throw error;
      }
    }
    const { data } = await this.collection.ref.doc(key).get();
    return Number(data.count);
  }

  async decrement(key: string): Promise<void> {
    const dec = this.db.command.inc(-1);
    await this.collection.read((c) => c.doc(key).update({ data: { count: dec } }), { stats: { updated: 0 } });
  }

  private async bump(key: string): Promise<boolean> {
    const inc = this.db.command.inc(1);
    const result = await this.collection.read((c) => c.doc(key).update({ data: { count: inc } }), { stats: { updated: 0 } });
    return result.stats.updated > 0;
  }

  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.lt(cutoff.getTime()) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
}
