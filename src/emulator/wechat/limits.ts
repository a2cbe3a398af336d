/**
 * WeChat's three volume limits on codes, each a small counter the service consults and takes synchronously
 * before drawing (which is asynchronous), so concurrent calls cannot both take the last unit.
 */

/** get + createQRCode together may make `limit` codes in the app's lifetime (获取小程序码 / 获取小程序二维码: 与 createQRCode / wxacode.get 总共生成的码数量限制为 100,000). */
export interface LifetimeQuota {
  remaining(): number;
  readonly limit: number;
  /** takes one unit; false (and nothing taken) when none is left */
  tryConsume(): boolean;
  /** returns a unit taken for a code that was then not made */
  giveBack(): void;
  reset(): void;
}

export function createLifetimeQuota(limit: number): LifetimeQuota {
  requireCount(limit, 'lifetimeQuota');
  let used = 0;
  return {
    limit,
    remaining: () => limit - used,
    tryConsume() {
      if (used >= limit) return false;
      used += 1;
      return true;
    },
    giveBack() {
      used = Math.max(0, used - 1);
    },
    reset() {
      used = 0;
    },
  };
}

export const MINUTE_MS = 60_000;

/** getUnlimited's per-minute cap (获取不限制的小程序码: 调用分钟频率受限 5000次/分钟), as a sliding one-minute window. */
export interface MinuteRateLimiter {
  /** admits and counts the call, or refuses it without counting */
  tryAdmit(): boolean;
  /** calls admitted in the last minute */
  inWindow(): number;
  readonly limit: number;
  reset(): void;
}

export function createMinuteRateLimiter(perMinute: number, now: () => number): MinuteRateLimiter {
  requireCount(perMinute, 'ratePerMinute');
  return createSlidingWindowLimiter(perMinute, MINUTE_MS, now);
}

/** `limit` calls admitted per sliding window of `windowMs`; the link APIs' 100 a second (44990) uses it too. */
export function createSlidingWindowLimiter(limit: number, windowMs: number, now: () => number): MinuteRateLimiter {
  let admitted: number[] = [];
  return {
    limit,
    inWindow() {
      const at = now();
      return admitted.filter((t) => t > at - windowMs && t <= at).length;
    },
    tryAdmit() {
      const at = now();
      // a clock that steps back (tests, NTP) must not let old entries linger forever
      admitted = admitted.filter((t) => t > at - windowMs && t <= at);
      if (admitted.length >= limit) return false;
      admitted.push(at);
      return true;
    },
    reset() {
      admitted = [];
    },
  };
}

export const DAY_MS = 86_400_000;
/** WeChat's days are China Standard Time (UTC+8, no daylight saving): the cap resets at midnight in Beijing */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 获取小程序码 (wxacode.get): 45009 生成码超过每天最大个数限制（1 万/天）; a count of codes made per Beijing day. */
export interface DailyCap {
  remaining(): number;
  readonly limit: number;
  /** takes one unit of today; false (and nothing taken) when today's are used up */
  tryConsume(): boolean;
  /** returns a unit taken for a code that was then not made */
  giveBack(): void;
  reset(): void;
}

export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

export function createDailyCap(limit: number, now: () => number): DailyCap {
  requireCount(limit, 'getDailyCap');
  // today's count is a quota of its own, started afresh when the Beijing day changes
  const today = createLifetimeQuota(limit);
  let day = chinaDay(now());
  const roll = () => {
    const current = chinaDay(now());
    if (current !== day) {
      day = current;
      today.reset();
    }
  };
  return {
    limit,
    remaining() {
      roll();
      return today.remaining();
    },
    tryConsume() {
      roll();
      return today.tryConsume();
    },
    giveBack: () => today.giveBack(),
    reset: () => today.reset(),
  };
}

/** check_path=false lets getUnlimited name pages WeChat has not seen, up to a cap of distinct pages (获取不限制的小程序码, check_path: page 有数量上限 60000 个). */
export interface UnpublishedPageCap {
  allows(page: string): boolean;
  remember(page: string): void;
  reset(): void;
}

export function createUnpublishedPageCap(cap: number): UnpublishedPageCap {
  requireCount(cap, 'unpublishedPageCap');
  const seen = new Set<string>();
  return {
    allows: (page) => seen.has(page) || seen.size < cap,
    remember: (page) => void seen.add(page),
    reset: () => seen.clear(),
  };
}

export function requireCount(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${field} must be a whole number of 0 or more, got ${String(value)}`);
  }
}
