import type { BatchItemRecord, BatchJobRecord, ItemRecordStatus } from './batch/records';
import type { CodeImage, CodeRequest, WxacodeApi } from './params/types';
import type { LinkQueryApi, LinkRequest, MadeLink } from './links/types';

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
  /**
   * The file stored at each cloudPath with a temporary URL, or null where there is none, in order: one request per
   * few dozen paths. Paths are content-addressed, so this alone tells a made code (and serves it) from one to make,
   * including one whose maker uploaded it and died before anything else.
   */
  findAt(cloudPaths: readonly string[]): Promise<(StoredFile | null)[]>;
}

export interface StoredFile {
  fileID: string;
  tempFileURL: string;
}

/**
 * The document of one code in the index, keyed by the hash of its normalized request, written when an instance
 * claims the code and left in place once it is made: the stored file at cloudPath is what says it was made.
 */
export interface CodeRecord {
  _id: string;
  api: WxacodeApi;
  cloudPath: string;
  contentType: string;
  /** epoch ms of the claim: an instance making it now, or (file stored) when it was made */
  claimedAt: number;
}

/**
 * The cache index (a CloudBase database collection in production): claims, "an instance is making this code
 * now", so identical requests in other instances wait instead of spending quota on the same code.
 */
export interface CodeIndex {
  /** true when this caller may make the code: no document yet, or only one claimed before staleAfterMs ago */
  claim(record: CodeRecord, staleAfterMs: number): Promise<boolean>;
  /** drops this caller's claim when it made nothing (the attempt failed before the upload) */
  release(key: string, claimedAt: number): Promise<void>;
  /** writes the document of a code made without a claim (cache: false), replacing any */
  save(record: CodeRecord): Promise<void>;
  /**
   * claim() for many codes, in one request where none of them has a document yet (the batch's common case); the
   * keys this caller got. Optional: without it each is claimed on its own.
   */
  claimMany?(records: readonly CodeRecord[], staleAfterMs: number): Promise<Set<string>>;
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
  /**
   * claim() for many candidates as claimable() read them (all pending, or all with run-out claims), in one
   * conditional update and one read: the items this worker got, as they are now
   */
  claimMany(items: readonly BatchItemRecord[], worker: string, now: number, until: number): Promise<BatchItemRecord[]>;
  /** changes an item this worker still holds; false when the claim was taken over meanwhile (nothing changes) */
  settle(itemId: string, worker: string, patch: Partial<BatchItemRecord>): Promise<boolean>;
  /** settle() of many items with one patch, in one request; how many this worker still held */
  settleMany(itemIds: readonly string[], worker: string, patch: Partial<BatchItemRecord>): Promise<number>;
  /** moves every item of the job in status `from` to `patch` (cancel, retryFailed); the number moved */
  moveItems(jobId: string, from: ItemRecordStatus, patch: Partial<BatchItemRecord>): Promise<number>;
}

/**
 * The app's shared WeChat call budget, one counter per second of the minute (`slot` 0-59), holding the count of
 * one particular second. take() is atomic across instances: it adds one only while the count is below allowance.
 */
export interface RateSlots {
  /** adds `amount` (default 1) only while the count stays within allowance */
  take(slot: number, second: number, allowance: number, amount?: number): Promise<boolean>;
}

/**
 * One made link in the link index (a CloudBase collection in production), keyed by the hash of its normalized
 * request. `makingSince` > 0 while an instance is asking WeChat for it (the claim); `link` is the last one made.
 */
export interface LinkRecord {
  _id: string;
  api: LinkRequest['api'];
  link: string | null;
  /** epoch ms it stops opening; null: never (a permanent short link, an NFC scheme) */
  expiresAt: number | null;
  madeAt: number | null;
  /** epoch ms of the current claim, 0 when none */
  makingSince: number;
}

/** The links made, so the same request is served without a WeChat call while its link has long enough left. */
export interface LinkIndex {
  get(key: string): Promise<LinkRecord | null>;
  /**
   * Takes the claim: inserts the record when `seen` is null, else updates it only while its makingSince is still
   * seen's (a compare-and-set). True when this caller holds the claim.
   */
  claim(record: LinkRecord, seen: LinkRecord | null): Promise<boolean>;
  /** drops this caller's claim (makingSince back to 0) when nothing was made */
  release(key: string, makingSince: number): Promise<void>;
  /** the link made, the claim ended */
  save(record: LinkRecord): Promise<void>;
}

/** Makes and queries links: one call to WeChat each. Throws an error with errCode/errMsg on WeChat's refusal. */
export interface LinkMaker {
  make(request: LinkRequest, budget?: TimeBudget): Promise<MadeLink>;
  /** queryType: 0 the link's details (WeChat's default), 1 the visits left today */
  query(api: LinkQueryApi, link: string, budget?: TimeBudget, queryType?: 0 | 1): Promise<Record<string, unknown>>;
}
