import { ErrCode, WxacodeError } from '../errors';
import type { RateCounter } from '../policy/policy';
import type { Clock } from '../ports';
import type { LinkRequest } from './types';

/**
 * WeChat's caps on making links, counted by the environment itself: the query APIs no longer report usage
 * (WeChat staff on the developer community, 2023-05), so nobody else knows how much of the day is left.
 * - 获取加密URLLink / 获取加密scheme码: 50万 a day, URL Link and URL Scheme together (44993 past it).
 * - 获取ShortLink: a daily cap (the current page: 1000万; older pages 100万, 45009 past it) and 10万 permanent short links
 *   ever (85400 past it). Its 85400 row reads 长期有效Scheme或short link达到生成上限10万: NFC schemes, which never expire,
 *   count against the 10万 too.
 * The counters are the caller guard's RateCounter (one conditional increment each): a request past a cap is refused
 * here with no WeChat call, and a reservation whose link was not made is taken back.
 */
export interface LinkCapLimits {
  urlLinksAndSchemesPerDay: number;
  shortLinksPerDay: number;
  permanentShortLinks: number;
}

export const DEFAULT_LINK_CAPS: LinkCapLimits = { urlLinksAndSchemesPerDay: 500_000, shortLinksPerDay: 10_000_000, permanentShortLinks: 100_000 };

export const LINK_CAP_VARIABLES = {
  urlLinksAndSchemesPerDay: 'WXACODE_URL_LINKS_PER_DAY',
  shortLinksPerDay: 'WXACODE_SHORT_LINKS_PER_DAY',
  permanentShortLinks: 'WXACODE_PERMANENT_SHORT_LINKS',
} as const;

/** The caps from the function's environment (a team whose WeChat caps differ sets them); a bad value names itself. */
export function readLinkCaps(env: Record<string, string | undefined>): LinkCapLimits {
  const caps = { ...DEFAULT_LINK_CAPS };
  for (const key of Object.keys(LINK_CAP_VARIABLES) as (keyof LinkCapLimits)[]) {
    const raw = env[LINK_CAP_VARIABLES[key]]?.trim();
    if (!raw) continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw new WxacodeError(
        ErrCode.INTERNAL,
        `environment variable ${LINK_CAP_VARIABLES[key]}: must be a whole number, at least 1; received ${JSON.stringify(raw)}. Fix it in cloudbaserc.json envVariables or the console`,
      );
    }
    caps[key] = Number(raw);
  }
  return caps;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The China-time date (YYYY-MM-DD) of an instant: WeChat's daily caps reset at 00:00 China time. */
export function chinaDay(nowMs: number): string {
  return new Date(nowMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** epoch ms of the next 00:00 China time. */
export function nextChinaMidnight(nowMs: number): number {
  return Math.floor((nowMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - CHINA_OFFSET_MS;
}

/** "00:00 China time (2026-12-08T00:00:00+08:00, in 3 h 12 min)" */
export function resumesAt(nowMs: number): string {
  const at = nextChinaMidnight(nowMs);
  const minutes = Math.ceil((at - nowMs) / 60_000);
  return `00:00 China time (${chinaDay(at)}T00:00:00+08:00, in ${Math.floor(minutes / 60)} h ${minutes % 60} min)`;
}

/** The counter keys; the day's keys expire (wxacodeHousekeeping drops them) a day after the day ends. */
export function capKeys(request: LinkRequest, nowMs: number): { key: string; limit: keyof LinkCapLimits; expiresAt: number }[] {
  const day = chinaDay(nowMs);
  const dayEnds = nextChinaMidnight(nowMs) + DAY_MS;
  // never dropped: the 10万 are for the app's whole life
  const permanent = { key: 'links:permanentShortLinks', limit: 'permanentShortLinks' as const, expiresAt: 8.64e15 };
  const urlDay = { key: `links:urlLinksAndSchemes:${day}`, limit: 'urlLinksAndSchemesPerDay' as const, expiresAt: dayEnds };
  // an NFC scheme is a URL Scheme that never expires: the day's cap and the permanent quota (获取ShortLink's 85400 row)
  if (request.api === 'urlscheme.generateNFCScheme') return [urlDay, permanent];
  if (request.api !== 'shortlink.generate') return [urlDay];
  const keys: { key: string; limit: keyof LinkCapLimits; expiresAt: number }[] = [{ key: `links:shortLinks:${day}`, limit: 'shortLinksPerDay', expiresAt: dayEnds }];
  if (request.params.isPermanent) keys.push(permanent);
  return keys;
}

export interface CapReservation {
  release(): Promise<void>;
}

export class LinkCaps {
  constructor(
    readonly limits: LinkCapLimits,
    private readonly counter: RateCounter,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  /** One unit of each cap the request counts against, or the refusal that says when it passes. */
  async reserve(request: LinkRequest): Promise<CapReservation> {
    const now = this.clock.now();
    const taken: string[] = [];
    const release = async () => {
      for (const key of taken.splice(0)) await this.counter.decrement(key).catch(() => undefined);
    };
    for (const { key, limit, expiresAt } of capKeys(request, now)) {
      if (await this.counter.take(key, this.limits[limit], expiresAt)) {
        taken.push(key);
        continue;
      }
      await release();
      throw capError(limit, this.limits[limit], now);
    }
    return { release };
  }
}

/** A refusal by this environment's own count: it already says what to do, and WeChat was not asked. */
export class LinkCapError extends WxacodeError {}

export function capError(limit: keyof LinkCapLimits, count: number, nowMs: number): WxacodeError {
  const n = count.toLocaleString('en-US');
  switch (limit) {
    case 'urlLinksAndSchemesPerDay':
      return new LinkCapError(
        ErrCode.LINK_DAILY_CAP,
        `the day's ${count === 500_000 ? '50万' : n} URL Links and URL Schemes (one cap for both, counted by this environment) are spent; generation resumes at ${resumesAt(nowMs)}. Links already made are still served from the cache; nothing was sent to WeChat`,
      );
    case 'shortLinksPerDay':
      return new LinkCapError(
        ErrCode.DAILY_LIMIT,
        `the day's ${n} Short Links (counted by this environment) are made; generation resumes at ${resumesAt(nowMs)}. Links already made are still served from the cache; nothing was sent to WeChat`,
      );
    case 'permanentShortLinks':
      return new LinkCapError(
        ErrCode.SHORT_LINK_PERMANENT_QUOTA,
        `the app's ${count === 100_000 ? '10万' : n} permanent Short Links (ever, counted by this environment, NFC schemes included) are used up; make temporary ones (isPermanent: false, 30 days) instead. Permanent links already made are still served`,
      );
  }
}
