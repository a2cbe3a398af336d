import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import type { CodeImage, CodeRequest } from '../params/types';
import type { CodeGenerator, TimeBudget } from '../ports';
import { realRetryEnvironment, retrying, type RetryEnvironment } from './retry-loop';

export type { RetryEnvironment } from './retry-loop';

/** WeChat's transient faults. Everything else (bad page, quota reached, bad credentials) fails the same way again. */
export const RETRYABLE = new Set<number>([ErrCode.SYSTEM_ERROR, ErrCode.MINUTE_RATE_LIMIT]);

/**
 * 45009 means different limits per API. getUnlimited: the per-minute rate, which moves on within a minute, so it is
 * retried. wxacode.get: 获取小程序码 (wxacode.get) lists 45009 as 生成码超过每天最大个数限制（1 万/天）, a daily cap that
 * a retry a second later only hits again (its errMsg gets the hint in handler/wechat-error-hints.ts).
 */
export function isRetryable(api: CodeRequest['api'], errCode: number): boolean {
  if (errCode === ErrCode.DAILY_LIMIT && api === 'wxacode.get') return false;
  return RETRYABLE.has(errCode);
}

export interface RetryPolicy {
  /** total tries, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };

/** 45009's per-minute window has to move on before a retry can pass: never sooner than this. */
export const RATE_LIMIT_FLOOR_MS = 1000;

/**
 * Full-jitter exponential backoff: callers that failed together do not retry together. After 45009 the wait is at
 * least RATE_LIMIT_FLOOR_MS and jittered across as much again above it (a ceiling below the floor would make every
 * caller wait exactly the floor, and retry in lockstep).
 */
export function backoffMs(attempt: number, errCode: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (errCode !== ErrCode.MINUTE_RATE_LIMIT) return Math.round(random() * ceiling);
  const floor = RATE_LIMIT_FLOOR_MS;
  return Math.round(floor + random() * Math.max(ceiling, floor));
}

export class RetryingGenerator implements CodeGenerator {
  constructor(
    private readonly inner: CodeGenerator,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
    private readonly env: RetryEnvironment = realRetryEnvironment,
  ) {}

  async generate(request: CodeRequest, budget: TimeBudget = {}): Promise<CodeImage> {
    const { deadline } = budget;
    return retrying(() => this.beforeDeadline(this.inner.generate(request, budget), deadline), {
      attempts: this.policy.attempts,
      waitAfter: (error, attempt, random) => {
        const { errCode } = toWxacodeError(error);
        return isRetryable(request.api, errCode) ? backoffMs(attempt, errCode, this.policy, random) : undefined;
      },
      deadline,
      pastDeadline: (error, attempt) =>
        new WxacodeError(
          toWxacodeError(error).errCode,
          `${toWxacodeError(error).errMsg} (tried ${attempt} times; another try would run past the function's time limit, so it stopped here and holds nothing. Try again in a few seconds)`,
        ),
    }, this.env);
  }

  /** An attempt still unanswered at the deadline ends in a clear error rather than in the platform's timeout. */
  private beforeDeadline<T>(attempt: Promise<T>, deadline: number | undefined): Promise<T> {
    if (deadline === undefined) return attempt;
    const remaining = deadline - this.env.now();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new WxacodeError(
              ErrCode.UPSTREAM_TIMEOUT,
              `WeChat did not answer before the function's time limit; nothing was stored and nothing is held. Try again in a few seconds`,
            ),
          ),
        Math.max(0, remaining),
      );
      attempt.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
