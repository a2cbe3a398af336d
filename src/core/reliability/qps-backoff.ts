/**
 * How long to wait after CloudBase's -501004 (EXCEED_CONCURRENT_REQUEST_LIMIT, 请求并发超限): the refusal of a
 * per-second window. Free of imports, so the page helpers ship this same file (with retry-loop.ts) beside them and
 * pages wait by the same rule as the functions (see cloudbase-retry.ts).
 */

/** CloudBase's code for a request refused for the environment's QPS (TCB_ERR_CODE EXCEED_CONCURRENT_REQUEST_LIMIT) */
export const QPS_REFUSED = -501004;

export interface CloudbaseRetryPolicy {
  /** total tries of one request, the first included */
  attempts: number;
  /** no retry sooner than this after a refusal: the window it hit is a second long */
  floorMs: number;
  /** the jitter above the floor before the second try, doubling after each refusal up to maxSpreadMs */
  spreadMs: number;
  maxSpreadMs: number;
}

/** the functions' requests: 6 tries, waits of 1-2, 1-3, then 1-5 s (within the invocation's time limit) */
export const CLOUDBASE_RETRY: CloudbaseRetryPolicy = { attempts: 6, floorMs: 1000, spreadMs: 1000, maxSpreadMs: 4000 };

/** a page's call of a function: 4 tries, about 10 s at worst, so a page does not wait long on an environment at its limit */
export const PAGE_QPS_RETRY: CloudbaseRetryPolicy = { ...CLOUDBASE_RETRY, attempts: 4 };

/** The wait before try attempt + 1: at least the floor, jittered over a spread that doubles with each refusal. */
export function cloudbaseBackoffMs(attempt: number, policy: CloudbaseRetryPolicy, random: () => number): number {
  const spread = Math.min(policy.maxSpreadMs, policy.spreadMs * 2 ** (attempt - 1));
  return Math.round(policy.floorMs + random() * spread);
}
