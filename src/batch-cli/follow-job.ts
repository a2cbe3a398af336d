import type { JobStatus, ManifestRow, ResultRow, ResultsReply } from '../core/batch/contract';
import { MAX_RESULTS_LIMIT } from '../core/batch/contract';
import { sleep, type BatchClient } from './http-client';
import { existingImage, imageExtension, imagePath } from './out-folder';
import type { ProgressView } from './progress';

export interface FollowOptions {
  jobId: string;
  out: string;
  pollMs: number;
  /** images fetched at once */
  concurrency?: number;
  /** rows per results page while the job runs (the last pass uses the largest page) */
  pageSize?: number;
  /** set when the user pressed Ctrl-C: stop between steps */
  stopped: () => boolean;
  progress: ProgressView;
}

export interface FollowResult {
  job: JobStatus;
  /** every item's row, in item order (complete only when the job ended) */
  rows: ManifestRow[];
  downloaded: number;
  alreadyThere: number;
  interrupted: boolean;
}

const SETTLED = new Set<ManifestRow['status']>(['made', 'cached', 'failed', 'cancelled']);

/**
 * Watches the job and saves each code into --out as soon as it is made, paging through the results from the first
 * item not yet settled. Images are streamed to their files, never held; memory keeps only the rows' text for the
 * manifest. An image already in --out is not fetched again: a run after Ctrl-C downloads only what was missing.
 */
export async function followJob(client: BatchClient, options: FollowOptions): Promise<FollowResult> {
  const runningPageSize = options.pageSize ?? 200;
  const concurrency = options.concurrency ?? 4;
  const rows: ManifestRow[] = [];
  /** rows[0..cursor) are settled and, if made, saved */
  let cursor = 0;
  let savedBehindCursor = 0;
  /** indexes at or past the cursor whose image is on disk */
  const savedAhead = new Set<number>();
  let downloaded = 0;
  let alreadyThere = 0;
  let job: JobStatus | undefined;

  const saveMissing = async (page: ResultsReply, offset: number) => {
    const tasks: (() => Promise<void>)[] = [];
    page.rows.forEach((row, at) => {
      const index = offset + at;
      rows[index] = manifestRowOf(row);
      if ((row.status !== 'made' && row.status !== 'cached') || savedAhead.has(index)) return;
      if (existingImage(options.out, row)) {
        savedAhead.add(index);
        alreadyThere++;
      } else if (row.tempFileURL) {
        const url = row.tempFileURL;
        tasks.push(async () => {
          await client.download(url, imagePath(options.out, row.label, imageExtension(row.fileID) ?? 'jpg'));
          savedAhead.add(index);
          downloaded++;
        });
      }
    });
    await runPool(tasks, concurrency, options.stopped);
  };

  const advanceCursor = (end: number) => {
    while (cursor < end) {
      const row = rows[cursor];
      const made = row.status === 'made' || row.status === 'cached';
      if (!SETTLED.has(row.status) || (made && !savedAhead.has(cursor))) return;
      if (made) savedBehindCursor++;
      savedAhead.delete(cursor);
      cursor++;
    }
  };

  while (!options.stopped()) {
    let offset: number | null = cursor;
    // a pass that starts on an ended job sees every row in its final state
    let endedAtStart: boolean | undefined;
    while (offset !== null && !options.stopped()) {
      const limit = endedAtStart ? MAX_RESULTS_LIMIT : runningPageSize;
      const page: ResultsReply = await client.call<ResultsReply>({ action: 'results', jobId: options.jobId, offset, limit });
      job = page.job;
      endedAtStart ??= job.state !== 'running';
      await saveMissing(page, offset);
      advanceCursor(offset + page.rows.length);
      options.progress.update(job, savedBehindCursor + savedAhead.size);
      offset = page.nextOffset;
      // while the job runs, items are made roughly in order: past a page with nothing settled there is nothing to
      // fetch yet, and asking for it would make the function sign URLs for nothing
      if (!endedAtStart && page.rows.every((row) => !SETTLED.has(row.status))) break;
    }
    if (!job || options.stopped()) break;
    if (endedAtStart && offset === null) break;
    await sleep(options.pollMs);
  }
  return { job: job as JobStatus, rows, downloaded, alreadyThere, interrupted: options.stopped() };
}

export function manifestRowOf(row: ResultRow): ManifestRow {
  return {
    label: row.label,
    scene: row.scene,
    sceneMode: row.sceneMode,
    fileID: row.fileID,
    status: row.status,
    errCode: row.errCode,
    errMsg: row.errMsg,
    // a link job's rows: the link and its expiry are what the campaign sends
    ...(row.link === undefined ? {} : { link: row.link, expiresAt: row.expiresAt ?? '', linkId: row.linkId ?? '' }),
  };
}

async function runPool(tasks: (() => Promise<void>)[], concurrency: number, stopped: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !stopped()) {
      const task = tasks[next++];
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
