import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { invalidParam } from './tcb-error';

export interface MultipartBody {
  text: Record<string, string>;
  binary: Record<string, Buffer>;
}

const MAX_BYTES = 20 * 1024 * 1024;

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
