import { randomBytes } from 'node:crypto';
import type { LinkKind, LinkRecord, LinksState } from '../../state/links-state';
import { WechatErrcode, type WechatErrcodeValue } from '../errors';
import { DAY_MS, chinaDay, createSlidingWindowLimiter, requireCount } from '../limits';
import type { FaultSettings, LinkUsage } from '../types';
import {
  checkBooleanField,
  checkCloudBase,
  checkExpiry,
  checkJumpWxa,
  checkNfcDevice,
  checkPageTitle,
  checkPageUrl,
  checkTarget,
  fail,
  LinkRuleViolation,
  SHORTLINK_TITLE_SHOWN_CHARS,
  DAY_SECONDS,
  MAX_EXPIRY_DAYS,
} from './link-rules';
import { describe, isAbsent } from '../rules';
import { parseGenerated } from './link-format';
import { openLink, type OpenOptions, type OpenResult } from './link-open';

/** The link APIs by their cloud-call names (wx-server-sdk joins `cloud.openapi.<namespace>.<method>` with a dot). */
export const LINK_APIS = [
  'urllink.generate',
  'urllink.query',
  'urlscheme.generate',
  'urlscheme.query',
  'urlscheme.generateNFCScheme',
  'shortlink.generate',
] as const;
export type LinkApi = (typeof LINK_APIS)[number];

const GENERATORS: readonly LinkApi[] = ['urllink.generate', 'urlscheme.generate', 'urlscheme.generateNFCScheme', 'shortlink.generate'];
/** the APIs whose doc tables list 44990 (100 calls a second) and 44993 (the shared 50万 a day) */
const SHARED_CAP_APIS: readonly LinkApi[] = ['urllink.generate', 'urlscheme.generate', 'urlscheme.generateNFCScheme'];

/** 获取加密URLLink / 获取加密scheme码: 每天生成 URL Scheme（加密+明文）和 URL Link 的总数量上限为50万 */
export const DEFAULT_LINKS_DAILY_CAP = 500_000;
/** 获取加密URLLink errcode 44990: 频率过快，超过100次/秒 */
export const DEFAULT_LINKS_RATE_PER_SECOND = 100;
/** 获取ShortLink: 单天生成上限 1000万 on the current page (older pages: 100万, e-commerce only) */
export const DEFAULT_SHORTLINK_DAILY_CAP = 10_000_000;
/** 获取ShortLink errcode 85400: 长期有效 Short Link 达到生成上限 10万 (the community's 获取 NFC 的小程序 scheme notice counts permanent schemes in) */
export const DEFAULT_PERMANENT_QUOTA = 100_000;
/**
 * Opening cap (85406). The current guides 获取加密 URL Link / 获取 URL Scheme say 600万 a day; the API pages and the
 * 2023-12 《URL Scheme 和 URL Link 优化公告》 say 300万. The current guide wins.
 */
export const DEFAULT_OPEN_DAILY_CAP = 6_000_000;

export interface LinkServiceOptions {
  appPages: () => readonly string[];
  appid: string;
  /** what a Short Link shows as the mini program's name: `#小程序://<appName>/…` */
  appName: string;
  /** the CloudBase environment a URL Link's cloud_base may name (85088 otherwise) */
  envId: string;
  state: LinksState;
  now?: () => number;
  dailyCap?: number;
  ratePerSecond?: number;
  shortLinkDailyCap?: number;
  permanentQuota?: number;
  openDailyCap?: number;
  /**
   * pages declared in the MP backend (设置 → 隐私与安全 → 明文Scheme拉起此小程序) for plain-text schemes; '*' declares
   * every page. Called on every use so a setting can change at run time. Default: none.
   */
  plainTextSchemePages?: () => readonly string[] | '*';
}

export type LinkOutcome =
  | { ok: true; json: Record<string, unknown> }
  | { ok: false; errcode: WechatErrcodeValue; reason: string; errmsg?: string };

export interface LinkService {
  handles(apiName: string): apiName is LinkApi;
  call(api: LinkApi, params: Record<string, unknown>, faults: FaultSettings): Promise<LinkOutcome>;
  /** what opening `link` would do (GET /_emulator/links/open); an opening that succeeds counts against the day's opens */
  open(link: string, options?: OpenOptions): Promise<OpenResult>;
  usage(): LinkUsage;
  /** every link made, oldest first */
  list(): LinkRecord[];
  /** forgets the per-second window (the stored links and day counts go with the state's reset) */
  reset(): void;
}

