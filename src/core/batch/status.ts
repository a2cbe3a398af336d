import type { BatchStore } from '../ports';
import type { JobStatus, ManifestRow } from './contract';
import type { BatchItemRecord, BatchJobRecord } from './records';

const PAGE = 1000;

/** What `status` answers: counts from the items themselves, so they are right whichever worker wrote them. */
export async function jobStatus(store: BatchStore, job: BatchJobRecord, now: number): Promise<JobStatus> {
  const id = job._id;
  const [made, cached, failed, pending, claimed, lastMinute] = await Promise.all([
    store.countItems(id, 'made'),
    store.countItems(id, 'cached'),
    store.countItems(id, 'failed'),
    store.countItems(id, 'pending'),
    store.countItems(id, 'claimed'),
    store.countItems(id, undefined, now - 60_000),
  ]);
  const failedByErrCode: Record<string, number> = {};
  for (let offset = 0; offset < failed; offset += PAGE) {
    for (const item of await store.listItems(id, offset, PAGE, 'failed')) {
      const code = String(item.errCode ?? 0);
      failedByErrCode[code] = (failedByErrCode[code] ?? 0) + 1;
    }
  }
  const remaining = job.state === 'cancelled' ? 0 : pending + claimed;
  // settled items over the last minute, or since the job began when it is younger than a minute
  const elapsedMs = Math.min(60_000, Math.max(1000, now - job.createdAt));
  const ratePerMinute = Math.round((lastMinute * 60_000) / elapsedMs);
  const state = job.state === 'preparing' ? 'running' : job.state;
  return {
    jobId: id,
    jobKey: job.jobKey,
    api: job.api,
    state,
    ...(job.stoppedReason && state === 'stopped' ? { stoppedReason: job.stoppedReason } : {}),
    total: job.total,
    made,
    cached,
    failed,
    remaining,
    failedByErrCode,
    ratePerMinute,
    etaSeconds: remaining === 0 ? 0 : ratePerMinute > 0 && state === 'running' ? Math.ceil((remaining / ratePerMinute) * 60) : null,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(Math.max(job.updatedAt, job.heartbeatAt)).toISOString(),
  };
}

/** A job as submitted, all its items still to make: what submit answers without a request to the database. */
export function asSubmitted(job: BatchJobRecord): JobStatus {
  const state = job.state === 'preparing' ? 'running' : job.state;
  return {
    jobId: job._id,
    jobKey: job.jobKey,
    api: job.api,
    state,
    total: job.total,
    made: 0,
    cached: 0,
    failed: 0,
    remaining: job.total,
    failedByErrCode: {},
    ratePerMinute: 0,
    etaSeconds: null,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(Math.max(job.updatedAt, job.heartbeatAt)).toISOString(),
  };
}

/** `fileID`: where the item's code is stored, when the item itself does not say (see item-files.ts) */
export function manifestRow(item: BatchItemRecord, fileID = item.fileID, linkJob = false): ManifestRow {
  const status = item.status === 'claimed' ? 'pending' : item.status;
  const event = item.event;
  const rawScene = typeof event.scene === 'string' ? event.scene : '';
  return {
    label: item.label,
    scene: item.scene || rawScene,
    sceneMode: item.sceneMode || (rawScene ? 'raw' : ''),
    fileID: status === 'made' || status === 'cached' ? fileID ?? '' : '',
    status,
    errCode: status === 'failed' ? item.errCode ?? 0 : 0,
    errMsg: status === 'failed' ? item.errMsg ?? '' : '',
    ...(linkJob
      ? {
          link: status === 'made' || status === 'cached' ? item.link ?? '' : '',
          expiresAt: (status === 'made' || status === 'cached') && typeof item.expiresAt === 'number' ? new Date(item.expiresAt).toISOString() : '',
          linkId: status === 'made' || status === 'cached' ? item.linkId ?? '' : '',
        }
      : {}),
  };
}
