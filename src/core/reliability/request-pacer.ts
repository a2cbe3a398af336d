import { realRetryEnvironment, type RetryEnvironment } from './retry-loop';

/** Waits, if need be, until one more request fits: called before each request is sent (retries included). */
export type RequestPacer = () => Promise<void>;

/**
 * At most `perSecond` requests in any 1000 ms, as CloudBase counts an environment's QPS: a request that would be one
 * too many waits until the oldest of the window is a second old. For a function whose requests must keep to a share
 * of the environment's QPS (wxacodeBatch: WXACODE_BATCH_QPS), so the share holds however its requests cluster.
 */
export function requestPacer(perSecond: number, env: Pick<RetryEnvironment, 'now' | 'sleep'> = realRetryEnvironment): RequestPacer {
  const limit = Math.max(1, Math.floor(perSecond));
  // when the requests of the last second were let through, oldest first
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const admit = async () => {
    for (;;) {
      const now = env.now();
      while (sent.length > 0 && sent[0] <= now - 1000) sent.shift();
      if (sent.length < limit) {
        sent.push(now);
        return;
      }
      await env.sleep(sent[0] + 1000 - now);
    }
  };
  // one at a time, in the order asked, so a request waiting for room is not overtaken
  return () => (queue = queue.then(admit));
}
