import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AllowanceNeededReply, BatchCost, InvalidItemsReply, JobReply, JobStatus, SubmitReply, UploadReply } from '../core/batch/contract';
import { BatchErrCode, isLinkBatchApi } from '../core/batch/contract';
import { manifestCsv, manifestJson } from '../core/batch/files/manifest';
import { sheetLayout, tentLayout } from '../core/batch/files/print-sheet';
import { parseCli, USAGE, type CliOptions } from './args';
import { BatchCliError } from './errors';
import { followJob } from './follow-job';
import { BatchClient, BatchReplyError } from './http-client';
import { describeProblems, jobKeyOf, readAndCheckInput, uploadParts } from './input-file';
import { readJobState, writeJobState } from './job-state';
import { manifestXlsx } from './manifest-xlsx';
import { MANIFEST_CSV, MANIFEST_JSON, MANIFEST_XLSX } from './out-folder';
import { createProgressView, formatEta } from './progress';
import { writeSheetFromOut } from './sheet-from-out';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  /** true once the user pressed Ctrl-C */
  interrupted: () => boolean;
}

export const EXIT_INTERRUPTED = 130;

/** `npm run batch -- …`: returns the process's exit code; every expected failure is a message, not a stack. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseCli(argv, io.env);
    if (options === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    switch (options.command) {
      case 'run':
        return await runBatch(options, io, false);
      case 'retry':
        return await runBatch(options, io, true);
      case 'status':
      case 'cancel':
        return await statusOrCancel(options, io);
      case 'sheet': {
        // a subtitle column is read from the items file, whose fields the manifest does not keep
        const fieldsByLabel = options.sheetOptions.subtitleColumn === undefined ? undefined : (await readAndCheckInput(options.input, { ...options, skipInvalid: true })).fieldsByLabel;
        const { path, codes } = await writeSheetFromOut(options.out, options.sheetOptions, { fieldsByLabel, logo: options.logo });
        io.stdout.write(`wrote ${shown(path)}: ${codes} codes\n`);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof BatchCliError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof BatchReplyError) {
      io.stderr.write(`error: wxacodeBatch answered errCode ${error.reply.errCode}: ${error.reply.errMsg}\n`);
      return 1;
    }
    throw error;
  }
}

async function runBatch(options: CliOptions, io: CliIo, retryFailed: boolean): Promise<number> {
  // a sheet that cannot be laid out is refused now, not after every code is made
  if (options.sheet) checkSheetOptions(options);
  const input = await readAndCheckInput(options.input, options);
  const column = options.sheetOptions.subtitleColumn;
  if (options.sheet && column !== undefined && ![...input.fieldsByLabel.values()].some((item) => item[column] !== undefined)) {
    const known = [...new Set([...input.fieldsByLabel.values()].flatMap((item) => Object.keys(item)))];
    throw new BatchCliError(`--subtitle-column: no item of ${basename(options.input)} has a field ${JSON.stringify(column)}; its fields are: ${known.join(', ') || '(none)'}`, 2);
  }
  if (input.readAs !== 'UTF-8') {
    io.stderr.write(`read ${basename(options.input)} ${input.readAs === 'xlsx' ? `as an Excel workbook${options.sheetName ? ` (sheet ${options.sheetName})` : ''}` : 'as GB18030 (GBK), the encoding of Excel\'s 「CSV (逗号分隔)」 on Chinese Windows'}: ${input.labels.length} items\n`);
  }
  if (input.skipped.length > 0) {
    io.stderr.write(`${describeProblems(options.input, input.skipped, input.skipped.length).replace('nothing was submitted', 'skipped (--skip-invalid)')}\n`);
  }
  const jobKey = jobKeyOf(input.text, options);
  const client = new BatchClient({ target: options.target, token: options.token });
  mkdirSync(options.out, { recursive: true });

  let job: JobStatus | null = null;
  const state = readJobState(options.out);
  if (state && state.jobKey === jobKey && state.target === options.target) {
    job = await existingJob(client, state.jobId);
    if (job) io.stderr.write(`resuming job ${job.jobId} (${shown(options.input)} is unchanged)\n`);
  }
  if (!job) {
    job = await uploadAndSubmit(client, options, input.text, input.format, jobKey, io);
    writeJobState(options.out, { jobKey, jobId: job.jobId, target: options.target, input: options.input });
  }
  if (retryFailed) job = (await client.call<JobReply>({ action: 'retryFailed', jobId: job.jobId })).job;

  const progress = createProgressView(io.stderr);
  let result;
  try {
    result = await followJob(client, { jobId: job.jobId, out: options.out, pollMs: options.pollMs, stopped: io.interrupted, progress });
  } finally {
    progress.stop();
  }
  // a link job has no images to download: its links are in the manifest
  const links = isLinkBatchApi(options.api);
  const saved = links ? `links in ${shown(options.out)}` : `${result.downloaded} downloaded, ${result.alreadyThere} already in ${shown(options.out)}`;
  if (result.interrupted) {
    io.stderr.write(
      `stopped (${links ? 'no manifest written yet' : saved}). The job goes on in the cloud: run the same command again to resume and ${links ? 'write the manifest' : 'download the rest'}, or npm run batch -- cancel ${shown(options.input)} to stop it\n`,
    );
    return EXIT_INTERRUPTED;
  }
  const final = result.job;
  writeFileSync(join(options.out, MANIFEST_CSV), manifestCsv(result.rows));
  writeFileSync(join(options.out, MANIFEST_JSON), manifestJson(result.rows));
  writeFileSync(join(options.out, MANIFEST_XLSX), await manifestXlsx(result.rows));
  io.stdout.write(`${summary(final)}\n${saved}; wrote ${MANIFEST_CSV}, ${MANIFEST_JSON} and ${MANIFEST_XLSX} (exact text: import this or the JSON into a system)\n`);
  if (options.sheet) {
    const sheet = await writeSheetFromOut(options.out, options.sheetOptions, { fieldsByLabel: input.fieldsByLabel, logo: options.logo });
    io.stdout.write(`wrote ${shown(sheet.path)}: ${sheet.codes} codes\n`);
  }
  if (final.failed > 0) {
    io.stdout.write(`${final.failed} failed (see errCode and errMsg in ${MANIFEST_CSV}); npm run batch -- retry ${shown(options.input)} makes them again\n`);
  }
  return final.state === 'done' && final.failed === 0 ? 0 : 1;
}

async function existingJob(client: BatchClient, jobId: string): Promise<JobStatus | null> {
  try {
    return (await client.call<JobReply>({ action: 'status', jobId })).job;
  } catch (error) {
    // e.g. npm start -- --in-memory was restarted: submit again
    if (error instanceof BatchReplyError && error.reply.errCode === BatchErrCode.UNKNOWN_JOB) return null;
    throw error;
  }
}

async function uploadAndSubmit(client: BatchClient, options: CliOptions, text: string, format: 'csv' | 'json', jobKey: string, io: CliIo): Promise<JobStatus> {
  const uploadId = `up_${randomUUID().replace(/-/g, '')}`;
  const parts = uploadParts(text);
  let fileID: string | undefined;
  for (const [part, partText] of parts.entries()) {
    const reply = await client.call<UploadReply>({ action: 'upload', uploadId, part, text: partText, last: part === parts.length - 1, format });
    fileID = reply.fileID;
  }
  if (!fileID) throw new BatchCliError('wxacodeBatch took the upload but gave no fileID for it; is it the same version as this CLI?');
  try {
    const reply = await client.call<SubmitReply>({
      action: 'submit',
      jobKey,
      api: options.api,
      itemsFileID: fileID,
      itemsFormat: format,
      skipInvalid: options.skipInvalid,
      ...(options.allowance === undefined ? {} : { allowance: options.allowance }),
      ...(options.sceneMode ? { defaults: { sceneMode: options.sceneMode } } : {}),
    });
    io.stderr.write(`${reply.created ? 'submitted' : 'resuming'} job ${reply.jobId}: ${reply.job.total} ${isLinkBatchApi(options.api) ? 'links' : 'codes'}\n`);
    if (reply.cost) io.stderr.write(`${describeCost(reply.cost, isLinkBatchApi(options.api) ? 'link' : 'code')}\n`);
    return reply.job;
  } catch (error) {
    if (!(error instanceof BatchReplyError)) throw error;
    if (error.reply.errCode === BatchErrCode.INVALID_ITEMS) {
      const reply = error.reply as unknown as InvalidItemsReply;
      throw new BatchCliError(`${describeProblems(options.input, reply.problems, reply.problemCount ?? reply.problems.length)}\nFix them, or pass --skip-invalid to make the others.`);
    }
    if (error.reply.errCode === BatchErrCode.ALLOWANCE_NEEDED) {
      const reply = error.reply as unknown as AllowanceNeededReply;
      throw new BatchCliError(`${reply.errMsg}\nTo go ahead, run again with --allowance ${reply.wouldSpend}`);
    }
    throw error;
  }
}

async function statusOrCancel(options: CliOptions, io: CliIo): Promise<number> {
  const state = readJobState(options.out);
  if (!state) {
    throw new BatchCliError(`no job for ${shown(options.input)} in ${shown(options.out)} yet: run npm run batch -- ${shown(options.input)} first (or pass the --out it used)`);
  }
  const client = new BatchClient({ target: options.target, token: options.token });
  const action = options.command === 'cancel' ? 'cancel' : 'status';
  let job: JobStatus;
  try {
    job = (await client.call<JobReply>({ action, jobId: state.jobId })).job;
  } catch (error) {
    if (error instanceof BatchReplyError && error.reply.errCode === BatchErrCode.UNKNOWN_JOB) {
      throw new BatchCliError(`${options.target} does not know job ${state.jobId} (was the emulator restarted with --in-memory?): run npm run batch -- ${shown(options.input)} to submit it again`);
    }
    throw error;
  }
  io.stdout.write(`${action === 'cancel' ? 'cancelled: ' : ''}${summary(job)}\n`);
  return 0;
}

function summary(job: JobStatus): string {
  const failed = Object.entries(job.failedByErrCode)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  return [
    `job ${job.jobId}: ${job.state}${job.stoppedReason ? ` (${job.stoppedReason})` : ''}`,
    `  ${job.total} items: made ${job.made}, cached ${job.cached}, failed ${job.failed}${failed ? ` (${failed})` : ''}, remaining ${job.remaining}`,
    `  ${job.ratePerMinute}/min, ETA ${formatEta(job.etaSeconds)}`,
  ].join('\n');
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function checkSheetOptions(options: CliOptions): void {
  try {
    if (options.sheetOptions.layout === 'tent') tentLayout(options.sheetOptions);
    else sheetLayout(options.sheetOptions);
  } catch (error) {
    const e = error as { errMsg?: string; message: string };
    throw new BatchCliError(`cannot lay out the sheet: ${e.errMsg ?? e.message}`, 2);
  }
  if (options.logo !== undefined && !existsSync(options.logo)) throw new BatchCliError(`--logo: no such file: ${options.logo}; give a PNG or JPEG file`, 2);
}

/** One line on what the job costs in CloudBase, as the function stated it at submit. */
export function describeCost(cost: BatchCost, made: 'code' | 'link' = 'code'): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `CloudBase: at most ${n(cost.cloudbaseRequestsAtMost)} requests (调用次数; ${cost.requestsPerItemAtMost} a ${made}, fewer for ${made}s already stored), paced within ${n(cost.cloudbaseQps)} a second (WXACODE_BATCH_QPS); WeChat: ${n(cost.wechatCallsPerMinute)} calls a minute, so at least ${n(cost.minutesAtLeast)} min`;
}
