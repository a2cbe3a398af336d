import { batchRateFromEnv } from './rate-budget';

/** How the batch runs; read once per instance from the function's environment. */
export interface BatchSettings {
  /**
   * WeChat calls per minute for all batch jobs together: WXACODE_BATCH_RATE, lowered where WXACODE_BATCH_QPS
   * (CloudBase requests a second) would not carry that many items
   */
  ratePerMinute: number;
  /** CloudBase requests a second all batch jobs may send together (WXACODE_BATCH_QPS) */
  cloudbaseQps: number;
  /** worker instances a job starts with (WXACODE_BATCH_WORKERS), each handing on to one successor */
  workers: number;
  /** items one worker makes at once (default: enough for the rate at about 1.5 s per code, at most 48) */
  lanes: number;
  /** a claim not settled by then is taken over: the worker that held it is taken for dead */
  claimTtlMs: number;
  /** tries of one item through transient faults (-1, storage), the first included */
  maxAttempts: number;
  /** a working job beats this often, so silence tells a dead one apart */
  heartbeatEveryMs: number;
  /** silence after which the owner's next status or submit restarts the job's workers (WXACODE_BATCH_STALL_SECONDS) */
  ownerRestartsAfterMs: number;
}

/**
 * What one item costs at most in CloudBase requests, its upload and its share of the job's bookkeeping included
 * (measured: 3.2 on a 1,000-item job, 3.1 on 10,000; see the batch's request-count test and the bench): what submit states.
 */
export const REQUESTS_PER_ITEM = 4;
/** what items are paced at within WXACODE_BATCH_QPS: above REQUESTS_PER_ITEM, for small jobs' bookkeeping and retries */
export const PACED_REQUESTS_PER_ITEM = 5;

/**
 * The batch's share of the environment's QPS by default: 350 requests a second, 70 % of the 500 of 个人版 (the
 * smallest of CloudBase's current plans), so live traffic keeps the rest. Paced at 5 requests an item that carries 70
 * items a second, above the default 4,000 WeChat calls a minute, so by default WeChat's budget is what paces a job.
 */
export const DEFAULT_BATCH_QPS = 350;

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  ratePerMinute: batchRateFromEnv({}),
  cloudbaseQps: DEFAULT_BATCH_QPS,
  workers: 2,
  lanes: 48,
  claimTtlMs: 90_000,
  maxAttempts: 3,
  heartbeatEveryMs: 30_000,
  ownerRestartsAfterMs: 120_000,
};

/**
 * WXACODE_BATCH_STALL_SECONDS (default 120): how long a running job may show no life before its owner's next poll
 * gives it new workers. The heartbeat (a quarter of it) and an item's claim (three quarters: longer than any one code
 * takes, shorter than the stall, so a restarted job finds the dead workers' items free) scale with it.
 */
export function stallTimings(env: Record<string, string | undefined>): Pick<BatchSettings, 'claimTtlMs' | 'heartbeatEveryMs' | 'ownerRestartsAfterMs'> {
  const seconds = wholeNumber(env, 'WXACODE_BATCH_STALL_SECONDS', DEFAULT_BATCH_SETTINGS.ownerRestartsAfterMs / 1000, 8, 3600);
  return { ownerRestartsAfterMs: seconds * 1000, heartbeatEveryMs: seconds * 250, claimTtlMs: seconds * 750 };
}

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`environment variable ${name}: must be a whole number from ${min} to ${max}; received ${JSON.stringify(raw)}. Fix it in cloudbaserc.json envVariables or the console`);
  }
  return Number(raw);
}

/**
 * A worker takes its share of the budget once a second, for its idle lanes, so it makes at most `lanes` codes a
 * second: its lanes must cover its part of the rate for as long as a code takes (1.5 s allowed). At most 48: a cap of
 * 16 held two workers to 32 codes a second, half of the default 4,000 a minute (measured: 51.6 % of the share on a
 * 10,000-item job). More lanes than the budget can serve only wait for it.
 */
export function lanesFor(ratePerMinute: number, workers: number): number {
  return Math.min(DEFAULT_BATCH_SETTINGS.lanes, Math.max(2, Math.ceil(((ratePerMinute / 60) * 1.5) / workers)));
}

/** The WeChat calls a minute that WXACODE_BATCH_QPS carries at PACED_REQUESTS_PER_ITEM each. */
export function ratePerMinuteWithin(cloudbaseQps: number): number {
  return Math.max(1, Math.floor((cloudbaseQps * 60) / PACED_REQUESTS_PER_ITEM));
}

/**
 * The CloudBase requests a second one wxacodeBatch instance may send: its part of WXACODE_BATCH_QPS, the job's workers
 * each running in an instance of their own. Every request of the instance waits for room within it (submit's too), so
 * the share holds however a worker's requests cluster within a second.
 */
export function requestsPerSecondPerInstance(settings: Pick<BatchSettings, 'cloudbaseQps' | 'workers'>): number {
  return Math.max(1, Math.floor(settings.cloudbaseQps / Math.max(1, settings.workers)));
}

export function readBatchSettings(env: Record<string, string | undefined>): BatchSettings {
  const cloudbaseQps = wholeNumber(env, 'WXACODE_BATCH_QPS', DEFAULT_BATCH_QPS, PACED_REQUESTS_PER_ITEM, 100_000);
  const ratePerMinute = Math.min(batchRateFromEnv(env), ratePerMinuteWithin(cloudbaseQps));
  const workers = wholeNumber(env, 'WXACODE_BATCH_WORKERS', DEFAULT_BATCH_SETTINGS.workers, 1, 50);
  return {
    ratePerMinute,
    cloudbaseQps,
    workers,
    lanes: wholeNumber(env, 'WXACODE_BATCH_LANES', lanesFor(ratePerMinute, workers), 1, 64),
    maxAttempts: wholeNumber(env, 'WXACODE_BATCH_ATTEMPTS', DEFAULT_BATCH_SETTINGS.maxAttempts, 1, 10),
    ...stallTimings(env),
  };
}
