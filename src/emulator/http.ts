import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every emulated service exposes its HTTP surface as one of these; the server tries them in order.
 * Resolves true when it answered the request, false to let the next handler try.
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
  }
}

const responses = new WeakMap<IncomingMessage, ServerResponse>();

/** The server registers each request's response, so the body reader can change how the answer ends. */
export function trackResponse(req: IncomingMessage, res: ServerResponse): void {
  responses.set(req, res);
}

/**
 * A body refused part-way was not read to its end, so the connection cannot carry another request: the rest of
 * this body would be parsed as the next one, or (kept alive) the next request waits for bytes that never come.
 * The answer goes out with `Connection: close` and the socket closes once it is sent.
 */
export function closeAfterResponse(req: IncomingMessage): void {
  const res = responses.get(req);
  if (res && !res.headersSent) res.setHeader('connection', 'close');
  else req.socket.destroySoon?.();
}

/** Reads a whole request body (chunked or not), refusing more than limitBytes (a declared length is checked first). */
export async function readBody(req: IncomingMessage, limitBytes = 20 * 1024 * 1024): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    closeAfterResponse(req);
    throw new BodyTooLargeError(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) {
      closeAfterResponse(req);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length });
  res.end(payload);
}

export function sendBytes(res: ServerResponse, status: number, body: Buffer, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  res.end(body);
}
