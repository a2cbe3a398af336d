import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { FUNCTIONS, type FunctionSpec } from '../../functions/catalog';
import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../http';
import { TcbError } from '../gateway/tcb-error';
import type { FunctionRunner } from '../runner/function-runner';
import { toIntegrationRequest } from './integration-request';
import { toHttpReply } from './integration-response';

export interface HttpAccessRoute {
  /** the trigger path, e.g. /api/weapp/qrcode */
  path: string;
  functionName: string;
}

export interface HttpAccessRouteOptions {
  runner: FunctionRunner;
  envId: string;
  /** default: every catalog function with an httpPath, as `npm run deploy` creates them */
  routes?: readonly HttpAccessRoute[];
  /** before each invocation: throws CloudBase's refusal when the environment's limits are reached, counts the call otherwise */
  beforeInvoke?: () => void;
}

/** SCF's limit on a synchronous event is 6 MB; the service refuses larger requests before any function runs. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

export function catalogRoutes(functions: readonly FunctionSpec[] = FUNCTIONS): HttpAccessRoute[] {
  return functions.flatMap((f) => (f.httpPath ? [{ path: f.httpPath, functionName: f.name }] : []));
}

/** A trigger path also serves the paths below it, as the service matches by path prefix. */
function matches(routePath: string, requestPath: string): boolean {
  const base = routePath.replace(/\/+$/, '');
  return requestPath === base || requestPath.startsWith(`${base}/`) || (base === '' && requestPath.startsWith('/'));
}

/**
 * CloudBase's HTTP access service: a request on a trigger path runs the function with the integration
 * request as its event, in the same warm-process runner as /callFunction, and the function's return value
 * becomes the HTTP response. Paths without a trigger, or whose function is not built, are left to the next handler.
 */
export function createHttpAccessRoute({ runner, envId, routes = catalogRoutes(), beforeInvoke }: HttpAccessRouteOptions): RouteHandler {
  // the longest trigger path wins when paths nest
  const ordered = [...routes].sort((a, b) => b.path.length - a.path.length);
  return async (req, res, url) => {
    const route = ordered.find((r) => matches(r.path, url.pathname));
    if (!route || !existsSync(runner.functionFile(route.functionName))) return false;
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, MAX_REQUEST_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      sendJson(res, 413, { code: 'REQUEST_TOO_LARGE', message: err.message });
      return true;
    }
    try {
      beforeInvoke?.();
    } catch (err) {
      if (!(err instanceof TcbError)) throw err;
      // the HTTP access service's own codes (云开发 错误码, 通用错误): EXCEED_RATELIMIT 请求速率超过所购买套餐的 QPS 配额
      sendJson(res, 429, { code: err.code === 'EXCEED_CONCURRENT_REQUEST_LIMIT' ? 'EXCEED_RATELIMIT' : err.code, message: err.message });
      return true;
    }
    const event = toIntegrationRequest(req, url, rawBody, { requestId: randomUUID(), envId });
    // an HTTP caller has no WeChat identity: no OPENID reaches the function
    const outcome = await runner.invoke(route.functionName, event, { clientIp: req.socket.remoteAddress ?? undefined });
    if (outcome.status === 'not-found') return sendNotFound(res, outcome.message);
    if (outcome.status === 'refused') {
      sendJson(res, 413, { code: 'EXCEED_MAX_PAYLOAD_SIZE', message: outcome.message });
      return true;
    }
    if (outcome.status === 'failed') {
      sendJson(res, 502, {
        code: outcome.timedOut ? 'FUNCTION_TIMEOUT' : 'FUNCTION_EXECUTE_FAIL',
        message: outcome.errorMessage,
        requestId: outcome.requestId,
      });
      return true;
    }
    const reply = toHttpReply(outcome.result);
    res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length });
    res.end(req.method === 'HEAD' ? undefined : reply.body);
    return true;
  };
}

// the bundle vanished between the check and the call (a rebuild in progress): answer rather than fall through,
// since the body has been read and no later handler could use the request
function sendNotFound(res: Parameters<RouteHandler>[1], message: string): true {
  sendJson(res, 404, { code: 'FUNCTION_NOT_FOUND', message });
  return true;
}
