import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../http';
import type { FunctionRunner } from '../runner/function-runner';

export interface CallFunctionRouteOptions {
  runner: FunctionRunner;
  appid: string;
  /** openid used when the caller sends no x-wx-openid header */
  defaultOpenid: string;
}

/**
 * `POST /callFunction` {"name", "data"}: what the mini program's wx.cloud.callFunction does.
 * Success is `{result, requestID}` as wx.cloud.callFunction resolves; failures are `{errCode, errMsg}`
 * with the codes the real client rejects with.
 */
export function createCallFunctionRoute({ runner, appid, defaultOpenid }: CallFunctionRouteOptions): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/callFunction') return false;
    const reject = (status: number, errCode: number, detail: string) =>
      sendJson(res, status, { errCode, errMsg: `cloud.callFunction:fail ${errCode} ${detail}` });
    if (req.method !== 'POST') {
      reject(405, -501007, `invalid parameters. use POST with a JSON body {"name", "data"}, not ${req.method}`);
      return true;
    }
    let body: { name?: unknown; data?: unknown };
    try {
      body = JSON.parse((await readBody(req, 5 * 1024 * 1024)).toString('utf8'));
    } catch (err) {
      const why = err instanceof BodyTooLargeError ? err.message : 'the body is not JSON';
      reject(400, -501007, `invalid parameters. ${why}`);
      return true;
    }
    if (typeof body !== 'object' || body === null || typeof body.name !== 'string' || body.name === '') {
      reject(400, -501007, 'invalid parameters. body must be {"name": "<function>", "data": {...}}');
      return true;
    }
    const data = body.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      reject(400, -501007, 'invalid parameters. data must be an object');
      return true;
    }
    const openid = headerValue(req.headers['x-wx-openid']) || defaultOpenid;
    const unionid = headerValue(req.headers['x-wx-unionid']);
    // CloudBase injects the caller into the event of a mini program call.
    const event = { ...data, userInfo: { appId: appid, openId: openid } };
    const outcome = await runner.invoke(body.name, event, {
      openid,
      appid,
      unionid,
      clientIp: req.socket.remoteAddress ?? undefined,
      source: 'wx_client',
    });
    if (outcome.status === 'not-found') {
      reject(404, -501000, `[ResourceNotFound.Function] ${outcome.message}`);
    } else if (outcome.status === 'failed') {
      sendJson(res, 500, {
        errCode: -504002,
        errMsg: `cloud.callFunction:fail -504002 functions execute fail. ${outcome.errorMessage}`,
        requestID: outcome.requestId,
        ...(outcome.errorStack ? { stack: outcome.errorStack } : {}),
      });
    } else {
      sendJson(res, 200, { result: outcome.result, requestID: outcome.requestId });
    }
    return true;
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
