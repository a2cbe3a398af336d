import { WechatErrcode, type WechatErrcodeValue } from '../errors';
import { describe, ENV_VERSIONS, isAbsent } from '../rules';

/**
 * The parameter rules of WeChat's link APIs, each with the errcode its doc table gives. `reason` is the emulator's
 * own words for the call log and the UI; WeChat's errmsg never names the field.
 */

export const LINK_QUERY_MAX_CHARS = 1024;
/** 获取加密URLLink / 获取加密scheme码: query 只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~% */
export const LINK_QUERY_CHARSET = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
/** 获取加密URLLink: 最长有效期为30天; 《小程序链接生成与使用规则调整公告》 (2022-04): no link lives longer */
export const MAX_EXPIRY_DAYS = 30;
/** 获取加密URLLink / 获取加密scheme码 errcode 85401: 有效时间超过30天或小于1分钟 */
export const MIN_EXPIRY_SECONDS = 60;
export const DAY_SECONDS = 86_400;
/** 获取ShortLink: page_url 最大1024个字符 */
export const SHORTLINK_PAGE_URL_MAX_CHARS = 1024;
/** 获取ShortLink: page_title 超过20字符会用... 截断显示 */
export const SHORTLINK_TITLE_SHOWN_CHARS = 20;
/** 《URL Scheme 和 URL Link 优化公告》 (2023-12): cq 最大256个字符, same characters as query, URL-encoded */
export const CQ_MAX_CHARS = 256;
/** 获取 URL Scheme, 明文 URL Scheme: query 最大512个字符 (URL-encoded) */
export const PLAINTEXT_QUERY_MAX_CHARS = 512;

export class LinkRuleViolation {
  constructor(
    readonly errcode: WechatErrcodeValue,
    readonly reason: string,
  ) {}
}

export function fail(errcode: WechatErrcodeValue, reason: string): never {
  throw new LinkRuleViolation(errcode, reason);
}

export interface Target {
  /** a page of the app, no leading slash */
  path: string;
  query: string;
  envVersion: string;
}

export interface Expiry {
  /** Unix seconds */
  expireTime: number;
}

/**
 * path: 必须是已经发布的小程序存在的页面，不可携带 query；path 为空时会跳转小程序主页 (获取加密URLLink, 获取加密scheme码).
 * WeChat's own examples write it with a leading slash ("/pages/publishHomework/publishHomework"), so one is accepted.
 */
export function checkLinkPath(value: unknown, field: string, pages: readonly string[]): string {
  if (isAbsent(value) || value === '') {
    const home = pages[0];
    if (home === undefined) fail(WechatErrcode.INVALID_WEAPP_PAGEPATH, 'the app declares no pages, so it has no home page to open');
    return home;
  }
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_WEAPP_PAGEPATH, `${field} must be a string, got ${describe(value)}`);
  if (value.includes('?')) fail(WechatErrcode.INVALID_WEAPP_PAGEPATH, `${field} must not carry a query (put it in query): ${describe(value)}`);
  const page = value.replace(/^\//, '');
  if (!pages.includes(page)) {
    fail(WechatErrcode.INVALID_WEAPP_PAGEPATH, `${field} ${describe(value)} is not a page of the released app (its pages: ${pages.slice(0, 8).join(', ')}${pages.length > 8 ? ', …' : ''})`);
  }
  return page;
}

/** query: 最大1024个字符，只支持数字，大小写英文以及部分特殊字符; 40212 invalid query: query格式遵循URL标准，即k1=v1&k2=v2 */
export function checkLinkQuery(value: unknown, field: string): string {
  if (isAbsent(value) || value === '') return '';
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_LINK_QUERY, `${field} must be a string like "a=1&b=2", got ${describe(value)}`);
  const length = [...value].length;
  if (length > LINK_QUERY_MAX_CHARS) fail(WechatErrcode.INVALID_LINK_QUERY, `${field} must be at most ${LINK_QUERY_MAX_CHARS} characters, it has ${length}`);
  if (!LINK_QUERY_CHARSET.test(value)) {
    const bad = [...value].find((c) => !LINK_QUERY_CHARSET.test(c));
    fail(WechatErrcode.INVALID_LINK_QUERY, `${field} may hold only digits, letters and !#$&'()*+,/:;=?@-._~% (URL-encode the rest), not ${JSON.stringify(bad)}`);
  }
  const malformed = value.split('&').find((pair) => !/^[^=&]+=[^&]*$/.test(pair));
  if (malformed !== undefined) fail(WechatErrcode.INVALID_LINK_QUERY, `${field} must be in the form k1=v1&k2=v2; ${JSON.stringify(malformed)} is not a key=value pair`);
  return value;
}

