import type { CodeIndex, CodeRecord } from '../../core/ports';

/** The cache index in memory: one document per code, a claim until the code's file is stored, and left in place then. */
export class MemoryCodeIndex implements CodeIndex {
  readonly records = new Map<string, CodeRecord>();

  /** a claim as an instance that is making the code (or that died making it) left it */
  plantClaim(key: string, claimedAt: number): void {
    this.records.set(key, { _id: key, api: 'wxacode.get', cloudPath: `planted/${key}`, contentType: 'image/jpeg', claimedAt });
  }

  async claim(record: CodeRecord, staleAfterMs: number): Promise<boolean> {
    const held = this.records.get(record._id);
    if (held && record.claimedAt - held.claimedAt < staleAfterMs) return false;
    this.records.set(record._id, { ...record });
    return true;
  }

  async release(key: string, claimedAt: number): Promise<void> {
    if (this.records.get(key)?.claimedAt === claimedAt) this.records.delete(key);
  }

  async save(record: CodeRecord): Promise<void> {
    this.records.set(record._id, { ...record });
  }
}
