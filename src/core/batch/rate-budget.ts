import type { Clock, RateSlots } from '../ports';

// 获取不限制的小程序码 (getUnlimitedQRCode): 45009 调用分钟频率受限(目前5000次/分钟,会调整),如需大量小程序码,建议预生成
/** The whole app's getUnlimited limit; the batch takes 80 % of it by default, leaving the rest for live traffic. */
export const WECHAT_UNLIMITED_PER_MINUTE = 5000;
export const DEFAULT_BATCH_SHARE = 0.8;
export const BATCH_RATE_VARIABLE = 'WXACODE_BATCH_RATE';

/** WXACODE_BATCH_RATE: calls per minute for all batch jobs together; default 80 % of getUnlimited's limit. */
export function batchRateFromEnv(env: Record<string, string | undefined>): number {
  const raw = env[BATCH_RATE_VARIABLE]?.trim();
  if (!raw) return Math.floor(WECHAT_UNLIMITED_PER_MINUTE * DEFAULT_BATCH_SHARE);
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`environment variable ${BATCH_RATE_VARIABLE}: must be a whole number of WeChat calls per minute, at least 1; received ${JSON.stringify(raw)}. Fix it in cloudbaserc.json envVariables or the console`);
  }
  return Number(raw);
}

/** How many calls second `k` (0-59) of a minute may start so that a full minute adds up to exactly perMinute. */
export function allowanceOfSecond(perMinute: number, k: number): number {
  return Math.floor((perMinute * (k + 1)) / 60) - Math.floor((perMinute * k) / 60);
}

/**
 * The one rate budget of the app, shared by every instance through the database: each second of the minute may
 * start its share of the calls, so no 60 s window ever holds more than perMinute, however many workers ask.
 */
/** one caller of takeUpTo (a worker): the second it last took its share in */
export interface BudgetTaker {
  lastTakenSecond: number;
}

export class RateBudget {
  constructor(
    private readonly slots: RateSlots,
    readonly perMinute: number,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
    /** 0 ≤ x < 1; tests pass a seeded sequence so that the workers' interleaving is the same on every run */
    private readonly random: () => number = Math.random,
  ) {}

  /** the wait until the next second, with a little jitter so waiting workers do not all ask at once */
  private untilNextSecond(now: number): Promise<void> {
    return this.sleep(1000 - (now % 1000) + Math.floor(this.random() * 20));
  }

  /**
   * Waits for a call of the budget; `factor` (0-1] is the caller's share (a job slowed by 45009 asks for less).
   * false when `deadline` passes first: the caller hands its work on rather than overstay its timeout.
   */
  async take(factor: () => number, deadline: number): Promise<boolean> {
    for (;;) {
      const now = this.clock.now();
      if (now >= deadline) return false;
      const second = Math.floor(now / 1000);
      const slot = second % 60;
      const allowance = allowanceOfSecond(Math.max(1, Math.floor(this.perMinute * Math.min(1, factor()))), slot);
      if (allowance > 0 && (await this.slots.take(slot, second, allowance))) return true;
      // the next second brings new allowance
      await this.untilNextSecond(now);
    }
  }

  /**
   * Up to `want` calls at once (one database request for all of them where the second's allowance has room), at
   * least one unless `deadline` passes first (then 0). Lanes of one worker share what it takes.
   */
  async takeUpTo(want: number, factor: () => number, deadline: number, taker: BudgetTaker = { lastTakenSecond: -1 }): Promise<number> {
    for (;;) {
      const now = this.clock.now();
      if (now >= deadline) return 0;
      const second = Math.floor(now / 1000);
      // a caller asks for its share once a second: asking again within it would mostly be refused, a request wasted
      if (second === taker.lastTakenSecond) {
        await this.untilNextSecond(now);
        continue;
      }
      const slot = second % 60;
      const allowance = allowanceOfSecond(Math.max(1, Math.floor(this.perMinute * Math.min(1, factor()))), slot);
      const ask = Math.min(want, allowance);
      if (ask > 0 && (await this.slots.take(slot, second, allowance, ask))) {
        taker.lastTakenSecond = second;
        return ask;
      }
      // others took part of this second: one of what may be left
      if (ask > 1 && (await this.slots.take(slot, second, allowance, 1))) {
        taker.lastTakenSecond = second;
        return 1;
      }
      await this.untilNextSecond(now);
    }
  }
}
