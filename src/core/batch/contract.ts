/**
 * The contract between the cloud side of batch pre-generation (`wxacodeBatch`, src/core/batch/) and the CLI and its
 * outputs (scripts/batch, src/core/batch/files/). Both build to these names; the HTTP body and the callFunction
 * event are the same JSON, and so are the replies.
 */

/** The cloud function's name and its HTTP access path (behind `WXACODE_HTTP_TOKENS` bearer tokens). */
export const BATCH_FUNCTION = 'wxacodeBatch';
export const BATCH_HTTP_PATH = '/api/wxacode/batch';

export type CodeBatchApi = 'getUnlimited' | 'get' | 'createQRCode';
/** Links in batches (SMS and e-mail campaigns): the item's query columns, or its other columns as queryData. */
export type LinkBatchApi = 'urlLink' | 'urlScheme' | 'shortLink';
export type BatchApi = CodeBatchApi | LinkBatchApi;
export const LINK_BATCH_APIS: readonly LinkBatchApi[] = ['urlLink', 'urlScheme', 'shortLink'];
export const BATCH_APIS: readonly BatchApi[] = ['getUnlimited', 'get', 'createQRCode', ...LINK_BATCH_APIS];

export function isLinkBatchApi(api: BatchApi): api is LinkBatchApi {
  return (LINK_BATCH_APIS as readonly string[]).includes(api);
}

/**
 * Parameter columns / keys an item may carry besides label, scene and sceneData (for link jobs the other columns are
 * the queryData). The link keys are those of wxacodeUrlLink / wxacodeUrlScheme / wxacodeShortLink.
 */
export const ITEM_PARAMETER_KEYS = [
  'path',
  'page',
  'width',
  'autoColor',
  'lineColor',
  'isHyaline',
  'checkPath',
  'envVersion',
  'query',
  'expireType',
  'expireTime',
  'expireInterval',
  'pageUrl',
  'pageTitle',
  'isPermanent',
  'minValidSeconds',
] as const;

/** One code to make. */
export interface BatchItem {
  /** unique in the job; names the image file (<label>.jpg|png); 1-100 chars, no / \ : * ? " < > | or control chars */
  label: string;
  /** getUnlimited: exactly one of scene / sceneData */
  scene?: string;
  sceneData?: Record<string, string | number | boolean>;
  /** get / createQRCode */
  path?: string;
  page?: string;
  width?: number;
  autoColor?: boolean;
  lineColor?: { r: number; g: number; b: number };
  isHyaline?: boolean;
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
  /** link jobs: the page's query as a string, or queryData (or, in a CSV, the columns that are not parameters) */
  query?: string;
  queryData?: Record<string, string | number | boolean>;
  expireType?: 0 | 1;
  expireTime?: number;
  expireInterval?: number;
  pageUrl?: string;
  pageTitle?: string;
  isPermanent?: boolean;
  minValidSeconds?: number;
}

/** One invalid item: its 0-based index, its 1-based file line (CSV/JSON files), the field and the rule it broke. */
export interface ItemProblem {
  index: number;
  line?: number;
  label?: string;
  field: string;
  errCode: number;
  errMsg: string;
}

/** stopped: the job cannot go on by itself (e.g. 45029, the lifetime quota is spent); stoppedReason says why. */
export type JobState = 'running' | 'done' | 'cancelled' | 'stopped';

export interface JobStatus {
  jobId: string;
  jobKey: string;
  api: BatchApi;
  state: JobState;
  stoppedReason?: string;
  total: number;
  made: number;
  cached: number;
  failed: number;
  remaining: number;
  failedByErrCode: Record<string, number>;
  /** codes finished (made or from cache) over the last minute */
  ratePerMinute: number;
  etaSeconds: number | null;
  createdAt: string;
  updatedAt: string;
}

export type ItemStatus = 'made' | 'cached' | 'failed' | 'pending' | 'cancelled';

/** One per item, in item order. */
export interface ManifestRow {
  label: string;
  scene: string;
  sceneMode: 'raw' | 'inline' | 'stored' | '';
  fileID: string;
  status: ItemStatus;
  errCode: number;
  errMsg: string;
  /** link jobs: the link made (urlLink / openlink / Short Link) and when it stops opening (ISO; '' for never) */
  link?: string;
  expiresAt?: string;
  /** link jobs: the link's own id (its query's `wxl`), under which entries by it are recorded; '' when it has none */
  linkId?: string;
}

