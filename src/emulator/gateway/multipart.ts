import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { closeAfterResponse } from '../http';
import { invalidParam } from './tcb-error';

export interface MultipartBody {
  text: Record<string, string>;
  binary: Record<string, Buffer>;
}

const MAX_BYTES = 20 * 1024 * 1024;
/** the whole body, parts and framing together: many parts each under MAX_BYTES must not add up to any size */
export const MAX_MULTIPART_BYTES = MAX_BYTES;

/**
 * Parses wx.openApi's chunked multipart body. `requestData` is protobuf sent as a part without a
 * filename; busboy 1.x treats application/octet-stream parts as files (kept as bytes) even without one,
 * so they arrive on the 'file' event and are never decoded as text.
 */
export function readMultipart(req: IncomingMessage): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: MAX_BYTES, fieldSize: MAX_BYTES },
      });
    } catch (err) {
      reject(invalidParam(`malformed multipart request: ${(err as Error).message}`));
      return;
    }
    const tooLarge = () => {
      closeAfterResponse(req);
      return invalidParam(`multipart request body is larger than ${MAX_MULTIPART_BYTES} bytes`);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_MULTIPART_BYTES) {
      reject(tooLarge());
      return;
    }
    let received = 0;
    const countBytes = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= MAX_MULTIPART_BYTES) return;
      // stop parsing and buffering; the rest of the body is discarded and the connection closes after the answer
      req.off('data', countBytes);
      req.unpipe(parser);
      parser.destroy();
      req.resume();
      reject(tooLarge());
    };
    req.on('data', countBytes);
    const body: MultipartBody = { text: {}, binary: {} };
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      body.text[name] = value;
    });
    parser.on('file', (name, stream) => {
      pending.push(
        new Promise((done, fail) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('limit', () => fail(invalidParam(`multipart part "${name}" is larger than ${MAX_BYTES} bytes`)));
          stream.on('error', fail);
          stream.on('end', () => {
            body.binary[name] = Buffer.concat(chunks);
            done();
          });
        }),
      );
    });
    parser.on('error', (err: Error) => reject(invalidParam(`malformed multipart request: ${err.message}`)));
    parser.on('close', () => {
      Promise.all(pending).then(() => resolve(body), reject);
    });
    req.pipe(parser);
  });
}
