import { handleBatchEvent } from '../../core/batch/batch-event';
import type { BatchDeps, BatchFileTools } from '../../core/batch/batch-handler';
import { BATCH_FUNCTION } from '../../core/batch/contract';
import { RateBudget } from '../../core/batch/rate-budget';
import { readBatchSettings, requestsPerSecondPerInstance } from '../../core/batch/settings';
import { requestPacer, type RequestPacer } from '../../core/reliability/request-pacer';
import { configuredTokens } from '../../core/http-endpoint/bearer-tokens';
import { CallerGuard } from '../../core/policy/caller-guard';
import { CloudBatchStore, CloudRateSlots } from './batch-store';
import { CloudCodeGenerator } from './code-generator';
import { CloudCodeIndex } from './code-index';
import { CloudFileStore } from './file-store';
import { cloudRuntime, currentCaller } from './index';
import { inInvocation } from './invocation';
import { LinkCaps, readLinkCaps } from '../../core/links/link-caps';
import { readEntrySettings } from '../../core/entries/entry-settings';
import { CloudLinkIndex } from './link-index';
import { CloudLinkMaker } from './link-maker';

/** A hand-on waits this long for its request to leave before the function returns (SCF freezes a returned instance). */
const HAND_ON_SEND_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let deps: BatchDeps | undefined;
let pacer: RequestPacer | undefined;

/** this instance's part of WXACODE_BATCH_QPS, which every CloudBase request of its invocations waits for */
function batchPacer(): RequestPacer | undefined {
  try {
    return (pacer ??= requestPacer(requestsPerSecondPerInstance(readBatchSettings(process.env))));
  } catch {
    // a malformed variable: the request that reads the settings answers with its name
    return undefined;
  }
}

function batchDeps(tools: BatchFileTools): BatchDeps {
  if (!deps) {
    const rt = cloudRuntime();
    const db = rt.cloud.database();
    const clock = { now: () => Date.now() };
    const settings = readBatchSettings(process.env);
    const guard = new CallerGuard(rt.policy, () => ({}), rt.rateCounter);
    deps = {
      store: new CloudBatchStore(db),
      budget: new RateBudget(new CloudRateSlots(db), settings.ratePerMinute, clock, sleep),
      generator: new CloudCodeGenerator(rt.cloud),
      files: new CloudFileStore(rt.cloud),
      index: new CloudCodeIndex(db),
      scenes: rt.scenes,
      // WeChat's link APIs one call at a time (no retries: the worker retries within the budget)
      links: {
        maker: new CloudLinkMaker(rt.cloud, false),
        index: new CloudLinkIndex(db),
        caps: new LinkCaps(readLinkCaps(process.env), rt.rateCounter, clock),
        recordEntries: readEntrySettings(process.env).record !== 'off',
      },
      clock,
      sleep,
      settings,
      tools,
      checkPage: (request) => guard.checkPage(request),
      checkPagePath: (field, page) => guard.checkPagePath(field, page),
      // the next worker runs in its own invocation; this one does not wait for it, only for the request to go out
      handOn: async (jobId) => {
        let waiting = true;
        const call = rt.cloud.callFunction({ name: BATCH_FUNCTION, data: { action: 'work', jobId } }).catch((error: unknown) => {
          // Once the next worker runs, the SDK giving up waiting for its answer means nothing. A failure before that
          // is worth a line in the log: the hourly timer restarts a job left without workers.
          if (waiting) console.error(`wxacodeBatch: handing job ${jobId} on failed: ${error instanceof Error ? error.message : String(error)}`);
        });
        await Promise.race([call, sleep(HAND_ON_SEND_MS)]);
        waiting = false;
      },
    };
  }
  return deps;
}

/** `wxacodeBatch`'s main: HTTP access path, hourly timer and callFunction events. */
export function batchFunction(tools: BatchFileTools) {
  return (event: unknown, context?: { time_limit_in_ms?: number }) => {
    const timeLimitMs = typeof context?.time_limit_in_ms === 'number' && context.time_limit_in_ms > 0 ? context.time_limit_in_ms : undefined;
    return inInvocation(context, () => handleBatchEvent(event, {
      tokens: configuredTokens(process.env),
      adminOpenids: (process.env.WXACODE_ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      caller: () => currentCaller(cloudRuntime()),
      deps: () => batchDeps(tools),
      now: () => Date.now(),
      timeLimitMs,
    }), batchPacer());
  };
}
