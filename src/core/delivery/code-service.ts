import { cacheKey, cloudPathFor } from '../cache/cache-key';
import { ErrCode, WxacodeError } from '../errors';
import type { CodeRequest } from '../params/types';
import type { Clock, CodeGenerator, CodeIndex, CodeRecord, FileStore, StoredFile } from '../ports';
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
    // the path records the kind of image: WeChat's JPEG, or PNG for a transparent code (see cloudPathFor)
    const contentType = cloudPath.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const record = (): CodeRecord => ({ _id: key, api: request.api, cloudPath, contentType, claimedAt: this.clock.now() });
    let claim: CodeRecord | undefined;
    if (options.cache) {
      // one request: the path is the code's address, so a stored file (even one whose maker died right after the
      // upload) is the hit, with its temporary URL
      const [stored] = await this.deps.files.findAt([cloudPath]);
      if (stored) return fileResult(stored, contentType, true);
      // another instance may be making this very code: wait for its file rather than spend quota on it again
      claim = record();
      const madeElsewhere = await this.claimOrWait(claim, cloudPath);
      if (madeElsewhere) return fileResult(madeElsewhere, contentType, true);
    }
    let uploaded = false;
    try {
      // admitted only once this caller is the one to make it: a code made by another's claim costs this caller nothing
      await options.admit?.(request);
      const image = checkImage(await this.deps.generator.generate(request, { deadline: options.deadline }));
      const { fileID } = await this.deps.files.upload(cloudPath, image);
      uploaded = true;
      // a claimed code keeps its claim's document; a fresh one (cache: false) writes it, for whoever lists the codes
      if (!claim) await this.deps.index.save(record());
      const tempFileURL = await this.deps.files.temporaryUrl(fileID);
      return fileResult({ fileID, tempFileURL }, contentType, false);
    } catch (error) {
      // after the upload the file is the code, whatever failed next: its claim stays with it
      if (claim && !uploaded) await this.deps.index.release(key, claim.claimedAt).catch(() => undefined);
      throw error;
    }
  }

  /**
   * null: this caller holds the claim (`claim`, with its time updated on each try) and makes the code. A stored
   * file: another instance made it meanwhile. Polls both, so when the other attempt fails and releases its claim,
   * this one takes over instead of waiting it out.
   */
  private async claimOrWait(claim: CodeRecord, cloudPath: string): Promise<StoredFile | null> {
    const waitMs = this.deps.claimWaitMs ?? 15_000;
    const pollMs = this.deps.claimPollMs ?? 250;
    for (let waited = 0; ; waited += pollMs) {
      claim.claimedAt = this.clock.now();
      if (await this.deps.index.claim(claim, CLAIM_STALE_MS)) return null;
      if (waited >= waitMs) break;
      await this.sleep(pollMs);
      const [stored] = await this.deps.files.findAt([cloudPath]);
      if (stored) return stored;
    }
    throw new WxacodeError(
      ErrCode.CODE_IN_PROGRESS,
      `another request has been making this same code for over ${Math.round(waitMs / 1000)} s; nothing was spent on it here. Try again in a few seconds: the code will be served from the cache once made`,
    );
  }

  /** A stored code is served as bytes without a WeChat call; a missing one is made and not stored. */
  private async deliverBase64(request: CodeRequest, key: string, options: DeliveryOptions): Promise<Delivered> {
    if (options.cache) {
      const cloudPath = cloudPathFor(request, key);
      const [stored] = await this.deps.files.findAt([cloudPath]);
      if (stored) {
        const buffer = await this.deps.files.download(stored.fileID);
        return { errCode: 0, errMsg: 'ok', contentType: cloudPath.endsWith('.png') ? 'image/png' : 'image/jpeg', base64: buffer.toString('base64') };
      }
    }
    await options.admit?.(request);
    const image = checkImage(await this.deps.generator.generate(request, { deadline: options.deadline }));
    return { errCode: 0, errMsg: 'ok', contentType: image.contentType, base64: image.buffer.toString('base64') };
  }
}

function fileResult(stored: StoredFile, contentType: string, cached: boolean): FileDelivered {
  return { errCode: 0, errMsg: 'ok', contentType, fileID: stored.fileID, tempFileURL: stored.tempFileURL, cached };
}
