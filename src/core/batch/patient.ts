import { ErrCode, toWxacodeError } from '../errors';

/** waits between tries after CloudBase refused a request for the environment's QPS: 1, 2, 4, 8 s */
const BACKOFF_MS = [1000, 2000, 4000, 8000];

/**
 * The same object, whose async methods wait and try again when CloudBase answers -501004 (the environment's QPS
 * reached, by live traffic or other jobs). A worker's bookkeeping refused halfway would leave its claims to run out
 * (90 s) and the job idle; backing off a few seconds lets the requests through once the second has passed. Few
 * tries, growing waits, one worker at a time: the load drops, it does not pile up. Other errors go through as they are.
 */
export function patient<T extends object>(target: T, sleep: (ms: number) => Promise<void>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await (value as (...a: unknown[]) => unknown).apply(object, args);
          } catch (error) {
            if (attempt >= BACKOFF_MS.length || toWxacodeError(error).errCode !== ErrCode.CLOUDBASE_QPS_EXCEEDED) throw error;
            await sleep(BACKOFF_MS[attempt] + Math.floor(Math.random() * 250));
          }
        }
      };
    },
  });
}