/** env_version: 正式版为"release"，体验版为"trial"，开发版为"develop"; 85402 invalid env_version */
export function checkLinkEnvVersion(value: unknown, field: string): string {
  if (isAbsent(value) || value === '') return 'release';
  if (typeof value !== 'string' || !(ENV_VERSIONS as readonly string[]).includes(value)) {
    fail(WechatErrcode.INVALID_ENV_VERSION, `${field} must be one of ${ENV_VERSIONS.join(', ')}, got ${describe(value)}`);
  }
  return value;
}

/**
 * expire_type 0 + expire_time (Unix seconds) or 1 + expire_interval (days); 85401: 有效时间超过30天或小于1分钟
 * (获取加密URLLink, 获取加密scheme码). `is_expire` is obsolete since 《小程序链接生成与使用规则调整公告》: every link expires, so
 * it is ignored, and a link asked for without an expiry lasts the longest allowed, 30 days.
 */
export function checkExpiry(params: Record<string, unknown>, nowSeconds: number): Expiry {
  const type = isAbsent(params.expire_type) ? 0 : params.expire_type;
  const latest = nowSeconds + MAX_EXPIRY_DAYS * DAY_SECONDS;
  if (type === 0) {
    const time = params.expire_time;
    if (isAbsent(time)) return { expireTime: latest };
    if (typeof time !== 'number' || !Number.isInteger(time)) fail(WechatErrcode.INVALID_EXPIRE_TIME, `expire_time must be a Unix time in whole seconds, got ${describe(time)}`);
    if (time < nowSeconds + MIN_EXPIRY_SECONDS || time > latest) {
      fail(
        WechatErrcode.INVALID_EXPIRE_TIME,
        `expire_time must be from 1 minute to ${MAX_EXPIRY_DAYS} days ahead (${nowSeconds + MIN_EXPIRY_SECONDS} to ${latest}), got ${time} (${secondsToIso(time)})`,
      );
    }
    return { expireTime: time };
  }
  if (type === 1) {
    const days = params.expire_interval;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
      fail(WechatErrcode.INVALID_EXPIRE_TIME, `expire_interval must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}, got ${describe(days)}`);
    }
    return { expireTime: nowSeconds + days * DAY_SECONDS };
  }
  return fail(WechatErrcode.INVALID_ARGS, `expire_type must be 0 (expire_time) or 1 (expire_interval), got ${describe(type)}`);
}

export function checkTarget(source: Record<string, unknown>, prefix: string, pages: readonly string[]): Target {
  return {
    path: checkLinkPath(source.path, `${prefix}path`, pages),
    query: checkLinkQuery(source.query, `${prefix}query`),
    envVersion: checkLinkEnvVersion(source.env_version, `${prefix}env_version`),
  };
}

/** jump_wxa of 获取加密scheme码 / 获取NFC的小程序scheme: optional; absent opens the home page */
export function checkJumpWxa(value: unknown, pages: readonly string[]): Target {
  if (isAbsent(value)) return checkTarget({}, 'jump_wxa.', pages);
  if (typeof value !== 'object' || Array.isArray(value)) fail(WechatErrcode.INVALID_ARGS, `jump_wxa must be an object {path, query, env_version}, got ${describe(value)}`);
  return checkTarget(value as Record<string, unknown>, 'jump_wxa.', pages);
}

