import { sendJson, type RouteHandler } from '../http';
import type { EmulatorState } from '../state/emulator-state';
import { decodeImage } from '../wechat/decode-image';
import { fileIdOf } from '../storage/file-id';
import { fileContentUrl } from './data-routes';

/** where the functions index the codes they made (src/adapters/wx-server-sdk/code-index.ts) */
export const CODE_INDEX_COLLECTION = 'wxacode_codes';

export interface StoredCode {
  /** the code's identity: the SHA-256 of its normalized request */
  _id: string;
  api: string;
  fileID: string;
  cloudPath: string;
  contentType: string;
  bytes: number;
  createdAt: number;
  /** what WeChat received for it, read back from the image's QR payload; null if the image is gone or unreadable */
  received: Record<string, unknown> | null;
  /** GET this for the image; null when the file is missing */
  url: string | null;
}

/**
 *   GET    /_emulator/codes         {codes: StoredCode[]}: every code in the cache index, newest first
 *   DELETE /_emulator/codes/<_id>   forgets one code: its index document and its image; the next request makes it anew
 */
export function createCodesRoute({ state, envId }: { state: EmulatorState; envId: string }): RouteHandler {
  // decoding a QR costs a few ms; a stored image never changes under the same path and upload time
  const payloads = new Map<string, Record<string, unknown> | null>();
  const receivedOf = (cloudPath: string): Record<string, unknown> | null => {
    const file = state.storage.get(cloudPath);
    if (!file) return null;
    const cacheKey = `${cloudPath}\u0000${file.uploadedAt}`;
    if (!payloads.has(cacheKey)) {
      let received: Record<string, unknown> | null = null;
      try {
        const text = decodeImage(file.bytes).text;
        received = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        received = null;
      }
      payloads.set(cacheKey, received);
    }
    return payloads.get(cacheKey) ?? null;
  };

  return async (req, res, url) => {
    if (url.pathname !== '/_emulator/codes' && !url.pathname.startsWith('/_emulator/codes/')) return false;
    const docs = state.database.documents(CODE_INDEX_COLLECTION) ?? [];
    if (url.pathname === '/_emulator/codes' && req.method === 'GET') {
      // a document whose file is stored is a made code; one without is a claim (being made, or its maker died)
      const codes: StoredCode[] = docs
        .filter((doc) => typeof doc.cloudPath === 'string' && state.storage.get(doc.cloudPath))
        .map((doc) => {
          const cloudPath = doc.cloudPath as string;
          const file = state.storage.get(cloudPath)!;
          return {
            _id: String(doc._id),
            api: String(doc.api),
            fileID: fileIdOf(envId, cloudPath),
            cloudPath,
            contentType: String(doc.contentType),
            bytes: file.bytes.length,
            createdAt: file.uploadedAt,
            received: receivedOf(cloudPath),
            url: fileContentUrl(cloudPath),
          };
        })
        .sort((a, b) => b.createdAt - a.createdAt);
      sendJson(res, 200, { codes });
      return true;
    }
    const id = decodeURIComponent(url.pathname.slice('/_emulator/codes/'.length));
    if (req.method === 'DELETE' && id) {
      const index = docs.findIndex((doc) => String(doc._id) === id);
      if (index < 0) {
        sendJson(res, 404, { error: `no stored code "${id}"; GET /_emulator/codes lists them` });
        return true;
      }
      const doc = docs[index];
      // the file is the code: without it the next request makes the code anew, and its document goes with it
      if (typeof doc.cloudPath === 'string') await state.storage.delete(doc.cloudPath);
      await state.database.removeAt(CODE_INDEX_COLLECTION, [index]);
      sendJson(res, 200, { deleted: true, _id: id });
      return true;
    }
    sendJson(res, 405, { error: `use GET /_emulator/codes or DELETE /_emulator/codes/<_id>, not ${req.method} ${url.pathname}` });
    return true;
  };
}
