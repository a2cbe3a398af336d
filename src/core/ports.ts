import type { BatchItemRecord, BatchJobRecord, ItemRecordStatus } from './batch/records';
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
  /** many at once, in order (one request per few dozen files rather than one each); optional for simple stores */
  temporaryUrls?(fileIDs: readonly string[]): Promise<string[]>;
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

/**
 * Batch jobs and their items (CloudBase collections in production). Every change of an item's status is a
 * conditional update on one document, so two workers never both claim, finish or release the same item.
 */
export interface BatchStore {
  /** false when a job with this _id exists already (the insert is atomic) */
  createJob(job: BatchJobRecord): Promise<boolean>;
  getJob(jobId: string): Promise<BatchJobRecord | null>;
  /** applies the patch only while the job's state is one of `onlyIn` (when given); true when it applied */
  updateJob(jobId: string, patch: Partial<BatchJobRecord>, onlyIn?: readonly BatchJobRecord['state'][]): Promise<boolean>;
  /** jobs in a state whose heartbeat is older than `before` */
  staleJobs(state: BatchJobRecord['state'], before: number, limit: number): Promise<BatchJobRecord[]>;
  /** writes items; ones already stored (same _id) are left as they are, so a re-submit after a crash completes the set */
  insertItems(items: BatchItemRecord[]): Promise<void>;
  countItems(jobId: string, status?: ItemRecordStatus, doneSince?: number): Promise<number>;
  /** items by index, from offset */
  listItems(jobId: string, offset: number, limit: number, status?: ItemRecordStatus): Promise<BatchItemRecord[]>;
  /** claimable items: pending ones, or claimed ones whose claim ran out before `now` */
  claimable(jobId: string, now: number, limit: number): Promise<BatchItemRecord[]>;
  /** takes the item if it is still as read (pending, or claimed with an expired claim): true when this worker got it */
  claim(item: BatchItemRecord, worker: string, now: number, until: number): Promise<boolean>;
  /** changes an item this worker still holds; false when the claim was taken over meanwhile (nothing changes) */
  settle(itemId: string, worker: string, patch: Partial<BatchItemRecord>): Promise<boolean>;
  /** moves every item of the job in status `from` to `patch` (cancel, retryFailed); the number moved */
  moveItems(jobId: string, from: ItemRecordStatus, patch: Partial<BatchItemRecord>): Promise<number>;
}

/**
 * The app's shared WeChat call budget, one counter per second of the minute (`slot` 0-59), holding the count of
 * one particular second. take() is atomic across instances: it adds one only while the count is below allowance.
 */
export interface RateSlots {
  take(slot: number, second: number, allowance: number): Promise<boolean>;
}
