import { qpsRetry, withQpsRetry, type RequestRetry } from './cloudbase-requests';

/**
 * The slice of wx-server-sdk this toolkit uses, typed narrowly. wx-server-sdk types `openapi` as
 * `Record<string, any>`; everything that crosses this boundary is checked on our side.
 */
export interface CloudSdk {
  openapi: Record<string, any>;
  uploadFile(param: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  getTempFileURL(param: { fileList: (string | { fileID: string; maxAge: number })[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; errMsg: string }[];
  }>;
  downloadFile(param: { fileID: string }): Promise<{ fileContent: Buffer }>;
  database(): CloudDatabase;
  getWXContext(): Record<string, unknown>;
  /** another cloud function, as `cloud.callFunction` (wxacodeBatch hands a job on to a fresh invocation of itself) */
  callFunction(param: { name: string; data: Record<string, unknown> }): Promise<{ result?: unknown }>;
}

export interface CloudDatabase {
  collection(name: string): CloudCollection;
  createCollection(name: string): Promise<unknown>;
  command: any;
  serverDate(): unknown;
}

export interface CloudCollection {
  doc(id: string): {
    get(): Promise<{ data: Record<string, unknown> }>;
    set(param: { data: Record<string, unknown> }): Promise<unknown>;
    update(param: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
    remove(): Promise<unknown>;
  };
  where(query: Record<string, unknown>): {
    limit(n: number): { get(): Promise<{ data: Record<string, unknown>[] }> };
    get(): Promise<{ data: Record<string, unknown>[] }>;
    count(): Promise<{ total: number }>;
    update(param: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
    remove(): Promise<{ stats: { removed: number } }>;
  };
  add(param: { data: Record<string, unknown> }): Promise<{ _id: string }>;
}

/** Loads wx-server-sdk and initialises it for the environment the function runs in. */
export function initCloud(): CloudSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return cloud as CloudSdk;
}

/**
 * wx-server-sdk, loaded on first use: an event refused by validation is answered without loading or
 * initialising the SDK at all (faster, and nothing is sent anywhere). Every request it sends is retried after
 * CloudBase's per-second refusal (-501004), within the invocation's time limit (cloudbase-requests.ts).
 */
export function lazyCloud(load: () => CloudSdk = initCloud, retry: RequestRetry = qpsRetry()): CloudSdk {
  let sdk: CloudSdk | undefined;
  let db: CloudDatabase | undefined;
  const get = () => (sdk ??= withQpsRetry(load(), retry));
  const database = () => (db ??= get().database());
  const lazyDb: CloudDatabase = {
    collection: (name) => database().collection(name),
    createCollection: (name) => database().createCollection(name),
    get command() {
      return database().command;
    },
    serverDate: () => database().serverDate(),
  };
  return {
    get openapi() {
      return get().openapi;
    },
    uploadFile: (param) => get().uploadFile(param),
    getTempFileURL: (param) => get().getTempFileURL(param),
    downloadFile: (param) => get().downloadFile(param),
    database: () => lazyDb,
    getWXContext: () => get().getWXContext(),
    callFunction: (param) => get().callFunction(param),
  };
}
