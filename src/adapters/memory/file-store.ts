import type { CodeImage } from '../../core/params/types';
import type { FileStore, StoredFile } from '../../core/ports';

export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, CodeImage>();
  uploads = 0;
  private failUploads = 0;
  private failUrls = 0;

  /** the next n temporary URLs fail, as storage failing right after an upload would */
  failNextTemporaryUrls(n: number): this {
    this.failUrls = n;
    return this;
  }

  /** the next n uploads throw, as a storage outage would */
  failNextUploads(n: number): this {
    this.failUploads = n;
    return this;
  }

  async upload(cloudPath: string, image: CodeImage): Promise<{ fileID: string }> {
    if (this.failUploads > 0) {
      this.failUploads--;
      throw Object.assign(new Error('uploadFile:fail storage unavailable'), { errCode: -1, errMsg: 'uploadFile:fail storage unavailable' });
    }
    this.uploads++;
    const fileID = this.fileIdFor(cloudPath);
    this.files.set(fileID, { contentType: image.contentType, buffer: Buffer.from(image.buffer) });
    return { fileID };
  }

  async temporaryUrl(fileID: string): Promise<string> {
    if (this.failUrls > 0) {
      this.failUrls--;
      throw Object.assign(new Error('getTempFileURL failed'), { errCode: -1, errMsg: 'getTempFileURL:fail storage unavailable' });
    }
    if (!this.files.has(fileID)) throw Object.assign(new Error('not found'), { errCode: -503003, errMsg: `storage file not exists: ${fileID}` });
    return `https://memory.invalid/${encodeURIComponent(fileID)}`;
  }

  async download(fileID: string): Promise<Buffer> {
    const file = this.files.get(fileID);
    if (!file) throw Object.assign(new Error('not found'), { errCode: -503003, errMsg: `storage file not exists: ${fileID}` });
    return Buffer.from(file.buffer);
  }

  async findAt(cloudPaths: readonly string[]): Promise<(StoredFile | null)[]> {
    return cloudPaths.map((cloudPath) => {
      const fileID = this.fileIdFor(cloudPath);
      return this.files.has(fileID) ? { fileID, tempFileURL: `https://memory.invalid/${encodeURIComponent(fileID)}` } : null;
    });
  }

  private fileIdFor(cloudPath: string): string {
    return `cloud://memory-env.6d65-memory-env-1250000000/${cloudPath}`;
  }
}