/** cloud_base of 获取加密URLLink; 85088: 该小程序未开通云开发 (the env must be one this app has) */
export function checkCloudBase(value: unknown, envId: string): { env: string; domain: string; path: string; query: string; resource_appid: string } | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(WechatErrcode.INVALID_ARGS, `cloud_base must be an object {env, domain, path, query, resource_appid}, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  const text = (key: string, required = false): string => {
    const raw = record[key];
    if (isAbsent(raw) || raw === '') {
      if (required) fail(WechatErrcode.INVALID_ARGS, `cloud_base.${key} is required`);
      return '';
    }
    if (typeof raw !== 'string') fail(WechatErrcode.INVALID_ARGS, `cloud_base.${key} must be a string, got ${describe(raw)}`);
    return raw;
  };
  const env = text('env', true);
  if (env !== envId) fail(WechatErrcode.CLOUDBASE_NOT_ENABLED, `cloud_base.env ${JSON.stringify(env)} is not a CloudBase environment of this app (the emulator's is ${JSON.stringify(envId)})`);
  const path = text('path');
  if (path.includes('?')) fail(WechatErrcode.INVALID_ARGS, `cloud_base.path must not carry a query (put it in cloud_base.query): ${JSON.stringify(path)}`);
  return { env, domain: text('domain'), path, query: text('query'), resource_appid: text('resource_appid') };
}

export function checkBooleanField(value: unknown, field: string): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') fail(WechatErrcode.INVALID_ARGS, `${field} must be true or false, got ${describe(value)}`);
  return value;
}

/** 获取ShortLink: page_url 通过 Short Link 进入的小程序页面路径，必须是已经发布的小程序存在的页面，可携带 query，最大1024个字符; 40066 invalid url */
export function checkPageUrl(value: unknown, pages: readonly string[]): { path: string; query: string } {
  if (isAbsent(value) || value === '') fail(WechatErrcode.INVALID_SHORTLINK_URL, 'page_url is required: a page of the app, with its query if any');
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_SHORTLINK_URL, `page_url must be a string, got ${describe(value)}`);
  const length = [...value].length;
  if (length > SHORTLINK_PAGE_URL_MAX_CHARS) fail(WechatErrcode.INVALID_SHORTLINK_URL, `page_url must be at most ${SHORTLINK_PAGE_URL_MAX_CHARS} characters, it has ${length}`);
  const at = value.indexOf('?');
  const rawPath = at < 0 ? value : value.slice(0, at);
  const query = at < 0 ? '' : value.slice(at + 1);
  const path = rawPath.replace(/^\//, '');
  if (!pages.includes(path)) fail(WechatErrcode.INVALID_SHORTLINK_URL, `page_url's page ${JSON.stringify(rawPath)} is not a page of the released app`);
  if (!LINK_QUERY_CHARSET.test(query)) {
    const bad = [...query].find((c) => !LINK_QUERY_CHARSET.test(c));
    fail(WechatErrcode.INVALID_SHORTLINK_URL, `page_url's query may hold only digits, letters and !#$&'()*+,/:;=?@-._~% (URL-encode the rest), not ${JSON.stringify(bad)}`);
  }
  return { path, query };
}

/**
 * 获取ShortLink: page_title 页面标题，不能包含违法信息，超过20字符会用... 截断代替; 40225 invalid page title. The emulator
 * has no list of illegal words; it refuses what the link itself could not show: line breaks, control characters and
 * "/", which would split the `#小程序://name/title/code` form.
 */
export function checkPageTitle(value: unknown): string {
  if (isAbsent(value) || value === '') return '';
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_PAGE_TITLE, `page_title must be a string, got ${describe(value)}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/]/.test(value)) fail(WechatErrcode.INVALID_PAGE_TITLE, `page_title must not hold line breaks, control characters or "/": ${describe(value)}`);
  return value;
}

/** 获取NFC的小程序scheme: model_id 必填; sn 仅一机一码时填写 */
export function checkNfcDevice(params: Record<string, unknown>): { modelId: string; sn: string } {
  const modelId = params.model_id;
  if (isAbsent(modelId) || modelId === '' || typeof modelId !== 'string') {
    fail(WechatErrcode.NFC_MODEL_ID_INVALID, `model_id is required: the device model registered for NFC, got ${describe(modelId)}`);
  }
  const sn = params.sn;
  if (isAbsent(sn) || sn === '') return { modelId, sn: '' };
  if (typeof sn !== 'string') fail(WechatErrcode.NFC_SN_INVALID, `sn must be a string (the device's serial number, one code per device), got ${describe(sn)}`);
  return { modelId, sn };
}

export function secondsToIso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}
