import { ErrCode } from '../errors';
import type { EnvVersion } from '../params/types';
import { encodeInline, LINK_INLINE_MAX_LENGTH, sceneQuery, STORED_KEY_BODY_LENGTH, STORED_KEY_PREFIX, validateSceneData, withCq, type SceneData } from '../scene/codec';
import { asWxacodeError } from '../scene/codec-errors';
import { reject } from '../validation/reject';
import { checkBoolean } from '../validation/rules/boolean';
import { checkCloudBase } from '../validation/rules/cloud-base';
import { checkLinkEnvVersion } from '../validation/rules/link-env-version';
import { checkLinkExpiry, type CheckedExpiry } from '../validation/rules/link-expiry';
import { checkLinkPath } from '../validation/rules/link-path';
import { checkLinkQuery, LINK_QUERY_MAX_CHARS } from '../validation/rules/link-query';
import { checkMinValidSeconds, defaultMinValidSeconds } from '../validation/rules/min-valid-seconds';
import { checkNfc } from '../validation/rules/nfc';
import { checkNoIsExpire } from '../validation/rules/obsolete-is-expire';
import { checkPageTitle } from '../validation/rules/page-title';
import { checkKnownKeys } from '../validation/unknown-keys';
import type { LinkKind, LinkRequest } from './types';

/** 获取ShortLink: "有效期为30天" for a temporary short link. */
export const SHORT_LINK_LIFETIME_SECONDS = 30 * 86_400;

/** Keys wx.cloud.callFunction adds to every event on its own. */
const PLATFORM_KEYS = ['userInfo'];
const COMMON_KEYS = ['action', 'cache', 'minValidSeconds', 'query', 'queryData', 'sceneMode', 'recordEntries'];
const EXPIRY_KEYS = ['expireType', 'expireTime', 'expireInterval'];
export const LINK_EVENT_KEYS: Record<LinkKind, readonly string[]> = {
  urlLink: [...COMMON_KEYS, 'path', 'envVersion', ...EXPIRY_KEYS, 'cloudBase', 'cq'],
  urlScheme: [...COMMON_KEYS, 'path', 'envVersion', ...EXPIRY_KEYS, 'nfc', 'cq'],
  shortLink: [...COMMON_KEYS, 'pageUrl', 'page', 'pageTitle', 'isPermanent'],
};

/** queryData checked, and how it will travel: an inline scene, or stored under a key (made by the function). */
export interface LinkQueryData {
  data: SceneData;
  /** the inline scene, or null when it is to be stored */
  inline: string | null;
}

export interface CheckedLinkEvent {
  kind: LinkKind;
  /** the page the link opens ('' = home page), for the caller policy's page check */
  page: string;
  field: string;
  /** the query as the caller gave it ('' when none); with queryData, built by withScene */
  query: string;
  queryData?: LinkQueryData;
  /** the request with this query (the caller's, or `scene=…` for queryData) */
  build(query: string): LinkRequest;
  /** the longest query WeChat takes here (what the page and the link's own id may fill together) */
  maxQueryChars: number;
  /** epoch ms the link will stop opening; null: never (permanent short links, NFC schemes) */
  expiresAt: number | null;
  lifetimeSeconds: number | null;
  minValidSeconds: number;
  cache: boolean;
  /** appended to the link answered (URL Scheme 和 URL Link 优化公告): one stored link serves every channel */
  cq?: string;
  /** false: the link carries no id of its own (`wxl`), so entries by it are not recorded */
  recordEntries: boolean;
}

/**
 * An event of wxacodeUrlLink / wxacodeUrlScheme / wxacodeShortLink checked before anything is read or sent, with
 * WeChat's errcodes: every refusal names the field, what was received and the rule. No I/O (the emulator's UI may run
 * it in the browser).
 */
