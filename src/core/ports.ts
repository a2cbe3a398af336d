import type { CodeImage, CodeRequest, WxacodeApi } from './params/types';

/**
 * The small adapters the core runs on. wx-server-sdk implements them in a cloud function; memory fakes in
 * tests; WeChat's HTTPS API (access_token) and other stores can implement them without touching the core.
 */

/** How long a code may take: the invocation's deadline (epoch ms), after which the platform kills the function. */
export interface TimeBudget {
  deadline?: number;
}

/** Makes a code: one call to WeChat. Throws an error with errCode/errMsg on WeChat's refusal. */
export interface CodeGenerator {
  generate(request: CodeRequest, budget?: TimeBudget): Promise<CodeImage>;
}

/** Where delivered images live (CloudBase cloud storage in production). */
export interface FileStore {
  upload(cloudPath: string, image: CodeImage): Promise<{ fileID: string }>;
  temporaryUrl(fileID: string): Promise<string>;
  download(fileID: string): Promise<Buffer>;
  /** The fileID of a file already stored at cloudPath, or null: lets a retry find an upload whose index write was lost. */
  locate(cloudPath: string): Promise<string | null>;
}

/** One delivered code, keyed by the hash of its normalized request. */
export interface CodeRecord {
  _id: string;
  api: WxacodeApi;
  cloudPath: string;
  fileID: string;
  contentType: string;
  bytes: number;
  createdAt: number;
}

/**
 * The cache index (a CloudBase database collection in production). Besides records it holds short-lived claims:
 * "an instance is making this code now", so identical requests in other instances wait instead of spending
 * quota on the same code.
 */
export interface CodeIndex {
  /** the record of a delivered code; a claim alone is not a record */
  find(key: string): Promise<CodeRecord | null>;
  /** writes the record, replacing any claim */
  save(record: CodeRecord): Promise<void>;
  /** true when this caller may make the code: no claim yet, or only one older than staleAfterMs */
  claim(key: string, now: number, staleAfterMs: number): Promise<boolean>;
  /** drops a claim that did not become a record (the attempt failed); never removes a record */
  release(key: string): Promise<void>;
}

export interface Clock {
  now(): number;
}
