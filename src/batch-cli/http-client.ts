import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { BATCH_HTTP_PATH, type BatchFailure } from '../core/batch/contract';
import { DEFAULT_TARGET, TOKEN_VARIABLE } from './args';
import { BatchCliError } from './errors';

/** wxacodeBatch answered with an errCode: the caller decides what it means (e.g. -700201 lists problems). */
export class BatchReplyError extends Error {
  constructor(
    readonly status: number,
    readonly reply: BatchFailure & Record<string, unknown>,
  ) {
    super(`wxacodeBatch answered ${status}: errCode ${reply.errCode}, ${reply.errMsg}`);
    this.name = 'BatchReplyError';
  }
}

export interface BatchClientOptions {
  target: string;
  token: string | undefined;
  /** attempts for a dropped connection or a 502/503/504 (default 4) */
  attempts?: number;
  /** first back-off, doubled each time (default 1000 ms) */
  backoffMs?: number;
  /** another function's HTTP access path (default wxacodeBatch's), and that function's name for messages */
  path?: string;
  functionName?: string;
}

const TRANSIENT_STATUS = [502, 503, 504];
const TRANSIENT_NETWORK = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET'];

/** Talks to wxacodeBatch's HTTP access path: `POST <target>/api/wxacode/batch` with a bearer token, JSON both ways. */
export class BatchClient {
  private readonly url: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly fn: string;

  constructor(private readonly options: BatchClientOptions) {
    this.url = `${options.target}${options.path ?? BATCH_HTTP_PATH}`;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 1000;
    this.fn = options.functionName ?? 'wxacodeBatch';
  }

  /** The reply of an action that succeeded (errCode 0); throws BatchReplyError for any other errCode. */
  async call<T>(body: Record<string, unknown>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(body);
      } catch (error) {
        if (attempt >= this.attempts || !isTransient(error)) throw error;
        await sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async once<T>(body: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw this.networkError(error);
    }
    const text = await response.text();
    let reply: (BatchFailure & Record<string, unknown>) | undefined;
    try {
      reply = JSON.parse(text) as BatchFailure & Record<string, unknown>;
    } catch {
      reply = undefined;
    }
    if (response.status === 401 || response.status === 403) {
      const why = reply?.errMsg ? ` (${reply.errMsg})` : '';
      throw new BatchCliError(
        this.options.token
          ? `the token was refused: ${this.url} answered ${response.status}${why}. Pass --token (or set ${TOKEN_VARIABLE}) with one of ${this.fn}'s WXACODE_HTTP_TOKENS`
          : `no token: ${this.url} answered ${response.status}${why}. Pass --token or set ${TOKEN_VARIABLE} to one of ${this.fn}'s WXACODE_HTTP_TOKENS (for npm start: WXACODE_HTTP_TOKENS=dev-token npm start, then --token dev-token)`,
      );
    }
    if (!reply || typeof reply.errCode !== 'number') {
      if (response.status === 404) {
        throw new BatchCliError(`nothing serves ${this.url} (404): deploy ${this.fn} with its HTTP access path ${this.options.path ?? BATCH_HTTP_PATH} (npm run deploy), or for npm start rebuild with npm run build and restart it`);
      }
      if (TRANSIENT_STATUS.includes(response.status)) throw new TransientError(`${this.url} answered ${response.status}`);
      throw new BatchCliError(`${this.url} answered ${response.status} with something that is not ${this.fn}'s JSON: ${text.slice(0, 200)}`);
    }
    if (reply.errCode !== 0) {
      if (TRANSIENT_STATUS.includes(response.status) && reply.errCode === -1) throw new TransientError(`${this.url}: errCode -1 ${reply.errMsg}`);
      throw new BatchReplyError(response.status, reply);
    }
    return reply as T;
  }

  /** Streams a code image into `file` through a temporary name, so an interrupted download leaves no half image. */
  async download(url: string, file: string): Promise<string> {
    const partial = `${file}.part`;
    for (let attempt = 1; ; attempt++) {
      try {
        let response: Response;
        try {
          response = await fetch(url);
        } catch (error) {
          throw this.networkError(error);
        }
        if (response.status !== 200 || !response.body) {
          if (TRANSIENT_STATUS.includes(response.status)) throw new TransientError(`GET ${url} answered ${response.status}`);
          throw new BatchCliError(`downloading ${url} answered ${response.status}; run the command again to ask for fresh URLs`);
        }
        await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
        await rename(partial, file);
        return response.headers.get('content-type') ?? '';
      } catch (error) {
        await rm(partial, { force: true });
        if (attempt >= this.attempts || !isTransient(error)) throw error;
        await sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private networkError(error: unknown): Error {
    const code = causeCode(error);
    if (code === 'ECONNREFUSED') {
      const hint =
        this.options.target === DEFAULT_TARGET
          ? 'Start the emulator with npm start (in another terminal), or pass --target with your CloudBase environment\'s HTTP access domain'
          : 'Check --target: is the emulator running on that port (npm start), or is that your environment\'s HTTP access domain?';
      return new BatchCliError(`nothing is listening at ${this.options.target} (connection refused). ${hint}`);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new BatchCliError(`cannot find the host of ${this.options.target} (${code}); check --target`);
    if (code && TRANSIENT_NETWORK.includes(code)) return new TransientError(`${this.url}: ${code}`);
    return new BatchCliError(`could not reach ${this.url}: ${code ?? (error as Error).message}`);
  }
}

class TransientError extends Error {}

function isTransient(error: unknown): boolean {
  return error instanceof TransientError;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
