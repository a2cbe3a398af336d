import type { ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendBytes, type RouteHandler } from '../http';
import type { StorageState } from '../state/storage-state';
import { contentTypeFor } from './content-type';
import type { TokenSigner } from './signed-token';

export interface CosRouteOptions {
  storage: StorageState;
  signer: TokenSigner;
  /** largest object accepted by PUT */
  maxObjectBytes?: number;
  /** told of every object stored or served: cos.put / cos.get, the bytes, the function the upload URL was handed to */
  onTransfer?: (action: 'cos.put' | 'cos.get', bytes: number, caller: string | undefined) => void;
}

/**
 * The object-storage side: `PUT /cos/upload/<token>` (the SDK's upload) and
 * `GET|HEAD /cos/download/<token>` (temp URLs). Errors use COS's XML shape, the only one the SDK parses.
 */
export function createCosRoute({ storage, signer, maxObjectBytes = 50 * 1024 * 1024, onTransfer }: CosRouteOptions): RouteHandler {
  return async (req, res, url) => {
    const match = /^\/cos\/(upload|download)\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      if (!url.pathname.startsWith('/cos/')) return false;
      sendCosError(res, 404, 'NoSuchKey', `no such object URL: ${url.pathname}`);
      return true;
    }
    const [, kind, token] = match;
    if (kind === 'upload') {
      if (req.method !== 'PUT') return methodNotAllowed(res, req.method, 'PUT');
      const claims = signer.verify(token, 'upload');
      if ('problem' in claims) return forbidden(res, claims.problem);
      let bytes: Buffer;
      try {
        bytes = await readBody(req, maxObjectBytes);
      } catch (err) {
        if (!(err instanceof BodyTooLargeError)) throw err;
        sendCosError(res, 400, 'EntityTooLarge', err.message);
        return true;
      }
      await storage.put({ cloudPath: claims.cloudPath, bytes, contentType: contentTypeFor(claims.cloudPath), uploadedAt: Date.now() });
      onTransfer?.('cos.put', bytes.length, claims.caller);
      // The SDK reads an empty 200 as success (§4.1).
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, req.method, 'GET');
    const claims = signer.verify(token, 'download');
    if ('problem' in claims) return forbidden(res, claims.problem);
    const file = storage.get(claims.cloudPath);
    if (!file) {
      sendCosError(res, 404, 'NoSuchKey', `The specified key does not exist: ${claims.cloudPath}`);
      return true;
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length });
      res.end();
    } else {
      sendBytes(res, 200, file.bytes, file.contentType);
      // whoever fetches a temporary URL (a phone, a browser), the bytes go out of the environment's CDN
      onTransfer?.('cos.get', file.bytes.length, undefined);
    }
    return true;
  };
}

function forbidden(res: ServerResponse, problem: string): true {
  sendCosError(res, 403, 'AccessDenied', problem);
  return true;
}

function methodNotAllowed(res: ServerResponse, method: string | undefined, allowed: string): true {
  sendCosError(res, 405, 'MethodNotAllowed', `${method} is not allowed here; use ${allowed}`);
  return true;
}

function sendCosError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>emulator</RequestId><TraceId>emulator</TraceId></Error>`;
  sendBytes(res, status, Buffer.from(xml), 'application/xml');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
