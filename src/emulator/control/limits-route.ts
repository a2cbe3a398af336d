import { readPolicy } from '../../core/policy/read-policy';
import { sendJson, type RouteHandler } from '../http';
import { readFunctionEnvVariables } from '../runner/cloudbaserc';
import type { DatabaseState } from '../state/database-state';
import type { WechatService } from '../wechat/types';

/** where the functions count new codes per user (src/adapters/wx-server-sdk/rate-counter.ts) */
export const RATE_LIMIT_COLLECTION = 'wxacode_rate_limits';

export interface LimitsRouteOptions {
  wechat: WechatService;
  database: DatabaseState;
  /** cloudbaserc.json, whose envVariables set the functions' per-user rate (WXACODE_RATE_LIMIT) */
  cloudbasercPath: string;
  now?: () => number;
}

export interface PerUserWindow {
  /** the counter's _id: a hash of the OPENID (never the OPENID itself) and the window's start */
  key: string;
  count: number;
  windowStart?: number;
  expiresAt?: number;
}

/**
 *   GET /_emulator/limits   how much of every limit is used:
 *     lifetimeQuota          WeChat's get + createQRCode codes for the app's lifetime {used, limit, left}
 *     getUnlimitedPerMinute  getUnlimited calls in the sliding minute {used, limit}
 *     perUser                the functions' own limit of new codes per user and its open windows
 *     getDailyCap            wxacode.get codes made today, Beijing time {used, limit, left}
 *     links                  WeChat's link caps used today (URL Link + URL Scheme, Short Link, permanent, per second, opens)
 */
export function createLimitsRoute({ wechat, database, cloudbasercPath, now = Date.now }: LimitsRouteOptions): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/_emulator/limits') return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: `use GET ${url.pathname}, not ${req.method}` });
      return true;
    }
    const usage = wechat.usage?.();
    const at = now();
    const windows: PerUserWindow[] = (database.documents(RATE_LIMIT_COLLECTION) ?? [])
      .map((doc) => {
        const key = String(doc._id);
        const start = Number(key.split(':')[1]);
        return {
          key,
          count: Number(doc.count) || 0,
          ...(Number.isFinite(start) ? { windowStart: start } : {}),
          ...(typeof doc.expiresAt === 'number' ? { expiresAt: doc.expiresAt } : {}),
        };
      })
      .filter((w) => w.expiresAt === undefined || w.expiresAt > at)
      .sort((a, b) => b.count - a.count);
    sendJson(res, 200, {
      at,
      lifetimeQuota: usage ? { ...usage.lifetimeQuota, left: usage.lifetimeQuota.limit - usage.lifetimeQuota.used } : null,
      getUnlimitedPerMinute: usage ? usage.getUnlimitedPerMinute : null,
      perUser: { ...perUserLimit(cloudbasercPath), windows },
      getDailyCap: usage ? { ...usage.getDaily, left: usage.getDaily.limit - usage.getDaily.used } : null,
      links: usage?.links ?? null,
    });
    return true;
  };
}

function perUserLimit(cloudbasercPath: string): { limit: number | null; windowSeconds: number | null; problem?: string } {
  try {
    const policy = readPolicy(readFunctionEnvVariables(cloudbasercPath, 'wxacodeGetUnlimited'), undefined);
    const rate = policy.newCodesPerOpenid;
    return rate ? { limit: rate.limit, windowSeconds: rate.windowSeconds } : { limit: null, windowSeconds: null };
  } catch (error) {
    return { limit: null, windowSeconds: null, problem: (error as Error).message };
  }
}
