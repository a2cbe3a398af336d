import { WxacodeError } from '../../core/errors';
import type { CodeImage } from '../../core/params/types';
import type { FileStore, StoredFile } from '../../core/ports';
import type { CloudSdk } from './cloud';

const PROBE_PATH = 'wxacode/.bucket-probe';
/** getTempFileURL's status for a file that is not there */
const FILE_NOT_EXISTS = -503003;

/** CloudBase cloud storage through wx-server-sdk. */
export class CloudFileStore implements FileStore {
  /** `cloud://<env>.<bucket>/`: learned from the first upload, since no API tells it outright */
  private fileIdPrefix: string | undefined;

  constructor(
    private readonly cloud: CloudSdk,
    private readonly urlMaxAgeSeconds = 24 * 3600,
  ) {}

  async upload(cloudPath: string, image: CodeImage): Promise<{ fileID: string }> {
    const { fileID } = await this.cloud.uploadFile({ cloudPath, fileContent: image.buffer });
    this.learnPrefix(fileID, cloudPath);
    return { fileID };
  }

  async temporaryUrl(fileID: string): Promise<string> {
    const url = await this.tryTemporaryUrl(fileID);
    if (!url.ok) throw new WxacodeError(url.status, `getTempFileURL failed for ${fileID}: ${url.errMsg}`);
    return url.tempFileURL;
  }

  /** getTempFileURL takes at most 50 files a request */
  async temporaryUrls(fileIDs: readonly string[]): Promise<string[]> {
    const urls: string[] = [];
    for (let i = 0; i < fileIDs.length; i += 50) {
      const chunk = fileIDs.slice(i, i + 50);
      const { fileList } = await this.cloud.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: this.urlMaxAgeSeconds })) });
      chunk.forEach((fileID, k) => {
        const item = fileList?.find((f) => f.fileID === fileID) ?? fileList?.[k];
        if (!item || item.status !== 0 || !item.tempFileURL) {
          throw new WxacodeError(item?.status ?? -1, `getTempFileURL failed for ${fileID}: ${item?.errMsg ?? 'no answer'}`);
        }
        urls.push(item.tempFileURL);
      });
    }
    return urls;
  }

  async download(fileID: string): Promise<Buffer> {
    const { fileContent } = await this.cloud.downloadFile({ fileID });
    return fileContent;
  }

  /**
   * getTempFileURL on the paths: a stored file gets its URL, a missing one answers -503003 (storage file not exists).
   * An upload to COS is one PUT, stored whole or not at all, so a file at a code's path is that whole code.
   */
  async findAt(cloudPaths: readonly string[]): Promise<(StoredFile | null)[]> {
    const prefix = await this.prefix();
    const found: (StoredFile | null)[] = [];
    for (let i = 0; i < cloudPaths.length; i += 50) {
      const fileIDs = cloudPaths.slice(i, i + 50).map((path) => `${prefix}${path}`);
      const { fileList } = await this.cloud.getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: this.urlMaxAgeSeconds })) });
      fileIDs.forEach((fileID, k) => {
        const item = fileList?.find((f) => f.fileID === fileID) ?? fileList?.[k];
        if (item && item.status === 0 && item.tempFileURL) found.push({ fileID, tempFileURL: item.tempFileURL });
        else if (!item || item.status === FILE_NOT_EXISTS) found.push(null);
        else throw new WxacodeError(item.status, `getTempFileURL failed for ${fileID}: ${item.errMsg}`);
      });
    }
    return found;
  }

  private async tryTemporaryUrl(fileID: string) {
    const { fileList } = await this.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: this.urlMaxAgeSeconds }] });
    const item = fileList?.[0];
    if (item && item.status === 0 && item.tempFileURL) return { ok: true as const, tempFileURL: item.tempFileURL };
    return { ok: false as const, status: item?.status ?? -1, errMsg: item?.errMsg ?? 'no answer' };
  }

  /** A tiny marker upload, once per instance, to learn the bucket part of fileIDs. Costs no WeChat quota. */
  private async prefix(): Promise<string> {
    if (this.fileIdPrefix === undefined) {
      const { fileID } = await this.cloud.uploadFile({ cloudPath: PROBE_PATH, fileContent: Buffer.from('wxacode') });
      this.learnPrefix(fileID, PROBE_PATH);
    }
    return this.fileIdPrefix as string;
  }

  private learnPrefix(fileID: string, cloudPath: string): void {
    if (fileID.endsWith(cloudPath)) this.fileIdPrefix = fileID.slice(0, fileID.length - cloudPath.length);
  }
}
