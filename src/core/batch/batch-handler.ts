import { createHash } from 'node:crypto';
import { cacheKey, cloudPathFor } from '../cache/cache-key';
import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import type { CodeRequest } from '../params/types';
import { describeReceived } from '../validation/reject';
import {
  BATCH_APIS,
  isLinkBatchApi,
  MAX_JOB_ITEMS,
  MAX_RESULTS_LIMIT,
  MAX_UPLOAD_PART_BYTES,
  type BatchApi,
  type BatchCost,
  type ItemProblem,
  type ManifestRow,
  type ParseItemsText,
  type ResultRow,
  type SheetOptions,
} from './contract';
import { decodeItemsBytes } from './files/decode-text';
import { itemId, type BatchItemRecord, type BatchJobRecord } from './records';
import { storedFilesOf } from './item-files';
import { REQUESTS_PER_ITEM } from './settings';
import { asSubmitted, jobStatus, manifestRow } from './status';
import { validateItems } from './validate-items';
import { LINK_CALLS_PER_MINUTE, LINK_REQUESTS_PER_ITEM, runSlice, type BatchRuntime } from './worker';

/** The CLI side's pure modules (src/core/batch/files/); an action that needs a missing one says so. */
export interface BatchFileTools {
  parseItemsText?: ParseItemsText;
  manifestCsv?: (rows: ManifestRow[]) => string;
  manifestJson?: (rows: ManifestRow[]) => string;
  buildZip?: (entries: { name: string; data: Uint8Array }[]) => Promise<Uint8Array>;
  buildPrintSheet?: (codes: { label: string; image: Uint8Array; contentType: string; subtitle?: string }[], options?: SheetOptions, logo?: Uint8Array) => Promise<Uint8Array>;
}

export interface BatchDeps extends BatchRuntime {
  tools: BatchFileTools;
  /** the app's page policy, as the code functions apply it (-700104) */
  checkPage?: (request: CodeRequest) => void;
  /** the same policy on a link's page ('' = the home page) */
  checkPagePath?: (field: string, page: string) => void;
}

export type BatchReply = { errCode: number; errMsg: string; [key: string]: unknown };

/** At most this many problems are listed in a -700201 reply; problemCount counts all. */
const MAX_LISTED_PROBLEMS = 100;
/** The most codes a ZIP or a print sheet made inside the function holds (memory); the CLI makes larger ones. */
export const MAX_BUNDLED_CODES = 2000;
const INSERT_CHUNK = 500;
const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const BATCH_STORAGE_PREFIX = 'wxacode-batch';

function badArgument(field: string, rule: string, received: unknown, hint?: string): WxacodeError {
  return new WxacodeError(ErrCode.BATCH_BAD_ARGUMENT, `${field}: ${rule}; received ${describeReceived(received)}${hint ? `. ${hint}` : ''}`);
}

/** The action of a request, checked before anything is loaded: an unknown one costs nothing. */
export function actionOf(body: unknown): string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badArgument('event', 'must be an object {action, …}', body, 'Send e.g. {"action": "status", "jobId": "…"}');
  }
  const action = (body as { action?: unknown }).action;
  if (typeof action !== 'string' || !ACTIONS.includes(action)) {
    throw badArgument('action', `is required and must be one of ${ACTIONS.join(', ')}`, action);
  }
  return action;
}

const ACTIONS = ['submit', 'status', 'cancel', 'retryFailed', 'results', 'upload', 'work'];

