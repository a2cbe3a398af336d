import type { RateCounter } from '../../core/policy/policy';

export class MemoryRateCounter implements RateCounter {
  readonly counts = new Map<string, number>();

  async take(key: string, limit: number): Promise<boolean> {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  async decrement(key: string): Promise<void> {
    this.counts.set(key, (this.counts.get(key) ?? 0) - 1);
  }
}
