import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { CodeService } from '../delivery/code-service';
import type { FileDelivered } from '../delivery/results';
import { ErrCode, WxacodeError } from '../errors';
import { handleCodeEvent, type SceneDelivered } from '../handler/handle-code-event';
import type { CodeImage, CodeRequest } from '../params/types';
import type { BatchStore, Clock, CodeGenerator, CodeIndex, FileStore } from '../ports';
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

/** The share of the budget a job may use now: cut by 45009, grown back slowly. */
export function effectiveFactor(job: Pick<BatchJobRecord, 'rateFactor' | 'throttledAt'>, now: number): number {
  if (job.rateFactor >= 1) return 1;
  const recovered = RECOVER_STEP * Math.floor(Math.max(0, now - job.throttledAt) / RECOVER_EVERY_MS);
  return Math.min(1, job.rateFactor + recovered);
}

export const QUOTA_STOPPED_REASON =
  "WeChat answered 45029: the app's lifetime quota of 100,000 wxacode.get / createQRCode codes is spent. The items not made are kept as pending; switch them to getUnlimited (no lifetime limit), or ask WeChat for more quota and then call retryFailed";

export interface SliceOutcome {
  workerId: string;
  settled: number;
  state: BatchJobRecord['state'] | 'missing';
  handedOn: boolean;
}

type Outcome = 'made' | 'cached' | 'failed' | 'retry' | 'throttled' | 'quota' | 'later';

/**
 * One worker slice: claims items one at a time per lane (atomically, so no item is made twice), makes them through
 * the content-addressed code service within the shared rate budget, and before its deadline hands the job on to a
 * fresh invocation. A claim this worker cannot settle (it crashed, it timed out) runs out and another worker takes
 * the item over.
 */
export async function runSlice(rt: BatchRuntime, jobId: string, deadline: number): Promise<SliceOutcome> {
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
  // the item a lane is making, so the call to WeChat can first make sure this worker still holds it
  const making = new AsyncLocalStorage<BatchItemRecord>();
  const generator: CodeGenerator = {
    generate: async (request: CodeRequest): Promise<CodeImage> => {
      const admitted = await rt.budget.take(() => (job ? effectiveFactor(job, rt.clock.now()) : 1), deadline);
      if (!admitted) throw new WxacodeError(SLICE_OVER, 'the worker slice ended before the rate budget allowed this call; the item goes to the next worker');
      // The wait for budget may have outlasted the claim: renew it, and call WeChat only if it was still ours. A claim
      // taken over meanwhile means another worker makes the item; calling too would make it twice.
      const item = making.getStore();
      if (item && !(await rt.store.settle(item._id, workerId, { claimedUntil: rt.clock.now() + rt.settings.claimTtlMs }))) {
        throw new WxacodeError(SLICE_OVER, 'this worker waited so long for budget that its claim on the item ran out; another worker makes it');
      }
      return rt.generator.generate(request);
    },
  };
  const service = new CodeService({
    generator,
    files: rt.files,
    index: rt.index,
    clock: rt.clock,
    sleep: rt.sleep,
    claimWaitMs: rt.claimWaitMs,
    claimPollMs: rt.claimPollMs,
  });
  const wxApi = WXACODE_API_OF[job.api];

  // one queue of claim candidates shared by this worker's lanes, refilled by one lane at a time
  let buffer: BatchItemRecord[] = [];
  let refilling: Promise<void> | null = null;
  const refill = () =>
    (refilling ??= rt.store
      .claimable(jobId, rt.clock.now(), rt.settings.lanes * 4)
      .then((found) => {
        // shuffled, so two workers reading the same candidates mostly try different ones first
        buffer = found.sort(() => Math.random() - 0.5);
      })
      .finally(() => (refilling = null)));
  const nextItem = async (): Promise<BatchItemRecord | null> => {
    for (;;) {
      if (stopped || rt.clock.now() >= deadline) return null;
      if (buffer.length === 0) {
        await refill();
        if (buffer.length === 0) return null;
      }
      const candidate = buffer.shift() as BatchItemRecord;
      const now = rt.clock.now();
      if (await rt.store.claim(candidate, workerId, now, now + rt.settings.claimTtlMs)) return candidate;
    }
  };

  let settled = 0;
  const settle = async (item: BatchItemRecord, patch: Partial<BatchItemRecord>) => {
    if (await rt.store.settle(item._id, workerId, { ...patch, claimedBy: '', claimedUntil: 0 })) settled++;
  };

  const processItem = async (item: BatchItemRecord): Promise<void> => {
    const result = await making.run(item, () => handleCodeEvent(wxApi, item.event, service, { scenes: rt.scenes }));
    const now = rt.clock.now();
    const outcome = classify(result.errCode, result.errCode === 0 && (result as FileDelivered).cached);
    switch (outcome) {
      case 'made':
      case 'cached': {
        const delivered = result as FileDelivered & Partial<SceneDelivered>;
        const fromScene = typeof item.event.scene === 'string' ? { scene: item.event.scene, sceneMode: 'raw' as const } : { scene: '', sceneMode: '' as const };
        await settle(item, {
          status: outcome,
          fileID: delivered.fileID,
          scene: delivered.scene ?? fromScene.scene,
          sceneMode: delivered.sceneMode ?? fromScene.sceneMode,
          errCode: 0,
          errMsg: '',
          doneAt: now,
        });
        return;
      }
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
        await settle(item, { status: 'pending' });
        await rt.store.updateJob(jobId, { state: 'stopped', stoppedReason: QUOTA_STOPPED_REASON, updatedAt: now }, ['running']);
        stopped = true;
        return;
      case 'later':
        await settle(item, { status: 'pending' });
        return;
      case 'failed':
        await settle(item, { status: 'failed', errCode: result.errCode, errMsg: result.errMsg, doneAt: now });
        return;
    }
  };

  const lane = async () => {
    for (let item = await nextItem(); item; item = await nextItem()) {
      await processItem(item);
      await currentJob();
    }
  };

  for (;;) {
    await Promise.all(Array.from({ length: rt.settings.lanes }, lane));
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
    await rt.sleep(1000);
    job = latest;
  }
  await rt.handOn(jobId);
  return { workerId, settled, state: 'running', handedOn: true };
}

function classify(errCode: number, cached: boolean): Outcome {
  if (errCode === 0) return cached ? 'cached' : 'made';
  if (errCode === ErrCode.MINUTE_RATE_LIMIT) return 'throttled';
  if (errCode === ErrCode.LIFETIME_QUOTA_REACHED) return 'quota';
  if (errCode === SLICE_OVER || errCode === ErrCode.CODE_IN_PROGRESS) return 'later';
  // WeChat's transient system error, and CloudBase's own faults (storage, database: -50xxxx) or ours (-700500)
  if (errCode === ErrCode.SYSTEM_ERROR || errCode === ErrCode.INTERNAL || (errCode <= -500000 && errCode > -600000)) return 'retry';
  return 'failed';
}
