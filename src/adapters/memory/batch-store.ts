import type { BatchItemRecord, BatchJobRecord, ItemRecordStatus } from '../../core/batch/records';
import type { BatchStore, RateSlots } from '../../core/ports';

/** copies in and out, as a database would (JSON, so objects belong to the caller's realm, as the SDK's do) */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Jobs and items in Maps, for tests: each method is one atomic step, as one conditional database update is. */
export class MemoryBatchStore implements BatchStore {
  readonly jobs = new Map<string, BatchJobRecord>();
  readonly items = new Map<string, BatchItemRecord>();

  async createJob(job: BatchJobRecord): Promise<boolean> {
    if (this.jobs.has(job._id)) return false;
    this.jobs.set(job._id, copy(job));
    return true;
  }
  async getJob(jobId: string): Promise<BatchJobRecord | null> {
    const job = this.jobs.get(jobId);
    return job ? copy(job) : null;
  }
  async updateJob(jobId: string, patch: Partial<BatchJobRecord>, onlyIn?: readonly BatchJobRecord['state'][]): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || (onlyIn && !onlyIn.includes(job.state))) return false;
    Object.assign(job, copy(patch));
    return true;
  }
  async staleJobs(state: BatchJobRecord['state'], before: number, limit: number): Promise<BatchJobRecord[]> {
    return [...this.jobs.values()].filter((j) => j.state === state && j.heartbeatAt < before).slice(0, limit).map(copy);
  }
  async insertItems(items: BatchItemRecord[]): Promise<void> {
    for (const item of items) if (!this.items.has(item._id)) this.items.set(item._id, copy(item));
  }
  private ofJob(jobId: string): BatchItemRecord[] {
    return [...this.items.values()].filter((i) => i.jobId === jobId).sort((a, b) => a.index - b.index);
  }
  async countItems(jobId: string, status?: ItemRecordStatus, doneSince?: number): Promise<number> {
    return this.ofJob(jobId).filter((i) => (!status || i.status === status) && (doneSince === undefined || (i.doneAt ?? -1) >= doneSince)).length;
  }
  async listItems(jobId: string, offset: number, limit: number, status?: ItemRecordStatus): Promise<BatchItemRecord[]> {
    return this.ofJob(jobId).filter((i) => !status || i.status === status).slice(offset, offset + limit).map(copy);
  }
  async claimable(jobId: string, now: number, limit: number): Promise<BatchItemRecord[]> {
    return this.ofJob(jobId)
      .filter((i) => i.status === 'pending' || (i.status === 'claimed' && (i.claimedUntil ?? 0) < now))
      .slice(0, limit)
      .map(copy);
  }
  async claim(item: BatchItemRecord, worker: string, now: number, until: number): Promise<boolean> {
    const stored = this.items.get(item._id);
    if (!stored) return false;
    const free = stored.status === 'pending' || (stored.status === 'claimed' && stored.claimedUntil === item.claimedUntil && (stored.claimedUntil ?? 0) < now);
    if (!free) return false;
    Object.assign(stored, { status: 'claimed', claimedBy: worker, claimedUntil: until });
    return true;
  }
  async claimMany(items: readonly BatchItemRecord[], worker: string, now: number, until: number): Promise<BatchItemRecord[]> {
    const got: BatchItemRecord[] = [];
    for (const item of items) if (await this.claim(item, worker, now, until)) got.push(copy(this.items.get(item._id) as BatchItemRecord));
    return got;
  }
  async settleMany(itemIds: readonly string[], worker: string, patch: Partial<BatchItemRecord>): Promise<number> {
    let settled = 0;
    for (const id of itemIds) if (await this.settle(id, worker, patch)) settled++;
    return settled;
  }
  async settle(itemId: string, worker: string, patch: Partial<BatchItemRecord>): Promise<boolean> {
    const stored = this.items.get(itemId);
    if (!stored || stored.status !== 'claimed' || stored.claimedBy !== worker) return false;
    Object.assign(stored, copy(patch));
    return true;
  }
  async moveItems(jobId: string, from: ItemRecordStatus, patch: Partial<BatchItemRecord>): Promise<number> {
    const moving = this.ofJob(jobId).filter((i) => i.status === from);
    for (const item of moving) Object.assign(this.items.get(item._id) as BatchItemRecord, copy(patch));
    return moving.length;
  }
}

export class MemoryRateSlots implements RateSlots {
  readonly slots = new Map<number, { second: number; count: number }>();
  /** every second a call was admitted in, for tests of the shared budget */
  readonly admitted: number[] = [];
  async take(slot: number, second: number, allowance: number, amount = 1): Promise<boolean> {
    const current = this.slots.get(slot);
    if (!current || current.second !== second) {
      if (amount > allowance) return false;
      this.slots.set(slot, { second, count: amount });
    } else {
      if (current.count + amount > allowance) return false;
      current.count += amount;
    }
    for (let i = 0; i < amount; i++) this.admitted.push(second);
    return true;
  }
}