export function checkLinkEvent(kind: LinkKind, event: unknown, nowMs: number): CheckedLinkEvent {
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    throw reject(ErrCode.INVALID_ARGS, 'event', `must be an object with the parameters of ${functionName(kind)}`, event);
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event as Record<string, unknown>)) {
    if (PLATFORM_KEYS.includes(key) || value === undefined) continue;
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (kind !== 'shortLink') checkNoIsExpire(fields);
  if (kind === 'urlScheme' && fields.jumpWxa !== undefined) {
    throw reject(ErrCode.INVALID_ARGS, 'jumpWxa', 'is built by the function: pass path, query and envVersion at the top of the event', fields.jumpWxa, 'e.g. {path: "pages/index/index", query: "id=1"}');
  }
  // before the keys: with a misspelt action ("Query") the query's own key (urlLink, scheme) would be blamed instead
  if (fields.action !== undefined && fields.action !== 'make') {
    const close = typeof fields.action === 'string' && ['make', 'query'].find((a) => a === (fields.action as string).trim().toLowerCase());
    throw reject(ErrCode.INVALID_ARGS, 'action', 'must be "make" (the default) or "query"', fields.action, close ? `Did you mean ${JSON.stringify(close)}?` : undefined);
  }
  if (kind === 'shortLink') {
    // 获取ShortLink has no expiry parameter: a team used to URL Links passes one, and should hear why it is refused
    for (const key of [...EXPIRY_KEYS, 'isExpire']) {
      if (fields[key] !== undefined) {
        throw reject(ErrCode.INVALID_ARGS, key, 'does not apply to a Short Link (获取ShortLink takes no expiry: a temporary one lasts 30 days)', fields[key], `Drop ${key}; for a link that never expires pass isPermanent: true`);
      }
    }
  }
  checkKnownKeys(fields, LINK_EVENT_KEYS[kind], functionName(kind));
  const cache = fields.cache === undefined ? true : checkBoolean(fields.cache, 'cache');
  const recordEntries = fields.recordEntries === undefined ? true : checkBoolean(fields.recordEntries, 'recordEntries');
  if (!cache && kind === 'urlScheme' && fields.nfc !== undefined) {
    throw reject(ErrCode.INVALID_ARGS, 'cache', 'cannot be false for an NFC scheme: a device has one, made once', false, 'Drop cache: false');
  }
  if (fields.sceneMode !== undefined && fields.queryData === undefined) {
    throw reject(ErrCode.INVALID_ARGS, 'sceneMode', 'only applies with queryData', fields.sceneMode, 'Pass queryData, or drop sceneMode');
  }
  switch (kind) {
    case 'urlLink':
    case 'urlScheme':
      return { ...checkUrlLinkOrScheme(kind, fields, nowMs, cache), recordEntries };
    case 'shortLink':
      return { ...checkShortLink(fields, nowMs, cache), recordEntries };
    default: {
      const never: never = kind;
      throw reject(ErrCode.INVALID_ARGS, 'kind', 'is not a kind of link', never);
    }
  }
}

