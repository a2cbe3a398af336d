import { BATCH_JOBS_COLLECTION } from '../../adapters/wx-server-sdk/batch-store';
import { sendJson, type RouteHandler } from '../http';
import type { DatabaseState } from '../state/database-state';

/** A batch job as stored by wxacodeBatch; its progress (made, failed, rate, ETA) comes from the function's `status` action. */
export interface BatchJobSummary {
  jobId: string;
  jobKey: string;
  api: string;
  /** preparing: its items are still being written */
  state: string;
  stoppedReason?: string;
  total: number;
  createdAt: number;
  updatedAt: number;
}

/**
 *   GET /_emulator/batch/jobs   {jobs: BatchJobSummary[]}: every job of wxacodeBatch (collection wxacode_batch_jobs),
 *                               newest first. For a job's progress call the function: {action: 'status', jobId}.
 */
export function createBatchJobsRoute({ database }: { database: DatabaseState }): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/_emulator/batch/jobs') return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: `use GET ${url.pathname}, not ${req.method}` });
      return true;
    }
    const jobs: BatchJobSummary[] = (database.documents(BATCH_JOBS_COLLECTION) ?? [])
      .map((doc) => ({
        jobId: String(doc._id),
        jobKey: String(doc.jobKey ?? ''),
        api: String(doc.api ?? ''),
        state: String(doc.state ?? ''),
        ...(typeof doc.stoppedReason === 'string' ? { stoppedReason: doc.stoppedReason } : {}),
        total: Number(doc.total) || 0,
        createdAt: Number(doc.createdAt) || 0,
        updatedAt: Number(doc.updatedAt) || 0,
      }))
      .sort((a, b) => b.createdAt - a.createdAt || a.jobId.localeCompare(b.jobId));
    sendJson(res, 200, { jobs });
    return true;
  };
}
