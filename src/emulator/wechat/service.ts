import { setTimeout as sleep } from 'node:timers/promises';
import type { AppPages } from './app-pages';
import { DAILY_LIMIT_ERRMSG, LINK_ERRMSG, WechatErrcode, wechatErrorBody, type WechatErrcodeValue } from './errors';
import { createFaultController } from './faults';
import { createDailyCap, createLifetimeQuota, createMinuteRateLimiter, createUnpublishedPageCap } from './limits';
import { renderCode } from './render';
import { checkCall } from './rules';
import { LINK_APIS, type LinkService } from './links';
import { WECHAT_JSON_CONTENT_TYPE, type FaultSettings, type WechatCall, type WechatReply, type WechatService, type WxacodeApi } from './types';

export interface WechatServiceOptions {
  /** pages + subpackage pages of miniprogram/app.json; called on every check so edits apply at once */
  appPages: () => AppPages;
  /** codes get + createQRCode may make together; default 100000 (获取小程序码 / 获取小程序二维码) */
  lifetimeQuota?: number;
  /** getUnlimited calls admitted per sliding minute; default 5000 (获取不限制的小程序码: 5000次/分钟) */
  ratePerMinute?: number;
  /** codes wxacode.get may make per day (Beijing time); default 10000 (获取小程序码: 1 万/天) */
  getDailyCap?: number;
  /** distinct pages outside app.json getUnlimited accepts under check_path=false; default 60000 (获取不限制的小程序码, check_path) */
  unpublishedPageCap?: number;
  faults?: Partial<FaultSettings>;
  now?: () => number;
  /** URL Link, URL Scheme and Short Link APIs (src/emulator/wechat/links); without it they answer 48001 like any unknown API */
  links?: LinkService;
  /** drives systemErrorRate; inject a seeded one for deterministic faults */
  random?: () => number;
  /** how latencyMs is waited out; tests inject one they resolve themselves */
  sleep?: (ms: number) => Promise<unknown>;
}

export const DEFAULT_LIFETIME_QUOTA = 100_000;
export const DEFAULT_RATE_PER_MINUTE = 5_000;
export const DEFAULT_UNPUBLISHED_PAGE_CAP = 60_000;
export const DEFAULT_GET_DAILY_CAP = 10_000;

const APIS: readonly WxacodeApi[] = ['wxacode.get', 'wxacode.createQRCode', 'wxacode.getUnlimited'];

type Outcome = { reply: WechatReply; reason?: string };

/**
 * The simulated WeChat behind both the cloud-call route and the HTTPS API. Order of checks, chosen to
 * match where the real service enforces each one:
 *   unknown api (48001) -> forced limits -> per-minute frequency (gateway level, counts every admitted
 *   getUnlimited call, valid or not) -> random system error -> parameter rules -> lifetime quota (taken only
 *   by a code actually made) -> draw.
 */
