import type { RateCounter } from '../../core/policy/policy';

export class MemoryRateCounter implements RateCounter {
  readonly counts = new Map<string, number>();

  async increment(key: string): Promise<number> {
    const next = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, next);
    return next;
  }

  async decrement(key: string): Promise<void> {
    this.counts.set(key, (this.counts.get(key) ?? 0) - 1);
  }
}
