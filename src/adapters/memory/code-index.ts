import type { CodeIndex, CodeRecord } from '../../core/ports';

export class MemoryCodeIndex implements CodeIndex {
  readonly records = new Map<string, CodeRecord>();
  readonly claims = new Map<string, number>();
  private failSaves = 0;

  failNextSaves(n: number): this {
    this.failSaves = n;
    return this;
  }

  async find(key: string): Promise<CodeRecord | null> {
    const record = this.records.get(key);
    return record ? { ...record } : null;
  }

  async save(record: CodeRecord): Promise<void> {
    if (this.failSaves > 0) {
      this.failSaves--;
      throw Object.assign(new Error('database unavailable'), { errCode: -502001, errMsg: 'database request failed' });
    }
    this.records.set(record._id, { ...record });
    this.claims.delete(record._id);
  }

  async claim(key: string, now: number, staleAfterMs: number): Promise<boolean> {
    if (this.records.has(key)) return false;
    const claimedAt = this.claims.get(key);
    if (claimedAt !== undefined && now - claimedAt < staleAfterMs) return false;
    this.claims.set(key, now);
    return true;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }
}
