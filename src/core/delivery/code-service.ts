import { cacheKey, cloudPathFor } from '../cache/cache-key';
import type { CodeRequest } from '../params/types';
import type { Clock, CodeGenerator, CodeIndex, CodeRecord, FileStore } from '../ports';
import { checkImage } from './image-check';
import type { Delivered, FileDelivered } from './results';

export interface DeliveryOptions {
  /** 'file' (default) stores the image and returns its fileID; 'base64' returns the bytes and stores nothing */
  output: 'file' | 'base64';
  /** false forces a fresh code from WeChat even when one is stored */
  cache: boolean;
  /** runs right before WeChat is asked for a new code (never for a cache hit); throws to refuse */
  admit?: (request: CodeRequest) => Promise<void>;
}

export interface CodeServiceDeps {
  generator: CodeGenerator;
  files: FileStore;
  index: CodeIndex;
  clock?: Clock;
}

/**
 * parameters → validated request → code delivered. Content-addressed: one normalized request is one stored
 * file, made by WeChat once. Identical requests in flight in this instance share one WeChat call.
 */
export class CodeService {
  private readonly inFlight = new Map<string, Promise<Delivered>>();
  private readonly clock: Clock;

  constructor(private readonly deps: CodeServiceDeps) {
    this.clock = deps.clock ?? { now: () => Date.now() };
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
    await options.admit?.(request);
    const image = checkImage(await this.deps.generator.generate(request));
    const { fileID } = await this.deps.files.upload(cloudPath, image);
    // Written only after the upload succeeded: a failure before this line leaves no record to mislead.
    const record = await this.record(request, key, cloudPath, fileID, image);
    return this.fileResult(record, false);
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
    const image = checkImage(await this.deps.generator.generate(request));
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
