import { cacheKey, cloudPathFor } from '../cache/cache-key';
import { ErrCode, WxacodeError } from '../errors';
import type { CodeRequest } from '../params/types';
import type { Clock, CodeGenerator, CodeIndex, CodeRecord, FileStore } from '../ports';
import { checkImage } from './image-check';
import type { Delivered, FileDelivered } from './results';

export interface DeliveryOptions {
  /** 'file' (default) stores the image and returns its fileID; 'base64' returns the bytes and stores nothing */
  output: 'file' | 'base64';
  /** false forces a fresh code from WeChat even when one is stored */
  cache: boolean;
  /**
   * runs right before WeChat is asked for a new code by this caller: never for a cache hit, nor when another
   * instance's claim delivered it; throws to refuse
   */
  admit?: (request: CodeRequest) => Promise<void>;
  /** epoch ms after which the platform kills the function: retries stop short of it */
  deadline?: number;
}

export interface CodeServiceDeps {
  generator: CodeGenerator;
  files: FileStore;
  index: CodeIndex;
  clock?: Clock;
  /** how long to wait for another instance making the same code, polling every claimPollMs (tests shorten these) */
  claimWaitMs?: number;
  claimPollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A claim older than this is from an instance that died (functions time out at 20 s): take it over. */
export const CLAIM_STALE_MS = 30_000;

/**
 * parameters → validated request → code delivered. Content-addressed: one normalized request is one stored
 * file, made by WeChat once. Identical requests in flight in this instance share one WeChat call.
 */
export class CodeService {
  private readonly inFlight = new Map<string, Promise<Delivered>>();
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: CodeServiceDeps) {
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  deliver(request: CodeRequest, options: DeliveryOptions): Promise<Delivered> {
    const key = cacheKey(request);
    const flightKey = `${options.output}:${options.cache}:${key}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const started = this.deliverOnce(request, key, options).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, started);
    return started;
  }

  private async deliverOnce(request: CodeRequest, key: string, options: DeliveryOptions): Promise<Delivered> {
    if (options.output === 'base64') return this.deliverBase64(request, key, options);
    const cloudPath = cloudPathFor(request, key);
    if (options.cache) {
      const hit = await this.deps.index.find(key);
      if (hit) return this.fileResult(hit, true);
      // An earlier attempt may have uploaded and then died before writing the index: adopt its file.
      const orphan = await this.deps.files.locate(cloudPath);
      if (orphan) {
        const record = await this.record(request, key, cloudPath, orphan, undefined);
        return this.fileResult(record, true);
      }
    }
    if (options.cache) {
      // another instance may be making this very code: wait for its record rather than spend quota on it again
      const madeElsewhere = await this.claimOrWait(key);
      if (madeElsewhere) return this.fileResult(madeElsewhere, true);
    }
    try {
      // admitted only once this caller is the one to make it: a code made by another's claim costs this caller nothing
      await options.admit?.(request);
      const image = checkImage(await this.deps.generator.generate(request, { deadline: options.deadline }));
      const { fileID } = await this.deps.files.upload(cloudPath, image);
      // Written only after the upload succeeded: a failure before this line leaves no record to mislead.
      const record = await this.record(request, key, cloudPath, fileID, image);
      return this.fileResult(record, false);
    } catch (error) {
      if (options.cache) await this.deps.index.release(key).catch(() => undefined);
      throw error;
    }
  }

  /**
   * null: this caller holds the claim and makes the code. A record: another instance made it meanwhile. Polls
   * both, so when the other attempt fails and releases its claim, this one takes over instead of waiting it out.
   */
  private async claimOrWait(key: string): Promise<CodeRecord | null> {
    const waitMs = this.deps.claimWaitMs ?? 15_000;
    const pollMs = this.deps.claimPollMs ?? 250;
    for (let waited = 0; ; waited += pollMs) {
      if (await this.deps.index.claim(key, this.clock.now(), CLAIM_STALE_MS)) return null;
      if (waited >= waitMs) break;
      await this.sleep(pollMs);
      const record = await this.deps.index.find(key);
      if (record) return record;
    }
    throw new WxacodeError(
      ErrCode.CODE_IN_PROGRESS,
      `another request has been making this same code for over ${Math.round(waitMs / 1000)} s; nothing was spent on it here. Try again in a few seconds: the code will be served from the cache once made`,
    );
  }

  /** A stored code is served as bytes without a WeChat call; a missing one is made and not stored. */
  private async deliverBase64(request: CodeRequest, key: string, options: DeliveryOptions): Promise<Delivered> {
    if (options.cache) {
      const hit = await this.deps.index.find(key);
      if (hit) {
        const buffer = await this.deps.files.download(hit.fileID);
        return { errCode: 0, errMsg: 'ok', contentType: hit.contentType, base64: buffer.toString('base64') };
      }
    }
    await options.admit?.(request);
    const image = checkImage(await this.deps.generator.generate(request, { deadline: options.deadline }));
    return { errCode: 0, errMsg: 'ok', contentType: image.contentType, base64: image.buffer.toString('base64') };
  }

  private async record(
    request: CodeRequest,
    key: string,
    cloudPath: string,
    fileID: string,
    image: { contentType: string; buffer: Buffer } | undefined,
  ): Promise<CodeRecord> {
    const record: CodeRecord = {
      _id: key,
      api: request.api,
      cloudPath,
      fileID,
      contentType: image?.contentType ?? (cloudPath.endsWith('.png') ? 'image/png' : 'image/jpeg'),
      bytes: image?.buffer.length ?? -1,
      createdAt: this.clock.now(),
    };
    await this.deps.index.save(record);
    return record;
  }

  private async fileResult(record: CodeRecord, cached: boolean): Promise<FileDelivered> {
    const tempFileURL = await this.deps.files.temporaryUrl(record.fileID);
    return { errCode: 0, errMsg: 'ok', contentType: record.contentType, fileID: record.fileID, tempFileURL, cached };
  }
}