export function createWechatService(options: WechatServiceOptions): WechatService {
  if (!options || typeof options.appPages !== 'function') {
    throw new Error('createWechatService: options.appPages must be a function returning {pages: string[]}');
  }
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const faults = createFaultController(options.faults);
  const quota = createLifetimeQuota(options.lifetimeQuota ?? DEFAULT_LIFETIME_QUOTA);
  const minuteRate = createMinuteRateLimiter(options.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE, now);
  const pageCap = createUnpublishedPageCap(options.unpublishedPageCap ?? DEFAULT_UNPUBLISHED_PAGE_CAP);
  const getDaily = createDailyCap(options.getDailyCap ?? DEFAULT_GET_DAILY_CAP, now);
  let log: WechatCall[] = [];

  const refuse = (errcode: WechatErrcodeValue, reason: string, errmsg?: string): Outcome => ({
    reply: { ok: false, ...wechatErrorBody(errcode, now(), errmsg) },
    reason,
  });

  const appPageList = (): readonly string[] => {
    const pages = options.appPages()?.pages;
    if (!Array.isArray(pages)) throw new Error('appPages() must return {pages: string[]}');
    return pages;
  };

  async function answerLink(apiName: string, params: Record<string, unknown>): Promise<Outcome> {
    const links = options.links!;
    const settings = faults.get();
    if (settings.systemErrorRate > 0 && random() < settings.systemErrorRate) {
      return refuse(WechatErrcode.SYSTEM_ERROR, 'injected by fault systemErrorRate');
    }
    if (!links.handles(apiName)) throw new Error(`not a link api: ${apiName}`);
    const outcome = await links.call(apiName, params, settings);
    if (!outcome.ok) return refuse(outcome.errcode, outcome.reason, outcome.errmsg ?? LINK_ERRMSG[outcome.errcode]);
    const json = outcome.json;
    return { reply: { ok: true, contentType: WECHAT_JSON_CONTENT_TYPE, buffer: Buffer.from(JSON.stringify(json)), json } };
  }

  async function answer(apiName: string, params: Record<string, unknown>): Promise<Outcome> {
    if (options.links?.handles(apiName)) return answerLink(apiName, params);
    // an API the app holds no permission for; WeChat's cloud call answers 48001 rather than 404
    if (!(APIS as readonly string[]).includes(apiName)) {
      const known = [...APIS, ...(options.links ? LINK_APIS : [])];
      return refuse(WechatErrcode.API_UNAUTHORIZED, `unknown api ${JSON.stringify(apiName)}; known: ${known.join(', ')}`);
    }
    const api = apiName as WxacodeApi;
    const settings = faults.get();
    const unlimited = api === 'wxacode.getUnlimited';
    if (unlimited && settings.force45009) return refuse(WechatErrcode.MINUTE_FREQ_LIMIT, 'forced by fault force45009');
    if (!unlimited && settings.force45029) return refuse(WechatErrcode.LIFETIME_LIMIT, 'forced by fault force45029');
    if (unlimited && !minuteRate.tryAdmit()) {
      return refuse(WechatErrcode.MINUTE_FREQ_LIMIT, 'more getUnlimited calls than ratePerMinute in the last minute');
    }
    if (settings.systemErrorRate > 0 && random() < settings.systemErrorRate) {
      return refuse(WechatErrcode.SYSTEM_ERROR, 'injected by fault systemErrorRate');
    }

    const checked = checkCall(api, params, appPageList);
    if (!checked.ok) return refuse(checked.errcode, checked.reason);
    const request = checked.request;
    if (request.unpublishedPage !== undefined && !pageCap.allows(request.unpublishedPage)) {
      return refuse(WechatErrcode.INVALID_ARGS, 'too many distinct unpublished pages under check_path=false');
    }
    if (!unlimited && quota.remaining() <= 0) {
      return refuse(WechatErrcode.LIFETIME_LIMIT, 'get + createQRCode lifetime quota is used up');
    }
    if (api === 'wxacode.get' && getDaily.remaining() <= 0) {
      return refuse(
        WechatErrcode.MINUTE_FREQ_LIMIT,
        "wxacode.get's daily cap (getDailyCap) is used up; it resets at midnight Beijing time, the next day",
        DAILY_LIMIT_ERRMSG,
      );
    }

    // the payload is what WeChat received, untouched, so a decoded test image shows exactly that
    // Taken before drawing, which now yields the event loop: calls in flight together must not all see the last
    // code as still free. A drawing that fails gives it back, as a code never made costs nothing.
    if (!unlimited) quota.tryConsume();
    if (api === 'wxacode.get') getDaily.tryConsume();
    // a page counts against the cap once accepted, before drawing for the same reason
    if (request.unpublishedPage !== undefined) pageCap.remember(request.unpublishedPage);
    try {
      const image = await renderCode(JSON.stringify({ api, ...params }), {
        width: request.width,
        color: request.color,
        transparent: request.transparent,
      });
      return { reply: { ok: true, contentType: image.contentType, buffer: image.buffer } };
    } catch (error) {
      if (!unlimited) quota.giveBack();
      if (api === 'wxacode.get') getDaily.giveBack();
      throw error;
    }
  }

  return {
    faults,
    async call(apiName, params, via) {
      const at = now();
      const received = snapshot(params);
      const { latencyMs } = faults.get();
      if (latencyMs > 0) await wait(latencyMs);
      let outcome: Outcome;
      if (typeof received !== 'object' || received === null || Array.isArray(received)) {
        outcome = refuse(WechatErrcode.DATA_FORMAT_ERROR, 'params must be a JSON object');
      } else {
        try {
          outcome = await answer(String(apiName), received as Record<string, unknown>);
        } catch (error) {
          // a broken app.json or an unrenderable payload: WeChat would say "system error", never hang
          outcome = refuse(WechatErrcode.SYSTEM_ERROR, `emulator failure: ${(error as Error).message}`);
        }
      }
      const { reply, reason } = outcome;
      log.push({
        api: String(apiName),
        params: (received ?? {}) as Record<string, unknown>,
        via,
        at,
        errcode: reply.ok ? 0 : reply.errcode,
        ...(reason !== undefined ? { reason } : {}),
      });
      return reply;
    },
    calls: () => log.slice(),
    usage: () => ({
      lifetimeQuota: { used: quota.limit - quota.remaining(), limit: quota.limit },
      getUnlimitedPerMinute: { used: minuteRate.inWindow(), limit: minuteRate.limit },
      getDaily: { used: getDaily.limit - getDaily.remaining(), limit: getDaily.limit },
      ...(options.links ? { links: options.links.usage() } : {}),
    }),
    reset(resetOptions) {
      log = [];
      minuteRate.reset();
      options.links?.reset();
      if (resetOptions?.resetQuota) {
        quota.reset();
        getDaily.reset();
        pageCap.reset();
      }
    },
  };
}

// a copy, so a caller mutating its object afterwards cannot rewrite what WeChat "received"
function snapshot(params: unknown): unknown {
  try {
    return structuredClone(params);
  } catch {
    return params;
  }
}
