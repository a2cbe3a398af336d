import { ErrCode, toWxacodeError } from '../errors';
import type { CodeImage, CodeRequest } from '../params/types';
import type { CodeGenerator } from '../ports';

/** WeChat's transient faults. Everything else (bad page, quota reached, bad credentials) fails the same way again. */
export const RETRYABLE = new Set<number>([ErrCode.SYSTEM_ERROR, ErrCode.MINUTE_RATE_LIMIT]);

export interface RetryPolicy {
  /** total tries, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };

export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Full-jitter exponential backoff: callers that failed together do not retry together. 45009 waits at least
 * a second longer, since the minute window has to move on before a retry can pass.
 */
export function backoffMs(attempt: number, errCode: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const floor = errCode === ErrCode.MINUTE_RATE_LIMIT ? Math.min(1000, policy.maxDelayMs) : 0;
  return Math.round(floor + random() * Math.max(0, ceiling - floor));
}

export class RetryingGenerator implements CodeGenerator {
  constructor(
    private readonly inner: CodeGenerator,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
    private readonly env: RetryEnvironment = realEnvironment,
  ) {}

  async generate(request: CodeRequest): Promise<CodeImage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inner.generate(request);
      } catch (error) {
        const { errCode } = toWxacodeError(error);
        if (!RETRYABLE.has(errCode) || attempt >= this.policy.attempts) throw error;
        await this.env.sleep(backoffMs(attempt, errCode, this.policy, this.env.random));
      }
    }
  }
}
