import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { REPO_ROOT, startFunctionsEmulator } from '../../src/e2e/functions-emulator';
import { httpRequest, parseJsonReply } from '../../src/e2e/loopback-http';

export interface BatchBenchOptions {
  /** items in the job */
  items: number;
  /** of which already in the cache (made before by wxacodeGetUnlimited) */
  cached: number;
  /** of which repeat another item's code under another label */
  duplicates: number;
  /** the emulator's getUnlimited limit per minute (WXACODE_EMULATOR_RATE_LIMIT) */
  wechatPerMinute: number;
  /** the batch's share of it (WXACODE_BATCH_RATE) */
  batchPerMinute: number;
}

export const DEFAULT_BATCH_BENCH: BatchBenchOptions = { items: 1000, cached: 40, duplicates: 10, wechatPerMinute: 600, batchPerMinute: 480 };

export interface BatchBenchResult {
  seconds: number;
  wechatCalls: number;
  distinctUncached: number;
  duplicateCalls: number;
  rate45009: number;
  failed45009: number;
  shareOfBudget: number;
  /** CloudBase requests (调用次数) the job sent, its submit, workers, hand-ons and bookkeeping included, plus its object uploads */
  cloudbaseRequests: number;
  requestsPerItem: number;
  /** wxacodeBatch's function processes: the largest RSS any one reached, and the largest at each quarter of the job */
  functionRssMb: { peak: number; quarters: number[]; instances: number };
}

