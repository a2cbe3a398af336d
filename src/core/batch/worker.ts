import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { cacheKey, cloudPathFor } from '../cache/cache-key';
import { CLAIM_STALE_MS, CodeService } from '../delivery/code-service';
import { checkImage } from '../delivery/image-check';
import type { FileDelivered } from '../delivery/results';
import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import { checkEventParams } from '../handler/check-event-params';
import { withWechatHint } from '../handler/wechat-error-hints';
import { handleCodeEvent, type SceneDelivered } from '../handler/handle-code-event';
import type { CodeImage, CodeRequest } from '../params/types';
import type { BatchStore, Clock, CodeGenerator, CodeIndex, CodeRecord, FileStore, LinkIndex, LinkMaker } from '../ports';
import { handleLinkEvent } from '../links/handle-link-event';
import { nextChinaMidnight, resumesAt, type LinkCaps } from '../links/link-caps';
import { LinkService } from '../links/link-service';
import { isLinkBatchApi, type CodeBatchApi } from './contract';
import type { SceneStore } from '../scene/scene-store';
import { RateBudget } from './rate-budget';
import type { BatchItemRecord, BatchJobRecord } from './records';
import type { BatchSettings } from './settings';
import { WXACODE_API_OF } from './validate-items';

/** Everything a worker runs on; the function wires wx-server-sdk adapters, tests memory ones and a fake clock. */
export interface BatchRuntime {
  store: BatchStore;
  budget: RateBudget;
  /** WeChat, one call per generate(): no retries here, the worker retries (and each retry takes budget) */
  generator: CodeGenerator;
  files: FileStore;
  index: CodeIndex;
  scenes?: SceneStore;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  settings: BatchSettings;
  /** starts another worker slice of the job in a new invocation, without waiting for it */
  handOn: (jobId: string) => Promise<void>;
  /** link jobs: WeChat's link APIs (one call per make(), no retries here), the links made, the environment's link caps */
  links?: { maker: LinkMaker; index: LinkIndex; caps: LinkCaps; recordEntries?: boolean };
  /** how long the code service waits for another instance making the same code (tests shorten it) */
  claimWaitMs?: number;
  claimPollMs?: number;
}

/** Internal: the slice's time ran out while the item waited for budget; it goes back to pending untouched. */
const SLICE_OVER = -700299;

/** 45009 halves a job's share at most this often: one burst of 45009s from many lanes is one signal. */
const THROTTLE_EVERY_MS = 5000;
/** after a 45009, the share grows back by this much every RECOVER_EVERY_MS without another one */
const RECOVER_STEP = 0.1;
const RECOVER_EVERY_MS = 30_000;
const MIN_FACTOR = 0.05;
/** how often a worker with nothing left to claim looks again (3 requests each time) while others finish theirs */
const WAIT_FOR_OTHERS_MS = 2000;
/** a worker claims at most this many items per lane at once */
const CHUNK_PER_LANE = 4;

/** The share of the budget a job may use now: cut by 45009, grown back slowly. */
export function effectiveFactor(job: Pick<BatchJobRecord, 'rateFactor' | 'throttledAt'>, now: number): number {
  if (job.rateFactor >= 1) return 1;
  const recovered = RECOVER_STEP * Math.floor(Math.max(0, now - job.throttledAt) / RECOVER_EVERY_MS);
  return Math.min(1, job.rateFactor + recovered);
}

export const QUOTA_STOPPED_REASON =
  "WeChat answered 45029: the app's lifetime quota of 100,000 wxacode.get / createQRCode codes is spent. The items not made are kept as pending; switch them to getUnlimited (no lifetime limit), or ask WeChat for more quota and then call retryFailed";

export const CLOUDBASE_CALLS_STOPPED_REASON =
  "CloudBase answered -501003: the environment's calls (调用次数) of this month are used up. The items not made are kept as pending; upgrade the plan, buy a resource pack or turn on 超限按量, then call retryFailed";

/** 获取加密URLLink / 获取加密scheme码: 44990 past 100 calls a second (the whole app's); link jobs stay within it. */
export const LINK_CALLS_PER_MINUTE = 6000;
/**
 * CloudBase requests one link item costs at most, its bookkeeping included (the link's lookup, claim, the day's count
 * and the link stored, the item's settle, its share of the job's claims): measured 6.7 on a 200-link job (the batch's
 * request-count test). Link jobs are paced within WXACODE_BATCH_QPS at this many.
 */
