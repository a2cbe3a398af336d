import { batchRateFromEnv } from './rate-budget';

/** How the batch runs; read once per instance from the function's environment. */
export interface BatchSettings {
  /** WeChat calls per minute for all batch jobs together (WXACODE_BATCH_RATE) */
  ratePerMinute: number;
  /** worker instances a job starts with (WXACODE_BATCH_WORKERS), each handing on to one successor */
  workers: number;
  /** items one worker makes at once (default: enough for the rate at about 1.5 s per code, at most 16) */
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

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  ratePerMinute: batchRateFromEnv({}),
  workers: 2,
  lanes: 16,
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

/** More lanes than the budget can serve only wait for it, and each waiting lane costs the database a read a second. */
export function lanesFor(ratePerMinute: number, workers: number): number {
  return Math.min(DEFAULT_BATCH_SETTINGS.lanes, Math.max(2, Math.ceil(((ratePerMinute / 60) * 1.5) / workers)));
}

export function readBatchSettings(env: Record<string, string | undefined>): BatchSettings {
  const ratePerMinute = batchRateFromEnv(env);
  const workers = wholeNumber(env, 'WXACODE_BATCH_WORKERS', DEFAULT_BATCH_SETTINGS.workers, 1, 50);
  return {
    ratePerMinute,
    workers,
    lanes: wholeNumber(env, 'WXACODE_BATCH_LANES', lanesFor(ratePerMinute, workers), 1, 64),
    maxAttempts: wholeNumber(env, 'WXACODE_BATCH_ATTEMPTS', DEFAULT_BATCH_SETTINGS.maxAttempts, 1, 10),
    ...stallTimings(env),
  };
}
