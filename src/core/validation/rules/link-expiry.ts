import { ErrCode } from '../../errors';
import type { LinkExpiry } from '../../links/types';
import { reject } from '../reject';

/**
 * 小程序链接生成与使用规则调整公告 (2022-04) and 获取加密URLLink / 获取加密scheme码: every URL Link and URL Scheme
 * expires, at most 30 days after it is made: expire_type 0 with expire_time (Unix seconds) or 1 with
 * expire_interval (days, 1-30); 85401 when the expiry is not between 1 minute and 30 days. WeChat once cut a
 * longer expire_time to 30 days without a word: here it is refused, with the date it would have become.
 */
export const LINK_MAX_LIFETIME_SECONDS = 30 * 86_400;
export const LINK_MIN_LIFETIME_SECONDS = 60;
export const LINK_MAX_INTERVAL_DAYS = 30;
/** No expiry given: the longest WeChat allows, so the cache can serve the link for as long as possible. */
export const DEFAULT_LINK_EXPIRY: LinkExpiry = { expireType: 1, expireInterval: LINK_MAX_INTERVAL_DAYS };

export interface ExpiryFields {
  expireType?: unknown;
  expireTime?: unknown;
  expireInterval?: unknown;
}

export interface CheckedExpiry {
  expiry: LinkExpiry;
  /** epoch ms the link stops opening */
  expiresAt: number;
}

const CODE = ErrCode.LINK_INVALID_EXPIRY;

export function checkLinkExpiry(fields: ExpiryFields, nowMs: number): CheckedExpiry {
  const { expireType, expireTime, expireInterval } = fields;
  if (expireType !== undefined && expireType !== 0 && expireType !== 1) {
    throw reject(CODE, 'expireType', 'must be 0 (expire at expireTime) or 1 (expire after expireInterval days)', expireType);
  }
  if (expireTime !== undefined && expireInterval !== undefined) {
    throw reject(CODE, 'expireTime, expireInterval', 'pass one, not both', { expireTime, expireInterval }, 'expireTime is a Unix time in seconds; expireInterval a number of days');
  }
  const type = expireType ?? (expireTime !== undefined ? 0 : expireInterval !== undefined ? 1 : undefined);
  if (type === undefined) return { expiry: DEFAULT_LINK_EXPIRY, expiresAt: nowMs + LINK_MAX_INTERVAL_DAYS * 86_400_000 };
  if (type === 0) {
    if (expireInterval !== undefined) throw reject(CODE, 'expireInterval', 'only applies with expireType 1', expireInterval, 'With expireType 0 pass expireTime');
    if (expireTime === undefined) throw reject(CODE, 'expireTime', 'is required with expireType 0', undefined, 'Pass a Unix time in seconds at most 30 days ahead, or expireInterval in days');
    return { expiry: { expireType: 0, expireTime: checkExpireTime(expireTime, nowMs) }, expiresAt: (expireTime as number) * 1000 };
  }
  if (expireTime !== undefined) throw reject(CODE, 'expireTime', 'only applies with expireType 0', expireTime, 'With expireType 1 pass expireInterval in days');
  if (expireInterval === undefined) throw reject(CODE, 'expireInterval', 'is required with expireType 1', undefined, 'Pass a number of days from 1 to 30');
  if (typeof expireInterval !== 'number' || !Number.isInteger(expireInterval) || expireInterval < 1 || expireInterval > LINK_MAX_INTERVAL_DAYS) {
    throw reject(CODE, 'expireInterval', `must be a whole number of days from 1 to ${LINK_MAX_INTERVAL_DAYS}`, expireInterval, 'Links always expire now, at most 30 days after they are made: make a new one when it runs out');
  }
  return { expiry: { expireType: 1, expireInterval }, expiresAt: nowMs + expireInterval * 86_400_000 };
}

function checkExpireTime(value: unknown, nowMs: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw reject(CODE, 'expireTime', 'must be a whole Unix time in seconds', value, 'e.g. Math.floor(Date.now() / 1000) + 7 * 86400');
  }
  if (value > 1e11) {
    throw reject(CODE, 'expireTime', 'must be in seconds, not milliseconds', value, `Did you mean ${Math.floor(value / 1000)}? (Math.floor(ms / 1000))`);
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  const lifetime = value - nowSeconds;
  if (lifetime < LINK_MIN_LIFETIME_SECONDS) {
    throw reject(CODE, 'expireTime', `must be at least 1 minute ahead (it is ${lifetime < 0 ? `${-lifetime} s in the past` : `${lifetime} s ahead`}; now is ${new Date(nowSeconds * 1000).toISOString()})`, value);
  }
  if (lifetime > LINK_MAX_LIFETIME_SECONDS) {
    const cut = new Date((nowSeconds + LINK_MAX_LIFETIME_SECONDS) * 1000).toISOString();
    throw reject(
      CODE,
      'expireTime',
      `must be at most 30 days ahead (it is ${new Date(value * 1000).toISOString()}, ${howFarAhead(lifetime)} ahead); WeChat would have cut the link to ${cut} without a word`,
      value,
      'Links always expire now (小程序链接生成与使用规则调整公告, 2022-04): pass an expireTime within 30 days, or expireInterval: 30, and make a new link when it runs out',
    );
  }
  return value;
}

/** "31.0 days", but "30 days and 5 s" when only a little over: "30.0 days" would read as allowed */
function howFarAhead(lifetimeSeconds: number): string {
  const over = lifetimeSeconds - LINK_MAX_LIFETIME_SECONDS;
  if (over < 120) return `30 days and ${over} s`;
  if (over < 3_600) return `30 days and ${Math.floor(over / 60)} min`;
  return `${(lifetimeSeconds / 86_400).toFixed(1)} days`;
}
