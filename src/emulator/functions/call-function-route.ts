import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../http';
import { LIMIT_ERR_CODE, TcbError } from '../gateway/tcb-error';
import type { FunctionRunner } from '../runner/function-runner';

export interface CallFunctionRouteOptions {
  runner: FunctionRunner;
  appid: string;
  /** openid used when the caller sends no x-wx-openid header */
  defaultOpenid: string;
  /** before each invocation: throws CloudBase's refusal when the environment's limits are reached, counts the call otherwise */
  beforeInvoke?: () => void;
}

/** The header that makes a /callFunction call a trusted, server-side one. */
export const CALLER_HEADER = 'x-wx-caller';
export const TRUSTED_CALLER = 'trusted';

/**
 * `POST /callFunction` {"name", "data"}: what the mini program's wx.cloud.callFunction does.
 * With `x-wx-caller: trusted` it is instead what another cloud function's cloud.callFunction (or the console) does:
 * no user, so getWXContext() has no OPENID and the event carries no userInfo.
 * Success is `{result, requestID}` as wx.cloud.callFunction resolves; failures are `{errCode, errMsg}`
 * with the codes the real client rejects with.
 */
export function createCallFunctionRoute({ runner, appid, defaultOpenid, beforeInvoke }: CallFunctionRouteOptions): RouteHandler {
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
    const callerHeader = headerValue(req.headers[CALLER_HEADER]);
    if (callerHeader !== undefined && callerHeader !== TRUSTED_CALLER) {
      reject(400, -501007, `invalid parameters. ${CALLER_HEADER} must be "${TRUSTED_CALLER}" (a server-side caller with no user), got ${JSON.stringify(callerHeader)}; omit it to call as a mini program user`);
      return true;
    }
    const trusted = callerHeader === TRUSTED_CALLER;
    if (trusted && (req.headers['x-wx-openid'] !== undefined || req.headers['x-wx-unionid'] !== undefined)) {
      reject(400, -501007, `invalid parameters. ${CALLER_HEADER}: ${TRUSTED_CALLER} calls without a user; drop x-wx-openid / x-wx-unionid, or drop ${CALLER_HEADER} to call as that user`);
      return true;
    }
    try {
      beforeInvoke?.();
    } catch (err) {
      const errCode = err instanceof TcbError ? LIMIT_ERR_CODE[err.code] : undefined;
      if (errCode === undefined) throw err;
      reject(429, errCode, (err as TcbError).message);
      return true;
    }
    let outcome;
    if (trusted) {
      // as functions.invokeFunction from another function: the appid only, and the data as the event
      outcome = await runner.invoke(body.name, data, { appid, source: 'scf' });
    } else {
      const openid = headerValue(req.headers['x-wx-openid']) || defaultOpenid;
      const unionid = headerValue(req.headers['x-wx-unionid']);
      // CloudBase injects the caller into the event of a mini program call.
      const event = { ...data, userInfo: { appId: appid, openId: openid } };
      outcome = await runner.invoke(body.name, event, {
        openid,
        appid,
        unionid,
        clientIp: req.socket.remoteAddress ?? undefined,
        source: 'wx_client',
      });
    }
    if (outcome.status === 'not-found') {
      reject(404, -501000, `[ResourceNotFound.Function] ${outcome.message}`);
    } else if (outcome.status === 'refused') {
      reject(413, -501007, `invalid parameters. ${outcome.message}`);
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