export const LINK_REQUESTS_PER_ITEM = 7;

export function dailyCapStoppedReason(errMsg: string, nowMs: number): string {
  return `${errMsg.replace(/\.$/, '')}. The job stopped here: the items not made are kept as pending, and the job resumes by itself after ${resumesAt(nowMs)} (the hourly timer), or with retryFailed then`;
}

export const PERMANENT_LINKS_STOPPED_REASON =
  "85400: the app's 10万 permanent Short Links are used up. The items not made are kept as pending; make them as temporary Short Links (isPermanent: false, 30 days) in a new job";

export interface SliceOutcome {
  workerId: string;
  settled: number;
  state: BatchJobRecord['state'] | 'missing';
  handedOn: boolean;
}

type Outcome = 'made' | 'cached' | 'failed' | 'retry' | 'throttled' | 'quota' | 'cloudbaseQuota' | 'later' | 'dailyCap' | 'permanentQuota';

/**
 * One worker slice: claims items a chunk at a time (atomically, so no item is made twice), makes them at their
 * content-addressed paths within the shared rate budget, and before its deadline hands the job on to a fresh
 * invocation. A claim this worker cannot settle (it crashed, it timed out) runs out and another worker takes
 * the item over.
 */
export async function runSlice(runtime: BatchRuntime, jobId: string, deadline: number): Promise<SliceOutcome> {
  // CloudBase's -501004 is sent again by the adapters themselves (src/core/reliability/cloudbase-retry.ts), like
  // every request of the functions: no second retry layer here
  const rt = runtime;
  const workerId = randomBytes(6).toString('hex');
  let job = await rt.store.getJob(jobId);
  if (!job || job.state !== 'running') return { workerId, settled: 0, state: job?.state ?? 'missing', handedOn: false };
  await rt.store.updateJob(jobId, { heartbeatAt: rt.clock.now() }, ['running']);

  let jobReadAt = rt.clock.now();
  let stopped = false;
  let beatAt = rt.clock.now();
  const currentJob = async (): Promise<BatchJobRecord | null> => {
    const now = rt.clock.now();
    if (now - jobReadAt > 2000) {
      jobReadAt = now;
      job = await rt.store.getJob(jobId);
      if (!job || job.state !== 'running') stopped = true;
    }
    // a long slice shows it is alive, so the hourly timer never takes a working job for a stalled one
    if (now - beatAt > rt.settings.heartbeatEveryMs) {
      beatAt = now;
      await rt.store.updateJob(jobId, { heartbeatAt: now }, ['running']);
    }
    return job;
  };
  const linkKind = isLinkBatchApi(job.api) ? job.api : null;
  // link jobs: within 100 calls a second, and within the QPS share at a link item's requests
  const ratePerMinute = linkKind
    ? Math.max(1, Math.min(rt.settings.ratePerMinute, LINK_CALLS_PER_MINUTE, Math.floor((rt.settings.cloudbaseQps * 60) / LINK_REQUESTS_PER_ITEM)))
    : rt.settings.ratePerMinute;
  const ceiling = ratePerMinute / rt.budget.perMinute;
  // calls of the shared budget this worker has taken and not used yet: taken many at a time, one request for all
  const factor = () => Math.min(ceiling, job ? effectiveFactor(job, rt.clock.now()) : 1);
  // this worker's part of a second's allowance, so the workers' top-ups fit beside each other in one second. Rounded
  // down from the smallest second's allowance: rounded up (34 + 34 of a 66-call second at 4,000 a minute), the second
  // worker's top-up never fitted and got one call, which held two workers to about half the rate
  const callsPerTopUp = Math.max(1, Math.floor(Math.floor(ratePerMinute / 60) / Math.max(1, rt.settings.workers)));
  // a little under the worker's even share, so spacing never leaves taken calls waiting into the next second
  const callSpacingMs = (0.75 * 60_000 * Math.max(1, rt.settings.workers)) / ratePerMinute;
  let nextCallAt = 0;
  const taker = { lastTakenSecond: -1 };
  let tokens = 0;
  let budgetOver = false;
  let topping: Promise<void> | null = null;
  const takeCall = async (): Promise<boolean> => {
    for (;;) {
      if (tokens > 0) {
        tokens--;
        // spread over the second rather than all at its start: a burst of calls (each with its upload) at the end of
        // one second and the start of the next would be two seconds' worth within one, past the environment's QPS
        const now = rt.clock.now();
        const at = Math.max(now, nextCallAt);
        nextCallAt = at + callSpacingMs;
        if (at > now) await rt.sleep(at - now);
        return true;
      }
      if (budgetOver) return false;
      // one lane tops up for all; the others wait for the same top-up
      topping ??= rt.budget
        .takeUpTo(callsPerTopUp, factor, deadline, taker)
        .then((got) => {
          if (got === 0) budgetOver = true;
          tokens += got;
        })
        .finally(() => (topping = null));
      await topping;
    }
  };
  // the item a lane is making, so the call to WeChat can first make sure this worker still holds it
  const making = new AsyncLocalStorage<BatchItemRecord>();
  /** the budget's call, and the item still this worker's: right before any WeChat call */
  const beforeWechatCall = async (): Promise<void> => {
      if (!(await takeCall())) throw new WxacodeError(SLICE_OVER, 'the worker slice ended before the rate budget allowed this call; the item goes to the next worker');
      // A long wait for budget may have used up much of the claim: renew it, and call WeChat only if it was still
      // ours. A claim taken over meanwhile means another worker makes the item; calling too would make it twice.
      const item = making.getStore();
      const now = rt.clock.now();
      if (item && now > (item.claimedUntil ?? 0) - rt.settings.claimTtlMs / 2) {
        const until = now + rt.settings.claimTtlMs;
        if (!(await rt.store.settle(item._id, workerId, { claimedUntil: until }))) {
          throw new WxacodeError(SLICE_OVER, 'this worker waited so long for budget that its claim on the item ran out; another worker makes it');
        }
        item.claimedUntil = until;
      }
  };
  const generator: CodeGenerator = {
    generate: async (request: CodeRequest): Promise<CodeImage> => {
      await beforeWechatCall();
      return rt.generator.generate(request);
    },
  };
  // a link found in the index costs no budget: only a link WeChat is asked for takes a call
  const links = rt.links
    ? new LinkService({
        maker: { make: async (request) => (await beforeWechatCall(), rt.links!.maker.make(request)), query: (api, link, budget, queryType) => rt.links!.maker.query(api, link, budget, queryType) },
        index: rt.links.index,
        caps: rt.links.caps,
        clock: rt.clock,
        sleep: rt.sleep,
        claimWaitMs: rt.claimWaitMs,
        claimPollMs: rt.claimPollMs,
      })
    : undefined;
  const service = new CodeService({
    generator,
    files: rt.files,
    index: rt.index,
    clock: rt.clock,
    sleep: rt.sleep,
    claimWaitMs: rt.claimWaitMs,
    claimPollMs: rt.claimPollMs,
  });
  const wxApi = WXACODE_API_OF[(linkKind ? 'getUnlimited' : job.api) as CodeBatchApi];

  let settled = 0;
  const settle = async (item: BatchItemRecord, patch: Partial<BatchItemRecord>) => {
    if (await rt.store.settle(item._id, workerId, { ...patch, claimedBy: '', claimedUntil: 0 })) settled++;
  };
  const settleMany = async (items: readonly BatchItemRecord[], patch: Partial<BatchItemRecord>) => {
    if (items.length > 0) settled += await rt.store.settleMany(items.map((i) => i._id), workerId, { ...patch, claimedBy: '', claimedUntil: 0 });
  };

  // no more than the budget lets this worker make in a third of a claim's time, so no claim runs out in the queue
  const perWorkerPerSecond = ratePerMinute / 60 / Math.max(1, rt.settings.workers);
  const chunkSize = Math.max(1, Math.min(rt.settings.lanes * CHUNK_PER_LANE, Math.floor((perWorkerPerSecond * rt.settings.claimTtlMs) / 3000)));
  /** the next items of the job for this worker, claimed together: one read and one conditional update (and its read-back) */
  const nextChunk = async (): Promise<BatchItemRecord[]> => {
    for (let tries = 0; tries < 5; tries++) {
      if (stopped || rt.clock.now() >= deadline) return [];
      const candidates = await rt.store.claimable(jobId, rt.clock.now(), chunkSize);
      if (candidates.length === 0) return [];
      const now = rt.clock.now();
      const got = await rt.store.claimMany(candidates, workerId, now, now + rt.settings.claimTtlMs);
      if (got.length > 0) return got.sort((a, b) => a.index - b.index);
      // another worker claimed these first: read again, the job's next items are free
    }
    return [];
  };

  /** what became of one item; settled in bulk where the patch is the same for many */
  const applyOutcome = async (item: BatchItemRecord, outcome: Outcome, result: { errCode: number; errMsg: string }) => {
    const now = rt.clock.now();
    switch (outcome) {
      case 'made':
      case 'cached':
        // the bulk path settles these together; here only for one delivered through the code service
        return;
      case 'retry': {
        const attempts = item.attempts + 1;
        if (attempts >= rt.settings.maxAttempts) {
          await settle(item, { status: 'failed', attempts, errCode: result.errCode, errMsg: result.errMsg, doneAt: now });
        } else {
          await settle(item, { status: 'pending', attempts, errCode: result.errCode, errMsg: result.errMsg });
        }
        return;
      }
      case 'throttled': {
        // WeChat's per-minute limit was reached (live traffic on top of the batch): slow down and try it again later;
        // a 45009 never becomes the item's result
        await settle(item, { status: 'pending' });
        const latest = await rt.store.getJob(jobId);
        if (latest && now - latest.throttledAt >= THROTTLE_EVERY_MS) {
          const factor = Math.max(MIN_FACTOR, effectiveFactor(latest, now) / 2);
          await rt.store.updateJob(jobId, { rateFactor: factor, throttledAt: now, updatedAt: now }, ['running']);
          job = { ...latest, rateFactor: factor, throttledAt: now };
          jobReadAt = now;
        }
        return;
      }
      case 'quota':
      case 'cloudbaseQuota':
      case 'dailyCap':
      case 'permanentQuota': {
        await settle(item, { status: 'pending' }).catch(() => undefined);
        const reason = {
          quota: QUOTA_STOPPED_REASON,
          cloudbaseQuota: CLOUDBASE_CALLS_STOPPED_REASON,
          dailyCap: dailyCapStoppedReason(result.errMsg, now),
          permanentQuota: PERMANENT_LINKS_STOPPED_REASON,
        }[outcome];
        const resume = outcome === 'dailyCap' ? { resumeAt: nextChinaMidnight(now) } : {};
        await rt.store.updateJob(jobId, { state: 'stopped', stoppedReason: reason, ...resume, updatedAt: now }, ['running']).catch(() => undefined);
        stopped = true;
        return;
      }
      case 'later':
        await settle(item, { status: 'pending' });
        return;
      case 'failed':
        await settle(item, { status: 'failed', errCode: result.errCode, errMsg: result.errMsg, doneAt: now });
        return;
    }
  };

  /** an item whose scene comes from sceneData: its payload is stored first, so it goes through the code service alone */
  const processSceneItem = async (item: BatchItemRecord): Promise<void> => {
    const result = await making.run(item, () => handleCodeEvent(wxApi, item.event, service, { scenes: rt.scenes }));
    const outcome = classify(result.errCode, result.errCode === 0 && (result as FileDelivered).cached, false);
    if (outcome === 'made' || outcome === 'cached') {
      const delivered = result as FileDelivered & Partial<SceneDelivered>;
      await settle(item, {
        status: outcome,
        fileID: delivered.fileID,
        scene: delivered.scene ?? '',
        sceneMode: delivered.sceneMode ?? '',
        errCode: 0,
        errMsg: '',
        doneAt: rt.clock.now(),
      });
      return;
    }
    await applyOutcome(item, outcome, result);
  };

  /** a link item: its function's whole path (queryData stored, the link index, the day's count), WeChat within the budget */
  const processLinkItem = async (item: BatchItemRecord): Promise<void> => {
    if (stopped) return applyOutcome(item, 'later', { errCode: 0, errMsg: '' });
    const result = links
      ? await making.run(item, () => handleLinkEvent(linkKind!, item.event, links, { scenes: rt.scenes, now: rt.clock.now, recordEntries: rt.links?.recordEntries }))
      : { errCode: ErrCode.INTERNAL, errMsg: 'this build of wxacodeBatch has no link APIs wired; deploy the current one' };
    const outcome = classify(result.errCode, 'cached' in result && result.cached === true, true);
    if (outcome === 'made' || outcome === 'cached') {
      const made = result as { urlLink?: string; openlink?: string; link?: string; expiresAt?: string; scene?: string; sceneMode?: 'inline' | 'stored'; linkId?: string };
      await settle(item, {
        status: outcome,
        link: made.urlLink ?? made.openlink ?? made.link ?? '',
        expiresAt: made.expiresAt ? Date.parse(made.expiresAt) : null,
        linkId: made.linkId ?? '',
        scene: made.scene ?? '',
        sceneMode: made.sceneMode ?? '',
        errCode: 0,
        errMsg: '',
        doneAt: rt.clock.now(),
      });
      return;
    }
    await applyOutcome(item, outcome, result);
  };

  /**
   * Items with their scene or path as given, many at a time: one lookup of their paths says which codes are stored
   * already, one insert claims the rest across instances, the rate budget is taken for many calls at once, and the
   * items made (or found) are settled together. Per item that leaves WeChat's call and the upload. A link job's items
   * go through processLinkItem, a few lanes at a time.
   */
  const processChunk = async (items: BatchItemRecord[]): Promise<void> => {
    if (linkKind) {
      const queue = [...items];
      const lane = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await processLinkItem(next);
      };
      await Promise.all(Array.from({ length: Math.min(rt.settings.lanes, queue.length) }, lane));
      return;
    }
    const withScene = items.filter((item) => item.event.sceneData !== undefined);
    const plain: { item: BatchItemRecord; request: CodeRequest; key: string; cloudPath: string }[] = [];
    for (const item of items.filter((i) => i.event.sceneData === undefined)) {
      try {
        const { checked } = checkEventParams(wxApi, item.event, []);
        const key = cacheKey(checked);
        plain.push({ item, request: checked, key, cloudPath: cloudPathFor(checked, key) });
      } catch (error) {
        // submit validated every item; an item that fails now was damaged in the database
        await applyOutcome(item, 'failed', toWxacodeError(error));
      }
    }
    const paths = [...new Set(plain.map((p) => p.cloudPath))];
    const found = paths.length > 0 ? await rt.files.findAt(paths) : [];
    const stored = new Set(paths.filter((_, k) => found[k]));
    const cached = plain.filter((p) => stored.has(p.cloudPath));
    // one maker per code; the chunk's other items of the same code follow it
    const makers = new Map<string, (typeof plain)[number]>();
    const followers: (typeof plain)[number][] = [];
    for (const p of plain.filter((q) => !stored.has(q.cloudPath))) {
      if (makers.has(p.key)) followers.push(p);
      else makers.set(p.key, p);
    }
    const claims = [...makers.values()].map(({ request, key, cloudPath }): CodeRecord => ({
      _id: key,
      api: request.api,
      cloudPath,
      contentType: cloudPath.endsWith('.png') ? 'image/png' : 'image/jpeg',
      claimedAt: rt.clock.now(),
    }));
    const claimed = rt.index.claimMany
      ? await rt.index.claimMany(claims, CLAIM_STALE_MS)
      : new Set((await Promise.all(claims.map(async (c) => ((await rt.index.claim(c, CLAIM_STALE_MS)) ? c._id : '')))).filter(Boolean));
    const claimOf = new Map(claims.map((c) => [c._id, c]));

    const made: BatchItemRecord[] = [];
    const madeKeys = new Set<string>();
    const queue = [...makers.values()];
    const makeOne = async ({ item, request, key, cloudPath }: (typeof plain)[number]): Promise<void> => {
      if (!claimed.has(key) || stopped) {
        // another instance is making this code (the item comes round again and finds it stored), or the job stopped
        if (claimed.has(key)) await rt.index.release(key, (claimOf.get(key) as CodeRecord).claimedAt).catch(() => undefined);
        await applyOutcome(item, 'later', { errCode: 0, errMsg: '' });
        return;
      }
      let uploaded = false;
      try {
        await making.run(item, async () => {
          const image = checkImage(await generator.generate(request));
          await rt.files.upload(cloudPath, image);
          uploaded = true;
        });
        made.push(item);
        madeKeys.add(key);
      } catch (error) {
        const result = withWechatHint(wxApi, toWxacodeError(error));
        if (!uploaded) await rt.index.release(key, (claimOf.get(key) as CodeRecord).claimedAt).catch(() => undefined);
        await applyOutcome(item, classify(result.errCode, false, false), result);
      }
    };
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await makeOne(next);
    };
    await Promise.all([
      ...Array.from({ length: Math.min(rt.settings.lanes, Math.max(1, makers.size)) }, lane),
      (async () => {
        for (const item of withScene) await processSceneItem(item);
      })(),
    ]);
    const now = rt.clock.now();
    const done = { errCode: 0, errMsg: '', doneAt: now };
    await settleMany(made, { status: 'made', ...done });
    await settleMany(
      [...cached.map((p) => p.item), ...followers.filter((p) => madeKeys.has(p.key)).map((p) => p.item)],
      { status: 'cached', ...done },
    );
    // a follower whose maker did not make it goes back, to be made (or found) next time round
    for (const p of followers.filter((q) => !madeKeys.has(q.key))) await applyOutcome(p.item, 'later', { errCode: 0, errMsg: '' });
  };

  for (;;) {
    for (;;) {
      let chunk: BatchItemRecord[] = [];
      try {
        chunk = await nextChunk();
        if (chunk.length === 0) break;
        await processChunk(chunk);
        await currentJob();
      } catch (error) {
        // CloudBase refusing the job's own bookkeeping: past its QPS, wait a second and go on (the chunk's items go
        // back, or their claims run out); past its monthly calls, nothing more can be done this month
        const { errCode } = toWxacodeError(error);
        if (errCode !== ErrCode.CLOUDBASE_QPS_EXCEEDED && errCode !== ErrCode.CLOUDBASE_CALLS_EXHAUSTED) throw error;
        await settleMany(chunk, { status: 'pending' }).catch(() => undefined);
        if (errCode === ErrCode.CLOUDBASE_CALLS_EXHAUSTED) {
          await rt.store.updateJob(jobId, { state: 'stopped', stoppedReason: CLOUDBASE_CALLS_STOPPED_REASON, updatedAt: rt.clock.now() }, ['running']).catch(() => undefined);
          return { workerId, settled, state: 'stopped', handedOn: false };
        }
        await rt.sleep(1000);
      }
    }
    const latest = await rt.store.getJob(jobId);
    if (!latest || latest.state !== 'running') return { workerId, settled, state: latest?.state ?? 'missing', handedOn: false };
    const [pending, claimed] = await Promise.all([rt.store.countItems(jobId, 'pending'), rt.store.countItems(jobId, 'claimed')]);
    if (pending + claimed === 0) {
      const now = rt.clock.now();
      await rt.store.updateJob(jobId, { state: 'done', updatedAt: now }, ['running']);
      return { workerId, settled, state: 'done', handedOn: false };
    }
    if (rt.clock.now() + 1000 >= deadline) break;
    // other workers hold the rest: wait for them to finish, or for a dead worker's claims to run out, alive all along
    if (rt.clock.now() - beatAt > rt.settings.heartbeatEveryMs) {
      beatAt = rt.clock.now();
      await rt.store.updateJob(jobId, { heartbeatAt: beatAt }, ['running']);
    }
    await rt.sleep(WAIT_FOR_OTHERS_MS);
    job = latest;
  }
  await rt.handOn(jobId);
  return { workerId, settled, state: 'running', handedOn: true };
}

