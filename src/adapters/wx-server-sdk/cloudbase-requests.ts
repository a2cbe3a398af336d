import { sendWithinQps, type CloudbaseRetryOptions } from '../../core/reliability/cloudbase-retry';
import type { RequestPacer } from '../../core/reliability/request-pacer';
import type { CloudDatabase, CloudSdk } from './cloud';
import { currentInvocationEnd, currentPace } from './invocation';

/** Sends one request (each try paced as the invocation asks), again after -501004, within the invocation's time limit. */
export type RequestRetry = <T>(send: () => Promise<T>) => Promise<T>;

export function qpsRetry(
  options: Omit<CloudbaseRetryOptions, 'deadline'> = {},
  deadline: () => number | undefined = currentInvocationEnd,
  pace: () => RequestPacer | undefined = currentPace,
): RequestRetry {
  return (send) => {
    const pacer = pace();
    return sendWithinQps(pacer ? () => pacer().then(send) : send, { ...options, deadline: deadline() });
  };
}

/** The database's requests (a query's or a document's); every other method builds a query. */
const DATABASE_REQUESTS = new Set<PropertyKey>(['get', 'count', 'update', 'remove', 'set', 'add']);
const isDatabaseRequest = (name: PropertyKey | undefined) => name !== undefined && DATABASE_REQUESTS.has(name);
/** every call into the openapi tree is a request to WeChat through CloudBase */
const everyCall = () => true;

/**
 * A database reference (collection, query, document) or the openapi tree (callable proxies in wx-server-sdk) whose
 * every request is sent through `retry`: a call `isRequest` names is made inside it, so it is paced before it is sent
 * and made again (on the same object, the SDK's queries being immutable builders) after -501004; any other call or
 * property that gives an object or a function is wrapped in turn. Arguments pass through untouched (the SDK reads its
 * own command objects in them), and each call runs on the SDK's own object, not on the wrapper.
 */
export function retryingRequests<T extends object>(
  target: T,
  retry: RequestRetry,
  isRequest: (name: PropertyKey | undefined) => boolean,
  owner?: object,
  name?: PropertyKey,
): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      const descriptor = Object.getOwnPropertyDescriptor(object, property);
      // a proxy must hand out a frozen property as it is
      if (descriptor && !descriptor.configurable && !descriptor.writable && !descriptor.get) return value;
      return isObjectLike(value) ? retryingRequests(value, retry, isRequest, object, property) : value;
    },
    apply(fn, _wrapper, args) {
      const call = () => Reflect.apply(fn as (...a: unknown[]) => unknown, owner, args);
      if (isRequest(name)) return retry(() => Promise.resolve(call()));
      const built = call();
      return isObjectLike(built) ? retryingRequests(built, retry, isRequest) : built;
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
    collection: (name) => retryingRequests(database().collection(name), retry, isDatabaseRequest),
    createCollection: (name) => retry(() => database().createCollection(name)),
    get command() {
      return database().command;
    },
    serverDate: () => database().serverDate(),
  };
  return {
    get openapi() {
      return retryingRequests(sdk.openapi, retry, everyCall);
    },
    uploadFile: (param) => retry(() => sdk.uploadFile(param)),
    getTempFileURL: (param) => retry(() => sdk.getTempFileURL(param)),
    downloadFile: (param) => retry(() => sdk.downloadFile(param)),
    database: () => retryingDb,
    getWXContext: () => sdk.getWXContext(),
    callFunction: (param) => retry(() => sdk.callFunction(param)),
  };
}
