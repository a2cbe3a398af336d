import type { BatchApi, ItemStatus, JobState } from './contract';

/** A job as stored (collection `wxacode_batch_jobs`, `_id` = jobId). Times are epoch milliseconds. */
export interface BatchJobRecord {
  _id: string;
  jobKey: string;
  api: BatchApi;
  /** preparing: the job exists but its items are still being written (a re-submit finishes the writing) */
  state: JobState | 'preparing';
  stoppedReason?: string;
  total: number;
  createdAt: number;
  updatedAt: number;
  /** the last time a worker started a slice of this job: the hourly timer restarts jobs where this is old */
  heartbeatAt: number;
  /** 45009 back-off: the share of the rate budget this job may use (1 = all of it), and when it was last cut */
  rateFactor: number;
  throttledAt: number;
  /** a job stopped at a daily cap (links: 44993) restarts by itself from this time (epoch ms), by the hourly timer */
  resumeAt?: number;
}

/** claimed: a worker is making it (until claimedUntil, after which another worker may take it over). */
export type ItemRecordStatus = ItemStatus | 'claimed';

/** One item as stored (collection `wxacode_batch_items`, `_id` = `<jobId>:<index>`). */
export interface BatchItemRecord {
  _id: string;
  jobId: string;
  index: number;
  line?: number;
  label: string;
  /** the event its code is made from, the job's defaults applied */
  event: Record<string, unknown>;
  status: ItemRecordStatus;
  claimedBy?: string;
  claimedUntil?: number;
  /** WeChat calls that failed transiently (-1, storage faults); the item fails after MAX_ATTEMPTS */
  attempts: number;
  fileID?: string;
  scene?: string;
  sceneMode?: 'raw' | 'inline' | 'stored' | '';
  errCode?: number;
  errMsg?: string;
  doneAt?: number;
  /** link jobs: the link made and when it stops opening (epoch ms; null: never) */
  link?: string;
  expiresAt?: number | null;
  linkId?: string;
}

export function itemId(jobId: string, index: number): string {
  return `${jobId}:${String(index).padStart(6, '0')}`;
}