function classify(errCode: number, cached: boolean, linkJob: boolean): Outcome {
  if (errCode === 0) return cached ? 'cached' : 'made';
  if (linkJob) {
    // the day's links are spent (WeChat's 44993, or this environment's own count; Short Links: 45009): the job waits
    // for the next day rather than fail every remaining item
    if (errCode === ErrCode.LINK_DAILY_CAP || errCode === ErrCode.DAILY_LIMIT) return 'dailyCap';
    if (errCode === ErrCode.SHORT_LINK_PERMANENT_QUOTA) return 'permanentQuota';
    // 100 calls a second passed (live traffic on top of the batch): slow down as for 45009
    if (errCode === ErrCode.LINK_RATE_LIMIT) return 'throttled';
  }
  // CloudBase's environment QPS reached (live traffic on top of the batch): slow down as for WeChat's 45009
  if (errCode === ErrCode.MINUTE_RATE_LIMIT || errCode === ErrCode.CLOUDBASE_QPS_EXCEEDED) return 'throttled';
  if (errCode === ErrCode.LIFETIME_QUOTA_REACHED) return 'quota';
  // the environment's calls of the month are spent: every further request would be refused too
  if (errCode === ErrCode.CLOUDBASE_CALLS_EXHAUSTED) return 'cloudbaseQuota';
  if (errCode === SLICE_OVER || errCode === ErrCode.CODE_IN_PROGRESS) return 'later';
  // WeChat's transient system error, and CloudBase's own faults (storage, database: -50xxxx) or ours (-700500)
  if (errCode === ErrCode.SYSTEM_ERROR || errCode === ErrCode.INTERNAL || (errCode <= -500000 && errCode > -600000)) return 'retry';
  return 'failed';
}
