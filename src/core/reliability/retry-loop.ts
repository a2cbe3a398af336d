/**
 * The one retry loop of the functions: WeChat's transient faults (retrying-generator.ts) and CloudBase's per-second
 * refusals (cloudbase-retry.ts) both go through it, each with its own rule of what to retry and how long to wait.
 */

export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
  now(): number;
}

// This file is also shipped beside the page helpers into teams' projects, whose tsconfig may declare neither the
// DOM's nor Node's timers (Taro's has no "dom" lib); every runtime it runs on has setTimeout.
declare function setTimeout(callback: () => void, ms: number): unknown;

export const realRetryEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => Date.now(),
};

export interface RetryRule {
  /** total tries, the first included */
  attempts: number;
  /** the wait before the next try after `error` failed try `attempt` (1-based), or undefined: not worth another try */
  waitAfter(error: unknown, attempt: number, random: () => number): number | undefined;
  /** epoch ms the last try must have ended by; undefined: attempts alone bound it */
  deadline?: number;
  /** what is thrown instead of `error` when another try would run past the deadline */
  pastDeadline(error: unknown, attempt: number): unknown;
  /** what is thrown instead of `error` when the attempts are used up; default: `error` itself */
  exhausted?(error: unknown, attempts: number): unknown;
}

/**
 * Runs `send` until it succeeds, `rule` says the error is not worth another try, the attempts are used up, or another
 * try (the wait, then one as slow as the slowest so far) would end past the deadline: the platform kills a function
 * at its time limit, mid-request, and whatever it held stays held.
 */
export async function retrying<T>(send: (attempt: number) => Promise<T>, rule: RetryRule, env: RetryEnvironment = realRetryEnvironment): Promise<T> {
  let slowestAttemptMs = 0;
  for (let attempt = 1; ; attempt++) {
    const attemptStarted = env.now();
    try {
      return await send(attempt);
    } catch (error) {
      const waitMs = rule.waitAfter(error, attempt, env.random);
      if (waitMs === undefined) throw error;
      if (attempt >= rule.attempts) throw rule.exhausted ? rule.exhausted(error, attempt) : error;
      slowestAttemptMs = Math.max(slowestAttemptMs, env.now() - attemptStarted);
      if (rule.deadline !== undefined && env.now() + waitMs + slowestAttemptMs > rule.deadline) throw rule.pastDeadline(error, attempt);
      await env.sleep(waitMs);
    }
  }
}