/** One batch request (the callFunction event or the HTTP body, after the caller was checked) → its reply. Never throws. */
export async function handleBatchRequest(body: unknown, deps: BatchDeps, sliceDeadline: number): Promise<BatchReply> {
  try {
    const action = actionOf(body);
    const request = body as Record<string, unknown>;
    switch (action) {
      case 'submit':
        return await submit(request, deps);
      case 'upload':
        return await upload(request, deps);
      case 'results':
        return await results(request, deps);
      case 'work': {
        const outcome = await runSlice(deps, jobIdOf(request), sliceDeadline);
        return { errCode: 0, errMsg: 'ok', ...outcome };
      }
      default:
        return await jobAction(action as 'status' | 'cancel' | 'retryFailed', jobIdOf(request), deps);
    }
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}

/** The hourly timer: jobs left running with no worker for a while (all crashed, a hand-on lost) get workers again. */
export async function restartStalledJobs(deps: BatchDeps): Promise<BatchReply> {
  try {
    const now = deps.clock.now();
    const stalled = await deps.store.staleJobs('running', now - STALLED_AFTER_MS, 100);
    for (const job of stalled) await startWorkers(job._id, deps);
    // link jobs stopped at a daily cap go on once the day (China time) has turned
    const due = (await deps.store.staleJobs('stopped', now, 100)).filter((job) => job.resumeAt !== undefined && job.resumeAt <= now);
    const resumed: string[] = [];
    for (const job of due) {
      if (!(await deps.store.updateJob(job._id, { state: 'running', stoppedReason: '', updatedAt: now, heartbeatAt: now }, ['stopped']))) continue;
      await startWorkers(job._id, deps);
      resumed.push(job._id);
    }
    return { errCode: 0, errMsg: 'ok', restarted: stalled.map((j) => j._id), ...(resumed.length > 0 ? { resumed } : {}) };
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}

/** A running job whose workers have not started a slice for this long has none left (crashed, a hand-on lost). */
export const STALLED_AFTER_MS = 5 * 60_000;

/**
 * Gives a running job new workers when none has shown life for settings.ownerRestartsAfterMs. When the job's owner
 * asks about it (the CLI re-run submits the same job, then polls status) the wait is shorter than the hourly timer's:
 * a working job beats four times within it, so that much silence means its workers died (the whole environment
 * restarted, a hand-on lost).
 */
async function restartIfStalled(job: BatchJobRecord, deps: BatchDeps): Promise<void> {
  const now = deps.clock.now();
  if (job.state !== 'running' || now - job.heartbeatAt < deps.settings.ownerRestartsAfterMs) return;
  // beat first, so the next status poll does not start another set while these are starting
  if (!(await deps.store.updateJob(job._id, { heartbeatAt: now }, ['running']))) return;
  job.heartbeatAt = now;
  await startWorkers(job._id, deps);
}

function jobIdOf(request: Record<string, unknown>): string {
  const jobId = request.jobId;
  if (typeof jobId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(jobId)) {
    throw badArgument('jobId', 'is required: the jobId that submit returned', jobId);
  }
  return jobId;
}

async function loadJob(jobId: string, deps: BatchDeps): Promise<BatchJobRecord> {
  const job = await deps.store.getJob(jobId);
  if (!job) throw new WxacodeError(ErrCode.BATCH_UNKNOWN_JOB, `jobId: no job ${JSON.stringify(jobId)}; submit the items first, or check the jobId that submit returned`);
  return job;
}

async function startWorkers(jobId: string, deps: BatchDeps): Promise<void> {
  await Promise.all(Array.from({ length: deps.settings.workers }, () => deps.handOn(jobId)));
}

async function jobAction(action: 'status' | 'cancel' | 'retryFailed', jobId: string, deps: BatchDeps): Promise<BatchReply> {
  const { store, clock } = deps;
  let job = await loadJob(jobId, deps);
  const now = clock.now();
  if (action === 'status') {
    await restartIfStalled(job, deps);
  } else if (action === 'cancel') {
    await store.updateJob(jobId, { state: 'cancelled', updatedAt: now }, ['running', 'stopped', 'preparing']);
    await store.moveItems(jobId, 'pending', { status: 'cancelled' });
    job = await loadJob(jobId, deps);
  } else if (action === 'retryFailed') {
    await store.moveItems(jobId, 'failed', { status: 'pending', attempts: 0, errCode: 0, errMsg: '', doneAt: 0 });
    if (job.state === 'cancelled') await store.moveItems(jobId, 'cancelled', { status: 'pending' });
    if ((await store.countItems(jobId, 'pending')) > 0) {
      await store.updateJob(jobId, { state: 'running', updatedAt: now, heartbeatAt: now }, ['done', 'stopped', 'cancelled', 'running']);
      await startWorkers(jobId, deps);
    }
    job = await loadJob(jobId, deps);
  }
  return { errCode: 0, errMsg: 'ok', job: await jobStatus(store, job, clock.now()) };
}

// ---- submit ----

async function submit(request: Record<string, unknown>, deps: BatchDeps): Promise<BatchReply> {
  const api = (request.api ?? 'getUnlimited') as BatchApi;
  if (!BATCH_APIS.includes(api)) {
    const close = typeof request.api === 'string' ? BATCH_APIS.find((name) => name.toLowerCase() === (request.api as string).trim().toLowerCase()) : undefined;
    throw badArgument('api', `must be one of ${BATCH_APIS.join(', ')}`, request.api, close ? `Did you mean ${close}?` : 'Omit it for getUnlimited, which has no lifetime limit');
  }
  const defaults = request.defaults ?? {};
  if (!defaults || typeof defaults !== 'object' || Array.isArray(defaults)) throw badArgument('defaults', 'must be an object of code parameters', defaults);
  if ('label' in defaults) throw badArgument('defaults.label', 'is not allowed: every item has its own label', (defaults as { label?: unknown }).label);
  const skipInvalid = request.skipInvalid ?? false;
  if (typeof skipInvalid !== 'boolean') throw badArgument('skipInvalid', 'must be true or false', skipInvalid);
  const allowance = request.allowance;
  if (allowance !== undefined && (typeof allowance !== 'number' || !Number.isInteger(allowance) || allowance < 0)) {
    throw badArgument('allowance', 'must be a whole number of codes, 0 or more', allowance);
  }
  if (request.jobKey !== undefined && (typeof request.jobKey !== 'string' || request.jobKey.length < 1 || request.jobKey.length > 200)) {
    throw badArgument('jobKey', 'must be a string of 1 to 200 characters', request.jobKey);
  }

  const { items, lines, parseProblems } = await itemsOf(request, deps);
  if (items.length > MAX_JOB_ITEMS) throw badArgument('items', `must hold at most ${MAX_JOB_ITEMS} items`, items, 'Split the list into several jobs');
  if (items.length === 0 && parseProblems.length === 0) throw badArgument('items', 'must hold at least one item', items);

  const jobKey = (request.jobKey as string | undefined) ?? contentKey(api, defaults, items);
  const jobId = `job_${createHash('sha256').update(jobKey).digest('hex').slice(0, 24)}`;
  const existing = await deps.store.getJob(jobId);
  if (existing && existing.state !== 'preparing') return existingJobReply(existing, deps);

  const { prepared, problems: ruleProblems } = validateItems(api, defaults as Record<string, unknown>, items, {
    lines,
    checkPage: deps.checkPage,
    checkPagePath: deps.checkPagePath,
    now: deps.clock.now(),
  });
  const problems = [...parseProblems, ...ruleProblems].sort((a, b) => a.index - b.index || (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0 && !skipInvalid) {
    const first = problems[0];
    return {
      errCode: ErrCode.BATCH_INVALID_ITEMS,
      errMsg: `${problems.length} of ${items.length + parseProblems.filter((p) => p.index >= items.length).length} items are invalid, so nothing was submitted; the first: ${where(first)}${first.errMsg}. Fix them, or submit with skipInvalid: true to make only the valid ones`,
      problems: problems.slice(0, MAX_LISTED_PROBLEMS),
      problemCount: problems.length,
    };
  }
  if (prepared.length === 0) throw badArgument('items', 'hold no valid item', `${problems.length} invalid items`, 'Fix the items listed in skipped');

  if (api === 'shortLink') {
    // permanent Short Links spend the app's 10万 for good, as get / createQRCode spend their lifetime quota
    const wouldSpend = prepared.filter((p) => p.event.isPermanent === true).length;
    if (wouldSpend > 0 && (allowance === undefined || allowance < wouldSpend)) {
      return {
        errCode: ErrCode.BATCH_ALLOWANCE_NEEDED,
        errMsg: `this shortLink job would make up to ${wouldSpend} permanent Short Links, spending up to ${wouldSpend} of the app's 10万 permanent links for good (links already made cost nothing). Submit again with allowance: ${wouldSpend} (or more) to spend them, or make temporary ones (isPermanent: false, 30 days)`,
        wouldSpend,
      };
    }
  } else if (api === 'get' || api === 'createQRCode') {
    const wouldSpend = await uncachedCount(prepared.map((p) => p.request as CodeRequest), deps);
    if (allowance === undefined || allowance < wouldSpend) {
      return {
        errCode: ErrCode.BATCH_ALLOWANCE_NEEDED,
        errMsg: `this ${api} job would make ${wouldSpend} new codes, spending ${wouldSpend} of the app's lifetime quota of 100,000 wxacode.get + createQRCode codes${api === 'get' ? ` and ${wouldSpend} of get's 10,000 a day` : ''}; ${prepared.length - wouldSpend} are in the cache already and cost nothing. Submit again with allowance: ${wouldSpend} (or more) to spend them, or use api: "getUnlimited", which has no lifetime limit`,
        wouldSpend,
      };
    }
  }

  const now = deps.clock.now();
  const job: BatchJobRecord = {
    _id: jobId,
    jobKey,
    api,
    state: 'preparing',
    total: prepared.length,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    heartbeatAt: now,
    rateFactor: 1,
    throttledAt: 0,
  };
  if (!existing && !(await deps.store.createJob(job))) return existingJobReply(await loadJob(jobId, deps), deps);
  // From here the job exists: whatever fails, the reply names it. Its workers start only once all its items are stored
  // and it is running; until then a failure leaves it 'preparing', and the same submit again (same request, same
  // jobId) finds it and stores what is missing (insertItems keeps what an earlier try stored).
  try {
    for (let start = 0; start < prepared.length; start += INSERT_CHUNK) {
      await deps.store.insertItems(
        prepared.slice(start, start + INSERT_CHUNK).map(
          (p, k): BatchItemRecord => ({
            _id: itemId(jobId, start + k),
            jobId,
            index: start + k,
            ...(p.line === undefined ? {} : { line: p.line }),
            label: p.label,
            event: p.event,
            status: 'pending',
            attempts: 0,
          }),
        ),
      );
    }
    await deps.store.updateJob(jobId, { state: 'running', updatedAt: deps.clock.now() }, ['preparing']);
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return {
      errCode,
      errMsg: `${errMsg}. Job ${jobId} is created but not all of its ${prepared.length} items could be stored yet, so nothing is being made: submit the same request again to finish storing it (it finds this job by the same jobId; nothing is made twice)`,
      jobId,
    };
  }
  // a hand-on that fails is restarted by the owner's next status poll or the hourly timer: the job is stored and running
  await startWorkers(jobId, deps).catch(() => undefined);
  // the job as submitted, known without asking the database: submit's own requests end here, before its workers'
  const submitted = asSubmitted({ ...job, state: 'running' });
  return { errCode: 0, errMsg: 'ok', jobId, created: true, job: submitted, skipped: problems, cost: jobCost(prepared.length, deps, api) };
}

/** A job submitted before: its status, or, when the database cannot be read just now, the job as stored with a note. */
async function existingJobReply(existing: BatchJobRecord, deps: BatchDeps): Promise<BatchReply> {
  const reply = { errCode: 0, jobId: existing._id, created: false, skipped: [] };
  try {
    await restartIfStalled(existing, deps);
    return { ...reply, errMsg: 'ok', job: await jobStatus(deps.store, existing, deps.clock.now()) };
  } catch (error) {
    return { ...reply, errMsg: `ok: the job exists; its counts could not be read just now (${toWxacodeError(error).errMsg}), ask status for them`, job: asSubmitted(existing) };
  }
}

/**
 * What a job will cost in CloudBase requests (billed as 调用次数, counted against the environment's QPS), stated
 * before it runs as get/createQRCode jobs state their quota: at most REQUESTS_PER_ITEM an item, codes already stored
 * fewer, paced within WXACODE_BATCH_QPS and the WeChat budget.
 */
export function jobCost(items: number, deps: Pick<BatchDeps, 'settings'>, api: BatchApi = 'getUnlimited'): BatchCost {
  const { cloudbaseQps } = deps.settings;
  const link = isLinkBatchApi(api);
  const perItem = link ? LINK_REQUESTS_PER_ITEM : REQUESTS_PER_ITEM;
  const ratePerMinute = link
    ? Math.max(1, Math.min(deps.settings.ratePerMinute, LINK_CALLS_PER_MINUTE, Math.floor((cloudbaseQps * 60) / LINK_REQUESTS_PER_ITEM)))
    : deps.settings.ratePerMinute;
  return {
    cloudbaseRequestsAtMost: items * perItem,
    requestsPerItemAtMost: perItem,
    cloudbaseQps,
    wechatCallsPerMinute: ratePerMinute,
    minutesAtLeast: Math.ceil(items / ratePerMinute),
  };
}

function where(problem: ItemProblem): string {
  const at = problem.line !== undefined ? `line ${problem.line}` : `item ${problem.index}`;
  return `${at}${problem.label !== undefined ? ` (${problem.label})` : ''}: `;
}

async function itemsOf(request: Record<string, unknown>, deps: BatchDeps): Promise<{ items: unknown[]; lines?: number[]; parseProblems: ItemProblem[] }> {
  if (request.items !== undefined && request.itemsFileID !== undefined) {
    throw badArgument('items, itemsFileID', 'pass one, not both', 'both');
  }
  if (request.items !== undefined) {
    if (!Array.isArray(request.items)) throw badArgument('items', 'must be an array of items {label, scene or sceneData, …}', request.items);
    return { items: request.items, parseProblems: [] };
  }
  const fileID = request.itemsFileID;
  if (typeof fileID !== 'string' || !fileID.startsWith('cloud://')) {
    throw badArgument('items', 'is required: pass items (an array) or itemsFileID (a cloud:// file of CSV or JSON)', request.items ?? fileID);
  }
  const format = request.itemsFormat ?? (/\.csv$/i.test(fileID) ? 'csv' : /\.json$/i.test(fileID) ? 'json' : undefined);
  if (format !== 'csv' && format !== 'json') throw badArgument('itemsFormat', 'must be "csv" or "json" (the file name does not tell)', request.itemsFormat);
  const parse = deps.tools.parseItemsText;
  if (!parse) throw new WxacodeError(ErrCode.INTERNAL, 'this build of wxacodeBatch cannot read item files (no parser bundled); pass items inline');
  // UTF-8 or GB18030 (a CSV saved by Excel on Chinese Windows), read exactly, or refused with its line and byte
  const decoded = decodeItemsBytes(await deps.files.download(fileID));
  if (!decoded.ok) return { items: [], parseProblems: [decoded.problem] };
  const parsed = parse(decoded.text, format);
  return { items: parsed.items, lines: parsed.lines, parseProblems: parsed.problems };
}

/** Submitting the same content twice is the same job, whoever submits it. */
function contentKey(api: string, defaults: unknown, items: unknown[]): string {
  return createHash('sha256').update(JSON.stringify([api, defaults, items])).digest('hex');
}

/** Distinct codes not in the cache yet: what the job would spend. */
async function uncachedCount(requests: CodeRequest[], deps: BatchDeps): Promise<number> {
  const paths = [...new Set(requests.map((request) => cloudPathFor(request, cacheKey(request))))];
  const found = await deps.files.findAt(paths);
  return found.filter((stored) => !stored).length;
}

// ---- upload ----

async function upload(request: Record<string, unknown>, deps: BatchDeps): Promise<BatchReply> {
  const { uploadId, part, text, last } = request;
  if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) throw badArgument('uploadId', 'must be 8 to 64 characters from letters, digits, "_" and "-"', uploadId);
  if (typeof part !== 'number' || !Number.isInteger(part) || part < 0 || part > 10_000) throw badArgument('part', 'must be a whole number from 0, counting the parts', part);
  if (typeof text !== 'string') throw badArgument('text', 'must be the part as UTF-8 text', text);
  if (Buffer.byteLength(text, 'utf8') > MAX_UPLOAD_PART_BYTES) throw badArgument('text', `must be at most ${MAX_UPLOAD_PART_BYTES} bytes of UTF-8; send the file in more parts`, `${Buffer.byteLength(text, 'utf8')} bytes`);
  if (typeof last !== 'boolean') throw badArgument('last', 'must be true for the final part, false otherwise', last);
  const format = request.format ?? (/^\s*[[{]/.test(text) && part === 0 ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw badArgument('format', 'must be "csv" or "json"', format);
  const partPath = (n: number) => `${BATCH_STORAGE_PREFIX}/uploads/${uploadId}.part${n}`;
  const { fileID: partFileID } = await deps.files.upload(partPath(part), { contentType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  if (!last) return { errCode: 0, errMsg: 'ok', uploadId };
  // every part's fileID is the bucket prefix plus its path
  const prefix = partFileID.slice(0, partFileID.length - partPath(part).length);
  const parts: Buffer[] = [];
  for (let n = 0; n <= part; n++) {
    try {
      parts.push(n === part ? Buffer.from(text, 'utf8') : await deps.files.download(`${prefix}${partPath(n)}`));
    } catch {
      throw badArgument('part', `cannot assemble the upload: part ${n} of ${uploadId} was never received`, part, 'Send every part from 0, then the last one with last: true');
    }
  }
  const { fileID } = await deps.files.upload(`${BATCH_STORAGE_PREFIX}/uploads/${uploadId}.${format}`, { contentType: 'text/plain', buffer: Buffer.concat(parts) });
  return { errCode: 0, errMsg: 'ok', uploadId, fileID };
}

// ---- results ----

async function results(request: Record<string, unknown>, deps: BatchDeps): Promise<BatchReply> {
  const jobId = jobIdOf(request);
  const job = await loadJob(jobId, deps);
  const offset = request.offset ?? 0;
  const limit = request.limit ?? MAX_RESULTS_LIMIT;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw badArgument('offset', 'must be a whole number, 0 or more', offset);
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_RESULTS_LIMIT) {
    throw badArgument('limit', `must be a whole number from 0 to ${MAX_RESULTS_LIMIT}`, limit);
  }
  const items = limit === 0 ? [] : await deps.store.listItems(jobId, offset, limit);
  const stored = await storedFilesOf(items, job.api, deps.files);
  const rows: ResultRow[] = items.map((item) => {
    const file = stored.get(item._id);
    const row = manifestRow(item, file?.fileID, isLinkBatchApi(job.api));
    return file ? { ...row, tempFileURL: file.tempFileURL } : row;
  });
  const nextOffset = offset + items.length < job.total && items.length > 0 ? offset + items.length : null;
  const reply: BatchReply = { errCode: 0, errMsg: 'ok', job: await jobStatus(deps.store, job, deps.clock.now()), rows, nextOffset };

  const wantsSheet = request.sheet !== undefined && request.sheet !== false;
  if (request.manifest === true || request.zip === true || wantsSheet) {
    // page by page, keeping only the manifest's rows (not every item's event): 100,000 items stay a few tens of MB
    const manifestRows: ManifestRow[] = [];
    const sheetOptions = typeof request.sheet === 'object' && request.sheet !== null ? (request.sheet as SheetOptions) : undefined;
    const subtitleColumn = sheetOptions?.subtitleColumn;
    const madeItems: { label: string; fileID: string; subtitle?: string }[] = [];
    for (let at = 0; at < job.total; at += MAX_RESULTS_LIMIT) {
      const page = await deps.store.listItems(jobId, at, MAX_RESULTS_LIMIT);
      const pageFiles = await storedFilesOf(page, job.api, deps.files);
      for (const item of page) {
        const fileID = pageFiles.get(item._id)?.fileID;
        manifestRows.push(manifestRow(item, fileID, isLinkBatchApi(job.api)));
        if (fileID) madeItems.push({ label: item.label, fileID, ...(subtitleColumn === undefined ? {} : { subtitle: fieldOfItem(item, subtitleColumn) }) });
      }
    }
    if (request.manifest === true) reply.manifest = await storeManifest(jobId, manifestRows, deps);
    if ((request.zip === true || wantsSheet) && madeItems.length > MAX_BUNDLED_CODES) {
      throw badArgument(request.zip === true ? 'zip' : 'sheet', `is made inside the function only for jobs of at most ${MAX_BUNDLED_CODES} codes (memory)`, `${madeItems.length} codes`, 'Use the CLI (npm run batch), which downloads the codes and builds the ZIP and the sheet locally');
    }
    if (request.zip === true || wantsSheet) {
      const images = await Promise.all(madeItems.map(async (i) => ({ item: i, data: await deps.files.download(i.fileID) })));
      if (request.zip === true) {
        const build = need(deps.tools.buildZip, 'zip');
        const zip = await build(images.map(({ item, data }) => ({ name: `${item.label}.${extensionOf(item.fileID)}`, data })));
        reply.zip = await storeFile(`${BATCH_STORAGE_PREFIX}/${jobId}/codes.zip`, zip, 'application/zip', deps);
      }
      if (wantsSheet) {
        const build = need(deps.tools.buildPrintSheet, 'sheet');
        const { logoFileID, subtitleColumn: _column, ...options } = sheetOptions ?? {};
        let logo: Uint8Array | undefined;
        if (logoFileID !== undefined) {
          if (typeof logoFileID !== 'string' || !logoFileID.startsWith('cloud://')) throw badArgument('sheet.logoFileID', 'must be the cloud:// fileID of a PNG or JPEG', logoFileID);
          try {
            logo = await deps.files.download(logoFileID);
          } catch {
            throw badArgument('sheet.logoFileID', 'must be a file in cloud storage', logoFileID, 'Upload the logo first (wx.cloud.uploadFile), then pass its fileID');
          }
        }
        const pdf = await build(
          images.map(({ item, data }) => ({
            label: item.label,
            image: data,
            contentType: extensionOf(item.fileID) === 'png' ? 'image/png' : 'image/jpeg',
            ...(item.subtitle === undefined ? {} : { subtitle: item.subtitle }),
          })),
          sheetOptions === undefined ? undefined : options,
          logo,
        );
        reply.sheet = await storeFile(`${BATCH_STORAGE_PREFIX}/${jobId}/sheet.pdf`, pdf, 'application/pdf', deps);
      }
    }
  }
  return reply;
}

/** A tent's subtitle from the item's own field: a sceneData field, else a parameter (e.g. page). */
function fieldOfItem(item: BatchItemRecord, field: string): string {
  const sceneData = item.event.sceneData as Record<string, unknown> | undefined;
  const value = sceneData && Object.prototype.hasOwnProperty.call(sceneData, field) ? sceneData[field] : item.event[field];
  return value === undefined || value === null ? '' : String(value);
}

function need<T>(tool: T | undefined, field: string): T {
  if (!tool) throw new WxacodeError(ErrCode.INTERNAL, `${field}: this build of wxacodeBatch cannot make it (its module is not bundled); use the CLI`);
  return tool;
}

function extensionOf(fileID: string): string {
  return fileID.toLowerCase().endsWith('.png') ? 'png' : 'jpg';
}

async function storeFile(cloudPath: string, bytes: Uint8Array | string, contentType: string, deps: BatchDeps): Promise<{ fileID: string; url: string }> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  const { fileID } = await deps.files.upload(cloudPath, { contentType, buffer });
  return { fileID, url: await deps.files.temporaryUrl(fileID) };
}

async function storeManifest(jobId: string, rows: ManifestRow[], deps: BatchDeps) {
  const csv = await storeFile(`${BATCH_STORAGE_PREFIX}/${jobId}/manifest.csv`, need(deps.tools.manifestCsv, 'manifest')(rows), 'text/csv', deps);
  const json = await storeFile(`${BATCH_STORAGE_PREFIX}/${jobId}/manifest.json`, need(deps.tools.manifestJson, 'manifest')(rows), 'application/json', deps);
  return { csvFileID: csv.fileID, jsonFileID: json.fileID, csvURL: csv.url, jsonURL: json.url };
}
