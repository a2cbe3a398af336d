/**
 * What each CloudBase request is billed as: the one table from the SDK's action names (and the object transfers,
 * cos.put / cos.get) to billing units. CloudBase bills 调用次数 for every database read and write, storage operation
 * and function invocation; `call: false` marks what is not one of those requests (the object bytes themselves).
 */
export type BillingUnit =
  | 'databaseReads'
  | 'databaseWrites'
  | 'storageUploads'
  | 'storageDownloads'
  | 'temporaryUrls'
  | 'storageDeletes'
  | 'openApiCalls'
  | 'functionInvocations'
  | 'gbSeconds'
  | 'uploadedBytes'
  | 'cdnBytes'
  | 'otherRequests';

export interface ActionBilling {
  /** counted per request; none for a transfer whose request was billed already */
  unit?: BillingUnit;
  /** counted per byte transferred, besides the request */
  bytesUnit?: BillingUnit;
  /** one of the environment's 调用次数 (and so under its QPS limit and monthly quota) */
  call: boolean;
}

const read: ActionBilling = { unit: 'databaseReads', call: true };
const write: ActionBilling = { unit: 'databaseWrites', call: true };

export const ACTION_BILLING: Record<string, ActionBilling> = {
  'database.getDocument': read,
  'database.calculateDocument': read,
  'database.aggregateDocuments': read,
  'database.getInTransaction': read,
  'database.insertDocument': write,
  'database.modifyDocument': write,
  'database.removeDocument': write,
  'database.modifyAndReturnDoc': write,
  'database.addCollection': write,
  'database.startTransaction': write,
  'database.commitTransaction': write,
  'database.abortTransaction': write,
  'database.updateDocInTransaction': write,
  'database.deleteDocInTransaction': write,
  'storage.getUploadMetadata': { unit: 'storageUploads', call: true },
  'storage.batchGetDownloadUrl': { unit: 'temporaryUrls', call: true },
  'storage.batchDeleteFile': { unit: 'storageDeletes', call: true },
  'wx.openApi': { unit: 'openApiCalls', call: true },
  'functions.invokeFunction': { unit: 'functionInvocations', call: true },
  /** the mini program's wx.cloud.callFunction (POST /callFunction) */
  callFunction: { unit: 'functionInvocations', call: true },
  /** a function run by CloudBase's HTTP access service */
  httpAccess: { unit: 'functionInvocations', call: true },
  /** a function run by one of its timer triggers */
  timerTrigger: { unit: 'functionInvocations', call: true },
  /** the object PUT after getUploadMetadata: the bytes, the request itself was the metadata call */
  'cos.put': { bytesUnit: 'uploadedBytes', call: false },
  /** a temporary URL fetched: a download and its bytes out through the CDN */
  'cos.get': { unit: 'storageDownloads', bytesUnit: 'cdnBytes', call: false },
};

const OTHER: ActionBilling = { unit: 'otherRequests', call: true };

export function billingOf(action: string): ActionBilling {
  return Object.prototype.hasOwnProperty.call(ACTION_BILLING, action) ? ACTION_BILLING[action] : OTHER;
}

/** CloudBase's default function memory when a function configures none (资源使用量 = 配置内存 × 运行时长) */
export const DEFAULT_MEMORY_MB = 256;
