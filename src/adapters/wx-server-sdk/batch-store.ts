import type { BatchItemRecord, BatchJobRecord, ItemRecordStatus } from '../../core/batch/records';
import type { BatchStore, RateSlots } from '../../core/ports';
import type { CloudDatabase } from './cloud';
import { SelfCreatingCollection } from './collection';

export const BATCH_JOBS_COLLECTION = 'wxacode_batch_jobs';
export const BATCH_ITEMS_COLLECTION = 'wxacode_batch_items';
export const BATCH_RATE_COLLECTION = 'wxacode_batch_rate';

/** the SDK returns at most 1000 documents a query (100 without a limit) */
const MAX_PAGE = 1000;

/** the part of the SDK's query this store uses (cloud.ts types only what the other adapters need) */
interface Query {
  orderBy(field: string, order: 'asc' | 'desc'): Query;
  skip(n: number): Query;
  limit(n: number): Query;
  get(): Promise<{ data: Record<string, unknown>[] }>;
  count(): Promise<{ total: number }>;
}

/**
 * Jobs and items in two collections. Every status change of an item is `where({_id, <status as read>}).update()`:
 * the database applies it to the document only if it still matches, and `stats.updated` says whether it did, so
 * of two workers claiming one item exactly one wins.
 */
export class CloudBatchStore implements BatchStore {
  private readonly jobs: SelfCreatingCollection;
  private readonly items: SelfCreatingCollection;

  constructor(private readonly db: CloudDatabase) {
    this.jobs = new SelfCreatingCollection(db, BATCH_JOBS_COLLECTION);
    this.items = new SelfCreatingCollection(db, BATCH_ITEMS_COLLECTION);
  }

  async createJob(job: BatchJobRecord): Promise<boolean> {
    try {
      await this.jobs.write((c) => c.add({ data: { ...job } }));
      return true;
    } catch (error) {
      if (await this.jobs.findById(job._id)) return false;
      throw error;
    }
  }

  async getJob(jobId: string): Promise<BatchJobRecord | null> {
    return (await this.jobs.findById(jobId)) as BatchJobRecord | null;
  }

  async updateJob(jobId: string, patch: Partial<BatchJobRecord>, onlyIn?: readonly BatchJobRecord['state'][]): Promise<boolean> {
    const _ = this.db.command;
    const { _id, ...data } = patch;
    const where = onlyIn ? { _id: jobId, state: _.in([...onlyIn]) } : { _id: jobId };
    const result = await this.jobs.read((c) => c.where(where).update({ data }), { stats: { updated: 0 } });
    return result.stats.updated > 0;
  }

  async staleJobs(state: BatchJobRecord['state'], before: number, limit: number): Promise<BatchJobRecord[]> {
    const _ = this.db.command;
    const docs = await this.jobs.read((c) => c.where({ state, heartbeatAt: _.lt(before) }).limit(Math.min(limit, MAX_PAGE)).get(), { data: [] });
    return docs.data as unknown as BatchJobRecord[];
  }

  async insertItems(items: BatchItemRecord[]): Promise<void> {
    if (items.length === 0) return;
    try {
      // one request for the whole chunk: the database inserts all of it or, on a duplicate _id, none of it
      await this.items.write((c) => c.add({ data: items as unknown as Record<string, unknown> }));
    } catch (error) {
      // a chunk partly written by an earlier, interrupted submit: write it item by item, keeping what is there
      let anyStored = false;
      for (const item of items) {
        if (await this.items.findById(item._id)) {
          anyStored = true;
          continue;
        }
        const { _id, ...data } = item;
        await this.items.write((c) => c.doc(_id).set({ data: { ...data } }));
      }
      if (!anyStored) throw error;
    }
  }

  private query(where: Record<string, unknown>): Query {
    return this.items.ref.where(where) as unknown as Query;
  }

  async countItems(jobId: string, status?: ItemRecordStatus, doneSince?: number): Promise<number> {
    const _ = this.db.command;
    const where: Record<string, unknown> = { jobId };
    if (status) where.status = status;
    if (doneSince !== undefined) where.doneAt = _.gte(doneSince);
    const result = await this.items.read(() => this.query(where).count(), { total: 0 });
    return result.total;
  }

  async listItems(jobId: string, offset: number, limit: number, status?: ItemRecordStatus): Promise<BatchItemRecord[]> {
    const where: Record<string, unknown> = status ? { jobId, status } : { jobId };
    const page = async () => {
      let q = this.query(where).orderBy('index', 'asc');
      if (offset > 0) q = q.skip(offset);
      return q.limit(Math.min(limit, MAX_PAGE)).get();
    };
    const result = await this.items.read(page, { data: [] });
    return result.data as unknown as BatchItemRecord[];
  }

  async claimable(jobId: string, now: number, limit: number): Promise<BatchItemRecord[]> {
    const _ = this.db.command;
    const take = Math.min(limit, MAX_PAGE);
    const pending = await this.items.read(() => this.query({ jobId, status: 'pending' }).limit(take).get(), { data: [] });
    if (pending.data.length > 0) return pending.data as unknown as BatchItemRecord[];
    const expired = await this.items.read(() => this.query({ jobId, status: 'claimed', claimedUntil: _.lt(now) }).limit(take).get(), { data: [] });
    return expired.data as unknown as BatchItemRecord[];
  }

