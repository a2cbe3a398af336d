import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import { CLOUDBASE_RETRY, cloudbaseBackoffMs, type CloudbaseRetryPolicy } from './qps-backoff';
import { realRetryEnvironment, retrying, type RetryEnvironment } from './retry-loop';

export { CLOUDBASE_RETRY, cloudbaseBackoffMs, type CloudbaseRetryPolicy } from './qps-backoff';

/**
 * CloudBase's -501004 (EXCEED_CONCURRENT_REQUEST_LIMIT, 请求并发超限) is a per-second window: the environment took as
 * many requests in the last second as its plan's QPS. A request sent again a second or more later, at a moment
 * jittered apart from every other refused caller's, finds a new window.
 *
 * Retrying is safe for every request, inserts and updates included: CloudBase answers -501004 at its gateway, before
 * the request reaches the database, storage or WeChat, so a refused request did nothing. The emulator mirrors this:
 * its limiter runs before the action's handler (server.ts beforeAction / beforeInvoke → limits.admit()), and the SDK
 * turns that TCB error reply into the -501004 rejection (wx-server-sdk's TCB_ERR_CODE), with nothing done. Any other
 * error is thrown at once: -501003 (the month's calls used up) fails the same way until the plan changes, and an
 * error from the request itself may mean it was carried out.
 */
export function isQpsRefusal(error: unknown): boolean {
  return toWxacodeError(error).errCode === ErrCode.CLOUDBASE_QPS_EXCEEDED;
}

export interface CloudbaseRetryOptions {
  /** epoch ms the invocation is killed at (see invocationEnd); undefined: attempts alone bound the retries */
  deadline?: number;
  policy?: CloudbaseRetryPolicy;
  env?: RetryEnvironment;
}

/** Leaves this much of the function's time for what follows the request (answering, releasing a claim). */
export const CLOUDBASE_RETRY_MARGIN_MS = 1000;

/**
 * One CloudBase request, sent again after -501004 within the policy's attempts and before the deadline. `send` must
 * send the request anew each time it is called. A refusal that outlasts them ends in -501004 saying how often it was
 * tried and what to do.
 */
export function sendWithinQps<T>(send: () => Promise<T>, options: CloudbaseRetryOptions = {}): Promise<T> {
  const policy = options.policy ?? CLOUDBASE_RETRY;
  const env = options.env ?? realRetryEnvironment;
  const started = env.now();
  const refused = (error: unknown, attempts: number, why: string) => {
    const { errMsg } = toWxacodeError(error);
    const seconds = Math.max(1, Math.round((env.now() - started) / 1000));
    return new WxacodeError(ErrCode.CLOUDBASE_QPS_EXCEEDED, `${errMsg} [refused ${attempts} times over ${seconds} s; ${why}]`);
  };
  return retrying(send, {
    attempts: policy.attempts,
    waitAfter: (error, attempt, random) => (isQpsRefusal(error) ? cloudbaseBackoffMs(attempt, policy, random) : undefined),
    deadline: options.deadline === undefined ? undefined : options.deadline - CLOUDBASE_RETRY_MARGIN_MS,
    pastDeadline: (error, attempt) => refused(error, attempt, "another try would run past the function's time limit"),
    exhausted: (error, attempts) => refused(error, attempts, 'the environment stayed at its QPS limit'),
  }, env);
}
