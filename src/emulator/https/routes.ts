import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendBytes, sendJson, type RouteHandler } from '../http';
import { MAX_EVENT_DEPTH, nestingDepth } from '../runner/event-limits';
import { WechatErrcode, wechatErrorBody, type WechatErrcodeValue } from '../wechat/errors';
import type { LinkApi } from '../wechat/links';
import type { WechatService, WxacodeApi } from '../wechat/types';
import { createTokenStore, type TokenStore } from './tokens';

export interface WechatHttpsRoutesOptions {
  service: WechatService;
  appid: string;
  appSecret: string;
  now?: () => number;
}

/** WeChat's code URLs and the cloud-call names the service knows them by. */
export const CODE_ROUTES: Readonly<Record<string, WxacodeApi>> = {
  '/wxa/getwxacode': 'wxacode.get',
  '/wxa/getwxacodeunlimit': 'wxacode.getUnlimited',
  '/cgi-bin/wxaapp/createwxaqrcode': 'wxacode.createQRCode',
};

/**
 * WeChat's link URLs (获取加密URLLink, 查询加密URLLink, 获取加密scheme码, 查询scheme码, 获取NFC的小程序scheme, 获取ShortLink) and
 * the cloud-call names the service knows them by. They answer JSON: snake_case in, snake_case out.
 */
export const LINK_ROUTES: Readonly<Record<string, LinkApi>> = {
  '/wxa/generate_urllink': 'urllink.generate',
  '/wxa/query_urllink': 'urllink.query',
  '/wxa/generatescheme': 'urlscheme.generate',
  '/wxa/queryscheme': 'urlscheme.query',
  '/wxa/generatenfcscheme': 'urlscheme.generateNFCScheme',
  '/wxa/genwxashortlink': 'shortlink.generate',
};

/** Code requests are a few hundred bytes of JSON; anything near this is not a code request. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * WeChat's HTTPS API for codes and links (api.weixin.qq.com): access tokens, the three code endpoints and the six link ones.
 * Like WeChat, every answer is HTTP 200; failures are a JSON {errcode, errmsg}. Paths it does not own
 * are left to the next handler.
 */
export function createWechatHttpsRoutes(options: WechatHttpsRoutesOptions): RouteHandler {
  const { service, appid, appSecret } = options ?? ({} as WechatHttpsRoutesOptions);
  if (!service || typeof service.call !== 'function') throw new Error('createWechatHttpsRoutes: service must be a WechatService');
  if (typeof appid !== 'string' || appid === '') throw new Error('createWechatHttpsRoutes: appid must be a non-empty string');
  if (typeof appSecret !== 'string' || appSecret === '') throw new Error('createWechatHttpsRoutes: appSecret must be a non-empty string');
  const now = options.now ?? Date.now;
  const tokens = createTokenStore(now);
  const fail = (res: ServerResponse, errcode: WechatErrcodeValue) => sendJson(res, 200, wechatErrorBody(errcode, now()));

  return async (req, res, url) => {
    const path = url.pathname;
    const api = Object.prototype.hasOwnProperty.call(CODE_ROUTES, path) ? CODE_ROUTES[path] : Object.prototype.hasOwnProperty.call(LINK_ROUTES, path) ? LINK_ROUTES[path] : undefined;
    if (path !== '/cgi-bin/token' && path !== '/cgi-bin/stable_token' && !api) return false;
    try {
      if (path === '/cgi-bin/token') {
        if (req.method !== 'GET') fail(res, WechatErrcode.REQUIRE_GET);
        else answerToken(res, Object.fromEntries(url.searchParams), 'plain');
      } else if (req.method !== 'POST') {
        await drain(req);
        fail(res, WechatErrcode.REQUIRE_POST);
      } else if (path === '/cgi-bin/stable_token') {
        const body = await readJsonObject(req);
        if (!body) fail(res, WechatErrcode.DATA_FORMAT_ERROR);
        else answerToken(res, body, 'stable');
      } else if (api) {
        await answerCode(req, res, url, api);
      }
    } catch {
      if (!res.headersSent) fail(res, WechatErrcode.SYSTEM_ERROR);
      else res.destroy();
    }
    return true;
  };

  function answerToken(res: ServerResponse, input: Record<string, unknown>, kind: 'plain' | 'stable'): void {
    const { grant_type: grantType, appid: askedAppid, secret, force_refresh: forceRefresh } = input;
    if (grantType !== 'client_credential') return fail(res, WechatErrcode.INVALID_GRANT_TYPE);
    if (askedAppid === undefined || askedAppid === '') return fail(res, WechatErrcode.APPID_MISSING);
    if (secret === undefined || secret === '') return fail(res, WechatErrcode.APPSECRET_MISSING);
    if (askedAppid !== appid) return fail(res, WechatErrcode.INVALID_APPID);
    if (secret !== appSecret) return fail(res, WechatErrcode.INVALID_APPSECRET);
    if (forceRefresh !== undefined && typeof forceRefresh !== 'boolean') return fail(res, WechatErrcode.INVALID_ARGS);
    sendJson(res, 200, tokens.issue(kind, forceRefresh === true));
  }

  async function answerCode(req: IncomingMessage, res: ServerResponse, url: URL, api: WxacodeApi | LinkApi): Promise<void> {
    const tokenProblem = checkToken(tokens, url.searchParams.get('access_token'));
    if (tokenProblem) {
      await drain(req);
      return fail(res, tokenProblem);
    }
    const body = await readJsonObject(req);
    if (!body) return fail(res, WechatErrcode.DATA_FORMAT_ERROR);
    const reply = await service.call(api, body, 'https');
    if (reply.ok) sendBytes(res, 200, reply.buffer, reply.contentType);
    else sendJson(res, 200, { errcode: reply.errcode, errmsg: reply.errmsg });
  }
}

// WeChat answers 41001 "access_token missing" for an absent token; this emulator folds it into 40001
// as the project brief asks, since both mean "get a token first"
function checkToken(tokens: TokenStore, token: string | null): WechatErrcodeValue | undefined {
  const state = token ? tokens.check(token) : 'unknown';
  if (state === 'unknown') return WechatErrcode.INVALID_CREDENTIAL;
  if (state === 'expired') return WechatErrcode.ACCESS_TOKEN_EXPIRED;
  return undefined;
}

/**
 * WeChat parses the body as JSON whatever the content-type says, and refuses anything else
 * (form posts, empty bodies, arrays) with 47001.
 */
async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return undefined;
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    // nested past what any runtime can serialize again (the call log, the UI): a data format error like any other
    if (nestingDepth(parsed, MAX_EVENT_DEPTH + 1) > MAX_EVENT_DEPTH) return undefined;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// answering before the body is read can reset the connection under the client; read and drop it
async function drain(req: IncomingMessage): Promise<void> {
  try {
    await readBody(req, BODY_LIMIT_BYTES);
  } catch {
    // a body we refuse anyway; its size does not matter
  }
}