export interface SheetOptions {
  /** grid (default): many codes a page, each with its label; tent: one standing table tent (桌贴 / 桌牌) a code */
  layout?: 'grid' | 'tent';
  /** grid: the paper and how the codes sit on it */
  paper?: 'A4' | 'A5' | 'Letter';
  columns?: number;
  codeSizeMm?: number;
  marginMm?: number;
  labelFontSize?: number;
  /** tent: the card's trimmed size unfolded, A6 (default, 105×148 mm), A5, or "<width>x<height>" in mm */
  tentSize?: string;
  /** tent: the line above the code on every card, e.g. 扫码点餐 */
  title?: string;
  /** tent: a second line, the same on every card (e.g. the shop's name) */
  subtitle?: string;
  /** tent: the second line from each item's own field instead (a sceneData field or a parameter, e.g. shop) */
  subtitleColumn?: string;
  /** tent, wxacodeBatch only: a PNG or JPEG logo in cloud storage (the CLI takes --logo <file>) */
  logoFileID?: string;
}

// ---- requests (the event / HTTP body) ----

export interface UploadRequest {
  action: 'upload';
  /** 8-64 chars [A-Za-z0-9_-] */
  uploadId: string;
  /** 0-based part number */
  part: number;
  /** at most 1 MB of UTF-8 text */
  text: string;
  last: boolean;
  /** the format of the assembled file (default: sniffed, JSON when it starts with [ or {) */
  format?: 'csv' | 'json';
}
export interface SubmitRequest {
  action: 'submit';
  jobKey?: string;
  api?: BatchApi;
  defaults?: Partial<BatchItem>;
  items?: BatchItem[];
  itemsFileID?: string;
  itemsFormat?: 'csv' | 'json';
  skipInvalid?: boolean;
  allowance?: number;
}
export interface JobRequest {
  action: 'status' | 'cancel' | 'retryFailed' | 'work';
  jobId: string;
}
export interface ResultsRequest {
  action: 'results';
  jobId: string;
  offset?: number;
  /** at most 1000 */
  limit?: number;
  manifest?: boolean;
  zip?: boolean;
  sheet?: boolean | SheetOptions;
}
export type BatchRequest = UploadRequest | SubmitRequest | JobRequest | ResultsRequest;

// ---- replies ----

export interface BatchFailure {
  errCode: number;
  errMsg: string;
}
export interface UploadReply {
  errCode: 0;
  errMsg: 'ok';
  uploadId: string;
  fileID?: string;
}
export interface SubmitReply {
  errCode: 0;
  errMsg: 'ok';
  jobId: string;
  created: boolean;
  job: JobStatus;
  skipped: ItemProblem[];
  /** for a job created by this submit: what it will cost in CloudBase requests, and how fast it can go */
  cost?: BatchCost;
}
export interface BatchCost {
  /** CloudBase requests (调用次数) the job will send at most: requestsPerItemAtMost for each item */
  cloudbaseRequestsAtMost: number;
  requestsPerItemAtMost: number;
  /** the batch's share of the environment's QPS (WXACODE_BATCH_QPS) its requests are paced within */
  cloudbaseQps: number;
  /** WeChat calls a minute for all jobs (WXACODE_BATCH_RATE, lowered to what cloudbaseQps carries) */
  wechatCallsPerMinute: number;
  /** at that rate with no other job running */
  minutesAtLeast: number;
}
/** -700201: at most 100 problems are listed; problemCount counts them all */
export interface InvalidItemsReply extends BatchFailure {
  problems: ItemProblem[];
  problemCount: number;
}
/** -700202 */
export interface AllowanceNeededReply extends BatchFailure {
  wouldSpend: number;
}
export interface JobReply {
  errCode: 0;
  errMsg: 'ok';
  job: JobStatus;
}
export type ResultRow = ManifestRow & { tempFileURL?: string };
export interface ResultsReply {
  errCode: 0;
  errMsg: 'ok';
  job: JobStatus;
  rows: ResultRow[];
  nextOffset: number | null;
  manifest?: { csvFileID: string; jsonFileID: string; csvURL: string; jsonURL: string };
  zip?: { fileID: string; url: string };
  sheet?: { fileID: string; url: string };
}

/** Error codes of the batch (also in src/core/errors.ts as ErrCode.BATCH_*). */
export const BatchErrCode = {
  INVALID_ITEMS: -700201,
  ALLOWANCE_NEEDED: -700202,
  UNKNOWN_JOB: -700203,
  BAD_ARGUMENT: -700204,
} as const;

/** The most items one job may hold. */
export const MAX_JOB_ITEMS = 100_000;
/** The most rows one results page returns. */
export const MAX_RESULTS_LIMIT = 1000;
/** The largest upload part, in bytes of UTF-8. */
export const MAX_UPLOAD_PART_BYTES = 1024 * 1024;

/**
 * What `parseItemsText(text, format)` (src/core/batch/files/, owned by the CLI side) returns. `lines[i]` is the
 * 1-based file line where items[i] starts (CSV: the header is line 1), so the cloud side can name the line of an
 * item that parses but breaks a parameter rule; without it the cloud side reports the index only.
 */
export interface ParsedItems {
  items: BatchItem[];
  problems: ItemProblem[];
  lines?: number[];
}
export type ParseItemsText = (text: string, format: 'csv' | 'json') => ParsedItems;
