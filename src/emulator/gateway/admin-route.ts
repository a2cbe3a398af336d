import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendBytes, sendJson, type RouteHandler } from '../http';
import { callerFunctionOf } from '../runner/function-environment';
import { readMultipart } from './multipart';
import { TcbError, invalidParam } from './tcb-error';
import { BinaryReply, type AdminActions, type AdminRequest } from './types';

export interface AdminRouteOptions {
  /** default `/admin`; must match the URL put in TCB_CONTEXT_CNFG */
  path?: string;
  envId: string;
  /** http://127.0.0.1:<port>: the base of the URLs actions hand out */
  baseUrl: string;
  actions: AdminActions;
  /**
   * Called for every request to a known action before it runs, with the function whose process sent it (from its
   * credentials; undefined for other clients). Throwing a TcbError refuses the request with it (the emulated limits).
   */
  beforeAction?: (action: string, caller: string | undefined) => void;
}

/**
 * The exact content-type node-sdk checks to read a wx.openApi reply as a TCB error (§3.3); JSON
 * actions accept it too, so every error goes out with it.
 */
const TCB_ERROR_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The CloudBase `/admin` endpoint: one POST per SDK call, dispatched on `action`. */
export function createAdminRoute(options: AdminRouteOptions): RouteHandler {
  const path = options.path ?? '/admin';
  return async (req, res, url) => {
    if (url.pathname !== path) return false;
    const requestId = randomUUID();
    try {
      if (req.method !== 'POST') throw invalidParam(`${req.method} is not supported on ${path}; the SDK always POSTs`);
      const request = await parseAdminRequest(req, requestId, options.baseUrl);
      checkEnv(request, url, options.envId);
      const handler = Object.prototype.hasOwnProperty.call(options.actions, request.action)
        ? options.actions[request.action]
        : undefined;
      if (!handler) {
        throw invalidParam(
          `unknown action "${request.action}"; this emulator supports: ${Object.keys(options.actions).sort().join(', ')}`,
        );
      }
      request.caller = callerFunctionOf(req.headers.authorization);
      options.beforeAction?.(request.action, request.caller);
      const data = await handler(request);
      if (data instanceof BinaryReply) sendBytes(res, 200, data.body, data.contentType);
      else sendJson(res, 200, { requestId, data });
    } catch (err) {
      sendTcbError(res, requestId, err);
    }
    return true;
  };
}

async function parseAdminRequest(req: IncomingMessage, requestId: string, origin: string): Promise<AdminRequest> {
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const body = await readMultipart(req);
    if (!body.text.action) throw invalidParam('missing "action" part in multipart body');
    return { action: body.text.action, params: body.text, binaryParts: body.binary, requestId, origin };
  }
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw invalidParam(err.message);
    throw err;
  }
  let params: unknown;
  try {
    params = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidParam('request body is not valid JSON');
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalidParam('request body must be a JSON object');
  }
  const record = params as Record<string, unknown>;
  if (typeof record.action !== 'string' || record.action === '') throw invalidParam('missing "action" in request body');
  return { action: record.action, params: record, binaryParts: {}, requestId, origin };
}

/** A function initialised with another env would reach a different CloudBase env; say so instead of mixing data. */
function checkEnv(request: AdminRequest, url: URL, envId: string): void {
  const asked = url.searchParams.get('env') || (typeof request.params.envName === 'string' ? request.params.envName : '');
  if (asked && asked !== envId) {
    throw new TcbError('INVALIID_ENV', `env "${asked}" does not exist; this emulator serves env "${envId}"`);
  }
}

function sendTcbError(res: ServerResponse, requestId: string, err: unknown): void {
  const body =
    err instanceof TcbError
      ? { code: err.code, message: err.message, requestId }
      : { code: 'SYS_ERR', message: `emulator error: ${(err as Error)?.message ?? String(err)}`, requestId };
  if (!(err instanceof TcbError)) console.error('[emulator] /admin failed:', err);
  sendJson(res, 200, body, TCB_ERROR_CONTENT_TYPE);
}