  async claim(item: BatchItemRecord, worker: string, _now: number, until: number): Promise<boolean> {
    const asRead =
      item.status === 'pending'
        ? { _id: item._id, status: 'pending' }
        : // read as expired, so still expired if it still holds the same claimedUntil
          { _id: item._id, status: 'claimed', claimedUntil: item.claimedUntil };
    const result = await this.items.read((c) => c.where(asRead).update({ data: { status: 'claimed', claimedBy: worker, claimedUntil: until } }), {
      stats: { updated: 0 },
    });
    return result.stats.updated === 1;
  }

  async claimMany(items: readonly BatchItemRecord[], worker: string, now: number, until: number): Promise<BatchItemRecord[]> {
    if (items.length === 0) return [];
    const _ = this.db.command;
    const ids = items.map((item) => item._id);
    const jobId = items[0].jobId;
    // as claimable() read them: pending, or claimed with a claim that has run out by now
    const free = items.every((item) => item.status === 'pending') ? { status: 'pending' } : { status: 'claimed', claimedUntil: _.lt(now) };
    const result = await this.items.read((c) => c.where({ jobId, _id: _.in(ids), ...free }).update({ data: { status: 'claimed', claimedBy: worker, claimedUntil: until } }), {
      stats: { updated: 0 },
    });
    if (result.stats.updated === 0) return [];
    // `until` is this call's own: the items holding it with this worker's name are the ones it got
    const got = await this.items.read(() => this.query({ jobId, _id: _.in(ids), status: 'claimed', claimedBy: worker, claimedUntil: until }).limit(MAX_PAGE).get(), { data: [] });
    return got.data as unknown as BatchItemRecord[];
  }

  async settleMany(itemIds: readonly string[], worker: string, patch: Partial<BatchItemRecord>): Promise<number> {
    if (itemIds.length === 0) return 0;
    const _ = this.db.command;
    const { _id, ...data } = patch;
    const result = await this.items.read((c) => c.where({ _id: _.in([...itemIds]), status: 'claimed', claimedBy: worker }).update({ data }), {
      stats: { updated: 0 },
    });
    return result.stats.updated;
  }

  async settle(id: string, worker: string, patch: Partial<BatchItemRecord>): Promise<boolean> {
    const { _id, ...data } = patch;
    const result = await this.items.read((c) => c.where({ _id: id, status: 'claimed', claimedBy: worker }).update({ data }), {
      stats: { updated: 0 },
    });
    return result.stats.updated === 1;
  }

  async moveItems(jobId: string, from: ItemRecordStatus, patch: Partial<BatchItemRecord>): Promise<number> {
    const { _id, ...data } = patch;
    const result = await this.items.read((c) => c.where({ jobId, status: from }).update({ data }), { stats: { updated: 0 } });
    return result.stats.updated;
  }
}

/**
 * The shared rate budget: 60 documents, one per second of the minute, each holding the count of the second it
 * last served. Taking a call is one conditional increment; a document still holding an older second is reset to
 * this one by a conditional update, so a late writer for an old second never disturbs the current one.
 */
export class CloudRateSlots implements RateSlots {
  private readonly slots: SelfCreatingCollection;
  /** slot documents known to exist (they are never removed) */
  private readonly existing = new Set<string>();

  constructor(private readonly db: CloudDatabase) {
    this.slots = new SelfCreatingCollection(db, BATCH_RATE_COLLECTION);
  }

  async take(slot: number, second: number, allowance: number, amount = 1): Promise<boolean> {
    if (amount < 1 || amount > allowance) return false;
    const _ = this.db.command;
    const id = `s${slot}`;
    const bump = async () =>
      (
        await this.slots.read((c) => c.where({ _id: id, second, count: _.lte(allowance - amount) }).update({ data: { count: _.inc(amount) } }), {
          stats: { updated: 0 },
        })
      ).stats.updated === 1;
    if (await bump()) return true;
    const renewed = await this.slots.read((c) => c.where({ _id: id, second: _.lt(second) }).update({ data: { second, count: amount } }), {
      stats: { updated: 0 },
    });
    if (renewed.stats.updated === 1) return true;
    if (this.existing.has(id) || (await this.slots.findById(id))) {
      this.existing.add(id);
      // Either the second is full, or another instance renewed the slot for this second between the two updates
      // above (two workers asking at the turn of a second do, every second): then it has room, and this caller's
      // share fits. Without this second look, the later worker got one call a second instead of its share.
      return bump();
    }
    try {
      await this.slots.write((c) => c.add({ data: { _id: id, second, count: amount } }));
      this.existing.add(id);
      return true;
    } catch {
      // another instance created it first (at the same turn of a second, as the previous check missed): its count
      // now decides, with room for this caller's share
      this.existing.add(id);
      return bump();
    }
  }
}
