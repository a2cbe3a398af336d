import type { LinkIndex, LinkRecord } from '../../core/ports';

/** The link index in memory, with the database's semantics: an insert of an existing _id fails, updates are compare-and-set. */
export class MemoryLinkIndex implements LinkIndex {
  readonly records = new Map<string, LinkRecord>();
  requests = 0;

  async get(key: string): Promise<LinkRecord | null> {
    this.requests++;
    const record = this.records.get(key);
    return record ? { ...record } : null;
  }

  async claim(record: LinkRecord, seen: LinkRecord | null): Promise<boolean> {
    this.requests++;
    const held = this.records.get(record._id);
    if (seen === null ? held !== undefined : held?.makingSince !== seen.makingSince) return false;
    this.records.set(record._id, { ...record });
    return true;
  }

  async release(key: string, makingSince: number): Promise<void> {
    this.requests++;
    const held = this.records.get(key);
    if (held && held.makingSince === makingSince) this.records.set(key, { ...held, makingSince: 0 });
  }

  async save(record: LinkRecord): Promise<void> {
    this.requests++;
    this.records.set(record._id, { ...record });
  }
}