export function createLinkService(options: LinkServiceOptions): LinkService {
  const now = options.now ?? Date.now;
  const caps = {
    daily: options.dailyCap ?? DEFAULT_LINKS_DAILY_CAP,
    perSecond: options.ratePerSecond ?? DEFAULT_LINKS_RATE_PER_SECOND,
    shortLinkDaily: options.shortLinkDailyCap ?? DEFAULT_SHORTLINK_DAILY_CAP,
    permanent: options.permanentQuota ?? DEFAULT_PERMANENT_QUOTA,
    opens: options.openDailyCap ?? DEFAULT_OPEN_DAILY_CAP,
  };
  for (const [field, value] of Object.entries(caps)) requireCount(value, field);
  const { state, appid } = options;
  const rate = createSlidingWindowLimiter(caps.perSecond, 1000, now);
  const plainTextPages = options.plainTextSchemePages ?? (() => []);

  const today = () => dayOf(now());
  const shared = (day: string) => {
    const counts = state.countsOn(day);
    return counts.urlLink + counts.urlScheme + counts.nfcScheme;
  };
  const remainVisitQuota = () => Math.max(0, caps.opens - state.countsOn(today()).opens);

  function newTicket(length: number): string {
    for (;;) {
      const ticket = base62(length);
      if (!state.get(ticket)) return ticket;
    }
  }

  async function generate(api: LinkApi, params: Record<string, unknown>): Promise<LinkOutcome> {
    const pages = options.appPages();
    const nowSeconds = Math.floor(now() / 1000);
    const day = today();
    let record: LinkRecord;
    if (api === 'urllink.generate') {
      const target = checkTarget(params, '', pages);
      const { expireTime } = checkExpiry(params, nowSeconds);
      const cloudBase = checkCloudBase(params.cloud_base, options.envId);
      const ticket = newTicket(11);
      record = { ticket, kind: 'urlLink', link: `https://wxaurl.cn/${ticket}`, ...target, createTime: nowSeconds, expireTime, permanent: false, ...(cloudBase ? { cloudBase } : {}) };
    } else if (api === 'urlscheme.generate') {
      const target = checkJumpWxa(params.jump_wxa, pages);
      const { expireTime } = checkExpiry(params, nowSeconds);
      const ticket = newTicket(12);
      record = { ticket, kind: 'urlScheme', link: `weixin://dl/business/?t=${ticket}`, ...target, createTime: nowSeconds, expireTime, permanent: false };
    } else if (api === 'urlscheme.generateNFCScheme') {
      const target = checkJumpWxa(params.jump_wxa, pages);
      const device = checkNfcDevice(params);
      const existing = state.nfcSchemeOf(device.modelId, device.sn);
      // WeChat's developer community: a second scheme for the same device answers 9800010 "schema已存在 schema: <the first>"
      if (existing) fail(WechatErrcode.NFC_SCHEME_EXISTS, `model_id ${JSON.stringify(device.modelId)}${device.sn ? ` sn ${JSON.stringify(device.sn)}` : ''} already has ${existing.link}`);
      const ticket = newTicket(12);
      // an NFC tag is written once: its scheme does not expire, and counts against the permanent quota
      record = { ticket, kind: 'nfcScheme', link: `weixin://dl/business/?t=${ticket}`, ...target, createTime: nowSeconds, expireTime: 0, permanent: true, modelId: device.modelId, ...(device.sn ? { sn: device.sn } : {}) };
    } else {
      const { path, query } = checkPageUrl(params.page_url, pages);
      const title = checkPageTitle(params.page_title);
      const permanent = checkBooleanField(params.is_permanent, 'is_permanent') ?? false;
      const code = newTicket(15);
      const shown = [...title].length > SHORTLINK_TITLE_SHOWN_CHARS ? `${[...title].slice(0, SHORTLINK_TITLE_SHOWN_CHARS).join('')}...` : title;
      const link = `#小程序://${options.appName}/${shown ? `${shown}/` : ''}${code}`;
      // 获取ShortLink: 临时 Short Link 有效期 30 天
      record = { ticket: code, kind: 'shortLink', link, path, query, envVersion: 'release', createTime: nowSeconds, expireTime: permanent ? 0 : nowSeconds + MAX_EXPIRY_DAYS * DAY_SECONDS, permanent, ...(title ? { pageTitle: title } : {}) };
    }

    if (SHARED_CAP_APIS.includes(api) && shared(day) >= caps.daily) {
      const resetsAt = nextChinaMidnightIso(now());
      return {
        ok: false,
        errcode: WechatErrcode.LINK_DAILY_LIMIT,
        reason: `the day's ${caps.daily.toLocaleString('en-US')} URL Links + URL Schemes (WXACODE_EMULATOR_LINKS_DAILY_CAP) are made; new ones from ${resetsAt}`,
        errmsg: `reach max api daily quota limit, resets at ${resetsAt}`,
      };
    }
    if (api === 'shortlink.generate' && state.countsOn(day).shortLink >= caps.shortLinkDaily) {
      const resetsAt = nextChinaMidnightIso(now());
      return {
        ok: false,
        errcode: WechatErrcode.MINUTE_FREQ_LIMIT,
        reason: `the day's ${caps.shortLinkDaily.toLocaleString('en-US')} Short Links (WXACODE_EMULATOR_SHORTLINK_DAILY_CAP) are made; new ones from ${resetsAt}`,
        errmsg: `reach max api daily quota limit, resets at ${resetsAt}`,
      };
    }
    if (record.permanent && state.permanentCount() >= caps.permanent) {
      fail(WechatErrcode.PERMANENT_QUOTA_LIMIT, `the app's ${caps.permanent.toLocaleString('en-US')} permanent Short Links / NFC schemes (WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA) are made; make temporary ones (30 days)`);
    }
    await state.add(record, day);
    if (record.kind === 'urlLink') return { ok: true, json: { errcode: 0, errmsg: 'ok', url_link: record.link } };
    if (record.kind === 'shortLink') return { ok: true, json: { errcode: 0, errmsg: 'ok', link: record.link } };
    return { ok: true, json: { errcode: 0, errmsg: 'ok', openlink: record.link } };
  }

  function query(api: LinkApi, params: Record<string, unknown>): LinkOutcome {
    const field = api === 'urllink.query' ? 'url_link' : 'scheme';
    const type = isAbsent(params.query_type) ? 0 : params.query_type;
    // 查询加密URLLink / 查询scheme码: query_type 0 查询信息, 1 查询每天剩余访问次数
    if (type !== 0 && type !== 1) fail(WechatErrcode.INVALID_ARGS, `query_type must be 0 (the link's details) or 1 (visits left today), got ${describe(type)}`);
    const quotaInfo = { remain_visit_quota: remainVisitQuota() };
    const value = params[field];
    if (type === 1 && isAbsent(value)) return { ok: true, json: { errcode: 0, errmsg: 'ok', quota_info: quotaInfo } };
    if (typeof value !== 'string' || value === '') fail(WechatErrcode.INVALID_ARGS, `${field} is required: the link as generate answered it, got ${describe(value)}`);
    const parsed = parseGenerated(value);
    if (api === 'urlscheme.query' && parsed?.kind === 'plainText') {
      const { path, query: plainQuery, envVersion, appid: linkAppid } = parsed;
      const declared = plainTextPages();
      if (linkAppid !== appid || (declared !== '*' && !declared.includes(path))) {
        fail(WechatErrcode.PLAINTEXT_SCHEME_NOT_ENABLED, `plain-text schemes are not enabled for ${linkAppid === appid ? `page ${JSON.stringify(path)}` : `appid ${JSON.stringify(linkAppid)}`} (WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES)`);
      }
      return { ok: true, json: { errcode: 0, errmsg: 'ok', scheme_info: { appid, path, query: plainQuery, create_time: 0, expire_time: 0, env_version: envVersion }, quota_info: quotaInfo } };
    }
    const wanted: LinkKind[] = api === 'urllink.query' ? ['urlLink'] : ['urlScheme', 'nfcScheme'];
    if (!parsed || parsed.kind === 'plainText' || !wanted.includes(parsed.kind)) {
      fail(WechatErrcode.INVALID_ARGS, `${field} must be a ${api === 'urllink.query' ? 'URL Link (https://wxaurl.cn/…)' : 'URL Scheme (weixin://dl/business/?t=…)'}, got ${describe(value)}`);
    }
    const record = state.get(parsed.ticket);
    if (!record || !wanted.includes(record.kind)) fail(WechatErrcode.LINK_NOT_FOUND, `no link with ticket ${JSON.stringify(parsed.ticket)} was made by this app`);
    if (type === 1) return { ok: true, json: { errcode: 0, errmsg: 'ok', quota_info: quotaInfo } };
    const info = { appid, path: record.path, query: record.query, create_time: record.createTime, expire_time: record.expireTime, env_version: record.envVersion };
    if (api === 'urllink.query') {
      const cloudBase = record.cloudBase ?? { env: '', domain: '', path: '', query: '', resource_appid: '' };
      return { ok: true, json: { errcode: 0, errmsg: 'ok', url_link_info: { ...info, cloud_base: cloudBase }, quota_info: quotaInfo } };
    }
    return { ok: true, json: { errcode: 0, errmsg: 'ok', scheme_info: info, quota_info: quotaInfo } };
  }

  return {
    handles: (apiName): apiName is LinkApi => (LINK_APIS as readonly string[]).includes(apiName),
    async call(api, params, faults) {
      if (faults.linkErrcode !== 0) {
        return { ok: false, errcode: faults.linkErrcode as WechatErrcodeValue, reason: `forced by fault linkErrcode=${faults.linkErrcode}` };
      }
      const generating = GENERATORS.includes(api);
      // 获取加密URLLink: 只能生成已发布的小程序的 URL Link (85079 miniprogram has no online release)
      if (generating && faults.appUnreleased) {
        return { ok: false, errcode: WechatErrcode.NO_ONLINE_RELEASE, reason: 'the app has no released version (fault appUnreleased)' };
      }
      // 44990 is at the gateway: every admitted call counts, valid or not, as getUnlimited's per-minute limit does
      if (SHARED_CAP_APIS.includes(api) && !rate.tryAdmit()) {
        return { ok: false, errcode: WechatErrcode.LINK_SECOND_FREQ_LIMIT, reason: `more than ${caps.perSecond} link calls in the last second (WXACODE_EMULATOR_LINKS_RATE_PER_SECOND)` };
      }
      try {
        return generating ? await generate(api, params) : query(api, params);
      } catch (error) {
        if (error instanceof LinkRuleViolation) return { ok: false, errcode: error.errcode, reason: error.reason };
        throw error;
      }
    },
    async open(link, openOptions = {}) {
      return openLink(link, openOptions, {
        appid,
        now: now(),
        find: (ticket) => state.get(ticket),
        plainTextPages: plainTextPages(),
        appPages: options.appPages(),
        remainVisitQuota: remainVisitQuota(),
        countOpen: () => state.addOpen(today()),
      });
    },
    usage() {
      const day = today();
      const counts = state.countsOn(day);
      return {
        day,
        resetsAt: nextChinaMidnightIso(now()),
        urlLinksAndSchemes: { used: shared(day), limit: caps.daily, urlLinks: counts.urlLink, urlSchemes: counts.urlScheme + counts.nfcScheme },
        shortLinks: { used: counts.shortLink, limit: caps.shortLinkDaily },
        permanentLinks: { used: state.permanentCount(), limit: caps.permanent },
        perSecond: { used: rate.inWindow(), limit: caps.perSecond },
        opens: { used: counts.opens, limit: caps.opens },
      };
    },
    list: () => state.all(),
    reset: () => rate.reset(),
  };
}

/** the China-time day of `ms`, YYYY-MM-DD */
export function dayOf(ms: number): string {
  return new Date(chinaDay(ms) * DAY_MS).toISOString().slice(0, 10);
}

/** the next midnight in Beijing after `ms`, as 2026-12-08T00:00:00+08:00 */
export function nextChinaMidnightIso(ms: number): string {
  return `${new Date((chinaDay(ms) + 1) * DAY_MS).toISOString().slice(0, 10)}T00:00:00+08:00`;
}

// WeChat's tickets are short base62 strings (https://wxaurl.cn/BQZRrcFCPvg)
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // 62 * 4 = 248: bytes at or above it are skipped so every character is equally likely
  for (const byte of bytes) {
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === length) return out;
  }
  return out + base62(length - out.length);
}
