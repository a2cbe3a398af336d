import { MemoryBatchStore, MemoryRateSlots } from '../../../adapters/memory/batch-store';
import { PNG } from 'pngjs';
import { WxacodeError } from '../../errors';
import type { CodeImage, CodeRequest } from '../../params/types';
import type { CodeGenerator } from '../../ports';
import { MemoryCodeIndex } from '../../../adapters/memory/code-index';
import { MemoryFileStore } from '../../../adapters/memory/file-store';
import { MemorySceneStore } from '../../../adapters/memory/scene-store';
import { DEFAULT_POLICY } from '../../policy/policy';
import { CallerGuard } from '../../policy/caller-guard';
import { MemoryRateCounter } from '../../../adapters/memory/rate-counter';
import type { BatchDeps } from '../batch-handler';
import { buildPrintSheet, buildZip, manifestCsv, manifestJson, parseItemsText } from '../files';
import { RateBudget } from '../rate-budget';
import { DEFAULT_BATCH_SETTINGS, type BatchSettings } from '../settings';
import { MemoryLinkIndex } from '../../../adapters/memory/link-index';
import { MemoryLinkMaker } from '../../../adapters/memory/link-maker';
import { DEFAULT_LINK_CAPS, LinkCaps, type LinkCapLimits } from '../../links/link-caps';

/**
 * Virtual time for the batch's tests: sleep() parks the caller until the clock reaches its wake time, and run()
 * moves the clock from one wake time to the next only when everything runnable has run. So concurrent workers,
 * lanes and budgets interleave as they would in real time, deterministically and without waiting.
 */
export class FakeTime {
  now = Date.UTC(2026, 0, 1, 0, 0, 0);
  private timers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  readonly clock = { now: () => this.now };
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, wake }));

  /** runs until `work` settles, advancing virtual time as needed; refuses to run past `limitMs` of virtual time */
  async run<T>(work: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    const end = this.now + limitMs;
    for (let idle = 0; ; ) {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (settled) return done;
      if (this.timers.length === 0) {
        // waiting on real I/O (image encoding) is fine for a while; forever is a deadlock
        if (++idle > 20_000) throw new Error('stuck: nothing runnable and no timer pending');
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      idle = 0;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift() as (typeof this.timers)[number];
      if (next.at > end) throw new Error(`still running after ${limitMs} ms of virtual time`);
      this.now = Math.max(this.now, next.at);
      next.wake();
    }
  }
}

/** A fixed sequence in [0, 1) (mulberry32): the budget's jitter, the same on every run, so each test's interleaving is too. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * WeChat for the batch's counting tests: a log of every call, scripted failures, and a small real PNG (drawing a QR
 * code per call costs ~0.5 s under jest on a loaded machine; the end-to-end tests decode real codes).
 */
export class QuickCodeGenerator implements CodeGenerator {
  readonly calls: CodeRequest[] = [];
  private readonly scripted: WxacodeError[] = [];
  private static image: Buffer | undefined;
  private readonly byScene = new Map<string, WxacodeError[]>();
  failNext(errCode: number, errMsg = 'scripted failure'): this {
    this.scripted.push(new WxacodeError(errCode, errMsg));
    return this;
  }
  /** the next `times` calls for this scene fail */
  failScene(scene: string, times: number, errCode: number, errMsg = 'scripted failure'): this {
    this.byScene.set(scene, Array.from({ length: times }, () => new WxacodeError(errCode, errMsg)));
    return this;
  }
  async generate(request: CodeRequest): Promise<CodeImage> {
    this.calls.push(request);
    const scene = (request.params as { scene?: string }).scene;
    const failure = (scene === undefined ? undefined : this.byScene.get(scene)?.shift()) ?? this.scripted.shift();
    if (failure) throw failure;
    QuickCodeGenerator.image ??= PNG.sync.write(Object.assign(new PNG({ width: 8, height: 8 }), { data: Buffer.alloc(8 * 8 * 4, 255) }));
    return { contentType: 'image/png', buffer: Buffer.from(QuickCodeGenerator.image) };
  }
}

export interface MemoryBatch {
  time: FakeTime;
  deps: BatchDeps;
  store: MemoryBatchStore;
  slots: MemoryRateSlots;
  generator: QuickCodeGenerator;
  files: MemoryFileStore;
  index: MemoryCodeIndex;
  /** job ids handed on (and not yet run): the tests start those slices themselves */
  handedOn: string[];
  /** link jobs: WeChat's link APIs and the links made */
  linkMaker: MemoryLinkMaker;
  linkIndex: MemoryLinkIndex;
  linkCounter: MemoryRateCounter;
}

/** The batch on memory adapters and virtual time, with the app pages of the sample mini program. */
export function memoryBatch(settings: Partial<BatchSettings> = {}, linkCaps: Partial<LinkCapLimits> = {}): MemoryBatch {
  const time = new FakeTime();
  const store = new MemoryBatchStore();
  const slots = new MemoryRateSlots();
  const generator = new QuickCodeGenerator();
  const files = new MemoryFileStore();
  const index = new MemoryCodeIndex();
  const handedOn: string[] = [];
  const linkMaker = new MemoryLinkMaker();
  const linkIndex = new MemoryLinkIndex();
  const linkCounter = new MemoryRateCounter();
  const merged: BatchSettings = { ...DEFAULT_BATCH_SETTINGS, workers: 1, lanes: 4, ...settings };
  const guard = new CallerGuard({ ...DEFAULT_POLICY, allowedPages: ['pages/index/index', 'pages/make/make'] }, () => ({}), new MemoryRateCounter());
  const deps: BatchDeps = {
    store,
    budget: new RateBudget(slots, merged.ratePerMinute, time.clock, time.sleep, seededRandom(20261207)),
    generator,
    files,
    index,
    scenes: new MemorySceneStore(),
    links: { maker: linkMaker, index: linkIndex, caps: new LinkCaps({ ...DEFAULT_LINK_CAPS, ...linkCaps }, linkCounter, time.clock) },
    clock: time.clock,
    sleep: time.sleep,
    settings: merged,
    tools: { parseItemsText, manifestCsv, manifestJson, buildZip, buildPrintSheet },
    checkPage: (request) => guard.checkPage(request),
    checkPagePath: (field, page) => guard.checkPagePath(field, page),
    handOn: async (jobId) => {
      handedOn.push(jobId);
    },
  };
  return { time, deps, store, slots, generator, files, index, handedOn, linkMaker, linkIndex, linkCounter };
}
