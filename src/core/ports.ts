import type { CodeImage, CodeRequest, WxacodeApi } from './params/types';

/**
 * The small adapters the core runs on. wx-server-sdk implements them in a cloud function; memory fakes in
 * tests; WeChat's HTTPS API (access_token) and other stores can implement them without touching the core.
 */

/** Makes a code: one call to WeChat. Throws an error with errCode/errMsg on WeChat's refusal. */
export interface CodeGenerator {
  generate(request: CodeRequest): Promise<CodeImage>;
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

/** The cache index (a CloudBase database collection in production). */
export interface CodeIndex {
  find(key: string): Promise<CodeRecord | null>;
  save(record: CodeRecord): Promise<void>;
}

export interface Clock {
  now(): number;
}