function checkUrlLinkOrScheme(kind: 'urlLink' | 'urlScheme', fields: Record<string, unknown>, nowMs: number, cache: boolean): Omit<CheckedLinkEvent, 'recordEntries'> {
  const page = fields.path === undefined ? '' : checkLinkPath(fields.path, 'path', ErrCode.LINK_INVALID_PATH);
  const envVersion: EnvVersion = fields.envVersion === undefined ? 'release' : checkLinkEnvVersion(fields.envVersion, ErrCode.LINK_INVALID_ENV_VERSION);
  const nfc = kind === 'urlScheme' && fields.nfc !== undefined ? checkNfc(fields.nfc) : undefined;
  let expiry: CheckedExpiry | null = null;
  if (nfc) {
    for (const key of EXPIRY_KEYS) {
      if (fields[key] !== undefined) throw reject(ErrCode.INVALID_ARGS, key, 'does not apply to an NFC scheme (获取NFC的小程序scheme takes no expiry)', fields[key], `Drop ${key}, or drop nfc for an ordinary URL Scheme`);
    }
  } else expiry = checkLinkExpiry(fields, nowMs);
  const cloudBase = kind === 'urlLink' && fields.cloudBase !== undefined ? checkCloudBase(fields.cloudBase) : undefined;
  const { query, queryData } = checkQueryFields(fields, ErrCode.LINK_INVALID_QUERY, LINK_QUERY_MAX_CHARS);
  const cq = fields.cq === undefined ? undefined : checkCq(fields.cq);
  const lifetimeSeconds = expiry ? Math.round((expiry.expiresAt - nowMs) / 1000) : null;
  const build = (q: string): LinkRequest => {
    if (kind === 'urlLink') return { api: 'urllink.generate', params: { path: page, query: q, envVersion, ...expiry!.expiry, ...(cloudBase ? { cloudBase } : {}) } };
    const jumpWxa = { path: page, query: q, envVersion };
    if (nfc) return { api: 'urlscheme.generateNFCScheme', params: { jumpWxa, ...nfc } };
    return { api: 'urlscheme.generate', params: { jumpWxa, ...expiry!.expiry } };
  };
  return {
    kind,
    page,
    field: 'path',
    query,
    queryData,
    build,
    maxQueryChars: LINK_QUERY_MAX_CHARS,
    expiresAt: expiry ? expiry.expiresAt : null,
    lifetimeSeconds,
    minValidSeconds: minValid(fields.minValidSeconds, lifetimeSeconds),
    cache,
    ...(cq === undefined ? {} : { cq }),
  };
}

/** cq as it will be appended: checked by the codec's withCq on a stand-in link (its 256 characters, URL-encoded). */
function checkCq(value: unknown): string {
  asWxacodeError(() => withCq('https://wxaurl.cn/T', value as string));
  return value as string;
}

function checkShortLink(fields: Record<string, unknown>, nowMs: number, cache: boolean): Omit<CheckedLinkEvent, 'recordEntries'> {
  const CODE = ErrCode.SHORT_LINK_INVALID_URL;
  const isPermanent = fields.isPermanent === undefined ? false : checkBoolean(fields.isPermanent, 'isPermanent');
  const pageTitle = fields.pageTitle === undefined ? '' : checkPageTitle(fields.pageTitle);
  let page: string;
  let field: string;
  let query: string;
  let queryData: LinkQueryData | undefined;
  if (fields.pageUrl !== undefined) {
    if (fields.page !== undefined) throw reject(ErrCode.INVALID_ARGS, 'page, pageUrl', 'pass one, not both', { page: fields.page, pageUrl: fields.pageUrl }, 'pageUrl is the page with its query; page goes with query or queryData');
    if (typeof fields.pageUrl !== 'string' || fields.pageUrl.replace(/^\/+/, '') === '' || fields.pageUrl.replace(/^\/+/, '').startsWith('?')) {
      throw reject(CODE, 'pageUrl', 'must be a page of the app with its query, e.g. "pages/item/item?id=1"', fields.pageUrl);
    }
    const url = fields.pageUrl;
    const cut = url.indexOf('?');
    page = checkLinkPath(cut < 0 ? url : url.slice(0, cut), 'pageUrl', CODE);
    field = 'pageUrl';
    if (cut >= 0 && (fields.query !== undefined || fields.queryData !== undefined)) {
      throw reject(ErrCode.INVALID_ARGS, 'pageUrl', 'already carries a query: pass query / queryData with page instead', url);
    }
    query = cut < 0 ? '' : url.slice(cut + 1);
    if (cut >= 0) checkLinkQuery(query, 'pageUrl', CODE, LINK_QUERY_MAX_CHARS - page.length - 1);
    if (cut < 0) ({ query, queryData } = checkQueryFields(fields, CODE, LINK_QUERY_MAX_CHARS - page.length - 1));
  } else {
    if (fields.page === undefined) throw reject(CODE, 'pageUrl', 'is required (or page with query / queryData)', undefined, 'e.g. pageUrl: "pages/item/item?id=1"');
    page = checkLinkPath(fields.page, 'page', CODE);
    if (page === '') throw reject(CODE, 'page', 'must not be empty: a Short Link names its page', fields.page);
    field = 'page';
    ({ query, queryData } = checkQueryFields(fields, CODE, LINK_QUERY_MAX_CHARS - page.length - 1));
  }
  const lifetimeSeconds = isPermanent ? null : SHORT_LINK_LIFETIME_SECONDS;
  if (isPermanent && !cache) {
    // each call would spend one more of the app's 10万 permanent links on the same page
    throw reject(ErrCode.INVALID_ARGS, 'cache', 'cannot be false for a permanent Short Link: it is made once and served from then on', false, 'Drop cache: false; for a new link to the same page change its query or title');
  }
  return {
    kind: 'shortLink',
    page,
    field,
    query,
    queryData,
    build: (q) => ({ api: 'shortlink.generate', params: { pageUrl: q ? `${page}?${q}` : page, pageTitle, isPermanent } }),
    maxQueryChars: LINK_QUERY_MAX_CHARS - page.length - 1,
    expiresAt: isPermanent ? null : nowMs + SHORT_LINK_LIFETIME_SECONDS * 1000,
    lifetimeSeconds,
    minValidSeconds: minValid(fields.minValidSeconds, lifetimeSeconds),
    cache,
  };
}

