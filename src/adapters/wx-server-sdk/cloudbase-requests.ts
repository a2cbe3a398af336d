import { sendWithinQps, type CloudbaseRetryOptions } from '../../core/reliability/cloudbase-retry';
import type { CloudDatabase, CloudSdk } from './cloud';
import { currentInvocationEnd } from './invocation';

/** Sends one request again after -501004, within the current invocation's time limit. */
export type RequestRetry = <T>(send: () => Promise<T>) => Promise<T>;

export function qpsRetry(options: Omit<CloudbaseRetryOptions, 'deadline'> = {}, deadline: () => number | undefined = currentInvocationEnd): RequestRetry {
  return (send) => sendWithinQps(send, { ...options, deadline: deadline() });
}

/**
 * A database reference (collection, query, document) or the openapi tree (callable proxies in wx-server-sdk) whose
 * every request is retried: a call that returns a promise sent a request, and the same call on the same object is
 * made again for the next try (the SDK's queries are immutable builders, so it sends the same request); a call or a
 * property that gives an object or a function is wrapped in turn. Arguments pass through untouched (the SDK reads its
 * own command objects in them), and each call runs on the SDK's own object, not on the wrapper.
 */
export function retryingRequests<T extends object>(target: T, retry: RequestRetry, owner?: object): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      const descriptor = Object.getOwnPropertyDescriptor(object, property);
      // a proxy must hand out a frozen property as it is
      if (descriptor && !descriptor.configurable && !descriptor.writable && !descriptor.get) return value;
      return isObjectLike(value) ? retryingRequests(value, retry, object) : value;
    },
    apply(fn, _wrapper, args) {
      const call = () => Reflect.apply(fn as (...a: unknown[]) => unknown, owner, args);
      const first = call();
      // a request is a promise the SDK's async methods return (not any thenable: the openapi tree's proxies
      // answer `then` too)
      if (first instanceof Promise) {
        let pending: Promise<unknown> | undefined = first;
        return retry(() => {
          const attempt = pending ?? (call() as Promise<unknown>);
          pending = undefined;
          return attempt;
        });
      }
      return isObjectLike(first) ? retryingRequests(first, retry) : first;
    },
  });
}

function isObjectLike(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function');
}

/**
 * The one place every CloudBase request of the adapters goes through: storage, database, cloud calls (openapi) and
 * callFunction are each retried after CloudBase's per-second refusal (-501004). `command` and `serverDate()` build
 * values, not requests, and are handed out as they are.
 */
export function withQpsRetry(sdk: CloudSdk, retry: RequestRetry = qpsRetry()): CloudSdk {
  let db: CloudDatabase | undefined;
  const database = () => (db ??= sdk.database());
  const retryingDb: CloudDatabase = {
    collection: (name) => retryingRequests(database().collection(name), retry),
    createCollection: (name) => retry(() => database().createCollection(name)),
    get command() {
      return database().command;
    },
    serverDate: () => database().serverDate(),
  };
  return {
    get openapi() {
      return retryingRequests(sdk.openapi, retry);
    },
    uploadFile: (param) => retry(() => sdk.uploadFile(param)),
    getTempFileURL: (param) => retry(() => sdk.getTempFileURL(param)),
    downloadFile: (param) => retry(() => sdk.downloadFile(param)),
    database: () => retryingDb,
    getWXContext: () => sdk.getWXContext(),
    callFunction: (param) => retry(() => sdk.callFunction(param)),
  };
}