/** VmRSS in kB of every running process of this repository's function (the emulator runs each instance as a child process) */
function functionProcessesRss(functionName: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(join(REPO_ROOT, 'cloudfunctions', functionName, 'index.js'))) continue;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (rss) found.set(Number(entry), Number(rss[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

const TOKEN = 'bench-batch-token';
const PAGE = 'pages/index/index';

/**
 * A pre-generation job in the emulator at the limit: the built wxacodeBatch over its HTTP path, its workers handing
 * on through cloud.callFunction, against a WeChat that allows `wechatPerMinute` getUnlimited calls a minute.
 * Reports how close the job runs to its configured share, and that WeChat made each uncached code exactly once.
 */
export async function benchBatch(log: (line: string) => void, options = DEFAULT_BATCH_BENCH): Promise<BatchBenchResult> {
  const emu = await startFunctionsEmulator({
    functionEnv: { WXACODE_RATE_LIMIT: 'off' },
    functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_RATE: String(options.batchPerMinute) } },
    emulator: { ratePerMinute: options.wechatPerMinute },
  });
  try {
    const post = async (body: unknown) => {
      const reply = await httpRequest(`${emu.url}/api/wxacode/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      });
      return parseJsonReply('POST /api/wxacode/batch', reply);
    };
    const scenes = Array.from({ length: options.items - options.duplicates }, (_, i) => `bench=${i}`);
    // some codes exist already, made by the live function: they must cost no call and no budget
    for (const scene of scenes.slice(0, options.cached)) {
      const made = await emu.result('wxacodeGetUnlimited', { scene, page: PAGE });
      if (made.errCode !== 0) throw new Error(`warming the cache failed: ${JSON.stringify(made)}`);
    }
    if (options.cached > 0) await new Promise((r) => setTimeout(r, 61_000)); // the warm-up calls leave WeChat's minute window
    const callsBefore = (await emu.wechatCalls()).length;
    const items = [
      ...scenes.map((scene, i) => ({ label: `item-${i}`, scene })),
      ...scenes.slice(options.cached, options.cached + options.duplicates).map((scene, i) => ({ label: `again-${i}`, scene })),
    ];
    const distinctUncached = scenes.length - options.cached;

    const usageBefore = await emu.usage();
    const started = performance.now();
    const submitted = await post({ action: 'submit', items, defaults: { page: PAGE } });
    if (submitted.errCode !== 0) throw new Error(`submit failed: ${JSON.stringify(submitted).slice(0, 400)}`);
    log(`  submit says: ${JSON.stringify(submitted.cost)}`);
    // the job is followed through the emulator's state, not wxacodeBatch's status action, so that the bench's own
    // polling costs the job nothing and the CloudBase requests counted are the job's alone
    const database = emu.emulator.state.database;
    const jobState = () => String((database.documents('wxacode_batch_jobs') ?? []).find((doc) => doc._id === submitted.jobId)?.state);
    const settledItems = () => (database.documents('wxacode_batch_items') ?? []).filter((doc) => doc.jobId === submitted.jobId && ['made', 'cached', 'failed'].includes(String(doc.status))).length;
    let lastLog = 0;
    // the function's memory as the job goes: sampled twice a second, each sample the largest instance's RSS
    const pids = new Set<number>();
    const samples: { settled: number; rssKb: number }[] = [];
    let settledSoFar = 0;
    const sampler = setInterval(() => {
      const rss = functionProcessesRss('wxacodeBatch');
      rss.forEach((_, pid) => pids.add(pid));
      if (rss.size > 0) samples.push({ settled: settledSoFar, rssKb: Math.max(...rss.values()) });
    }, 500);
    while (jobState() === 'running') {
      await new Promise((r) => setTimeout(r, 1000));
      settledSoFar = settledItems();
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`  ${settledSoFar} of ${options.items} settled after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    // the last worker's invocation may still be returning: let its requests arrive
    await new Promise((r) => setTimeout(r, 1500));
    const usageAfter = await emu.usage();
    const uploads = (usageAfter.byAction['cos.put'] ?? 0) - (usageBefore.byAction['cos.put'] ?? 0);
    const cloudbaseRequests = usageAfter.calls - usageBefore.calls + uploads;
    const requestsPerItem = cloudbaseRequests / options.items;
    const job = (await post({ action: 'status', jobId: submitted.jobId })).job;
    clearInterval(sampler);
    const mb = (kb: number) => Math.round(kb / 1024);
    const functionRssMb = {
      peak: mb(Math.max(0, ...samples.map((x) => x.rssKb))),
      quarters: [0, 1, 2, 3].map((quarter) => mb(Math.max(0, ...samples.filter((x) => Math.min(3, Math.floor((x.settled * 4) / options.items)) === quarter).map((x) => x.rssKb)))),
      instances: pids.size,
    };
    // from submit to the moment a worker marked the job done (both stamped by the function)
    const seconds = (Date.parse(job.updatedAt) - Date.parse(job.createdAt)) / 1000;
    const wallSeconds = (performance.now() - started) / 1000;
    const calls = (await emu.wechatCalls()).slice(callsBefore);
    const answered = calls.filter((c) => c.errcode === 0).map((c) => String(c.params.scene));
    const duplicateCalls = answered.length - new Set(answered).size;
    const rate45009 = calls.filter((c) => c.errcode === 45009).length;
    const failed45009 = Number(job.failedByErrCode?.['45009'] ?? 0);
    // the job's WeChat calls over its whole run, against the share it was given
    const shareOfBudget = calls.length / seconds / (options.batchPerMinute / 60);
    log(
      `job of ${options.items} items (${options.cached} cached, ${options.duplicates} repeated): ${job.state} in ${seconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s until seen done); ` +
        `made ${job.made}, cached ${job.cached}, failed ${job.failed}`,
    );
    log(`WeChat calls ${calls.length} for ${distinctUncached} distinct uncached items; ${duplicateCalls} made twice; 45009 from WeChat ${rate45009}, reaching the user ${failed45009}`);
    log(`rate ${((calls.length / seconds) * 60).toFixed(1)}/min against a configured ${options.batchPerMinute}/min: ${(shareOfBudget * 100).toFixed(1)} % of its share`);
    log(`CloudBase requests: ${cloudbaseRequests} for ${options.items} items, ${requestsPerItem.toFixed(2)} an item (the uploads and the job's bookkeeping included)`);
    log(`wxacodeBatch's memory (largest instance of ${functionRssMb.instances} processes): RSS peak ${functionRssMb.peak} MB; in each quarter of the job ${functionRssMb.quarters.join(' / ')} MB`);
    return { seconds, wechatCalls: calls.length, distinctUncached, duplicateCalls, rate45009, failed45009, shareOfBudget, cloudbaseRequests, requestsPerItem, functionRssMb };
  } finally {
    await emu.dispose();
  }
}

/** BATCH_BENCH_ITEMS / _CACHED / _DUPLICATES / _WECHAT_RATE / _RATE override the defaults, e.g. a share this machine can serve */
export function batchBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BatchBenchOptions {
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    items: number('BATCH_BENCH_ITEMS', DEFAULT_BATCH_BENCH.items),
    cached: number('BATCH_BENCH_CACHED', DEFAULT_BATCH_BENCH.cached),
    duplicates: number('BATCH_BENCH_DUPLICATES', DEFAULT_BATCH_BENCH.duplicates),
    wechatPerMinute: number('BATCH_BENCH_WECHAT_RATE', DEFAULT_BATCH_BENCH.wechatPerMinute),
    batchPerMinute: number('BATCH_BENCH_RATE', DEFAULT_BATCH_BENCH.batchPerMinute),
  };
}

if (require.main === module) {
  benchBatch(console.log, batchBenchOptionsFromEnv()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