function minValid(value: unknown, lifetimeSeconds: number | null): number {
  if (lifetimeSeconds === null) {
    if (value !== undefined) throw reject(ErrCode.INVALID_ARGS, 'minValidSeconds', 'does not apply to a link that never expires', value, 'Drop it');
    return 0;
  }
  return value === undefined ? defaultMinValidSeconds(lifetimeSeconds) : checkMinValidSeconds(value, lifetimeSeconds);
}

const STORED_PLACEHOLDER = STORED_KEY_PREFIX + 'A'.repeat(STORED_KEY_BODY_LENGTH);

/** `query` (a string, checked) or `queryData` (a flat object, inline when it fits, else stored), not both. */
function checkQueryFields(fields: Record<string, unknown>, errCode: number, maxChars: number): { query: string; queryData?: LinkQueryData } {
  if (fields.queryData === undefined) {
    return { query: fields.query === undefined ? '' : checkLinkQuery(fields.query, 'query', errCode, maxChars) };
  }
  if (fields.query !== undefined) {
    throw reject(ErrCode.INVALID_ARGS, 'query, queryData', 'pass one, not both', { query: fields.query, queryData: fields.queryData }, 'Put every value in queryData, or write the whole query yourself');
  }
  const data = asWxacodeError(() => validateSceneData(fields.queryData, 'queryData'));
  const mode = fields.sceneMode ?? 'auto';
  if (mode !== 'auto' && mode !== 'stored') {
    throw reject(ErrCode.INVALID_ARGS, 'sceneMode', 'must be "auto" or "stored"', mode, 'Omit it to store only data that does not fit in the query');
  }
  const encoded = mode === 'auto' ? encodeInline(data) : null;
  const inline = encoded !== null && encoded.length <= LINK_INLINE_MAX_LENGTH && sceneQuery(encoded).length <= maxChars ? encoded : null;
  const query = sceneQuery(inline ?? STORED_PLACEHOLDER);
  if (query.length > maxChars) throw reject(errCode, 'queryData', `does not fit: the page leaves ${maxChars} characters for the query`, fields.queryData, 'Use a shorter page path');
  return { query, queryData: { data, inline } };
}

export function functionName(kind: LinkKind): string {
  return { urlLink: 'wxacodeUrlLink', urlScheme: 'wxacodeUrlScheme', shortLink: 'wxacodeShortLink' }[kind];
}
