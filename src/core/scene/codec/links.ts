import { sceneError, SceneCodecError } from './errors';

/**
 * What a link's query holds and the links built without any WeChat call, shared by the cloud functions and the
 * mini program (the page helpers): no imports beyond this folder, no Node APIs. The functions' rules
 * (src/core/validation/rules/link-query.ts) turn the same problems into their errors.
 */

/** The query key that carries queryData: the scene (inline or a stored key), read by sceneFromQuery as a code's. */
export const LINK_SCENE_KEY = 'scene';
/** Kept free in every query the toolkit makes, for the link's own short id (entries by link). */
export const LINK_ID_KEY = 'wxl';
/** An inline scene in a link may be this long (parseScene's limit); longer data is stored under a key. */
export const LINK_INLINE_MAX_LENGTH = 256;

/** 获取加密URLLink / 获取加密scheme码 / 获取ShortLink: query "只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~%". */
export const LINK_QUERY_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$&'()*+,/:;=?@-._~%";
const QUERY_CHAR_SET = new Set(LINK_QUERY_CHARS.split(''));

/** Link error codes the builders raise, as in ErrCode (40165 invalid path, 40212 invalid query, 85402 invalid env_version). */
export const LinkErrCode = { INVALID_ARGS: 40097, INVALID_PATH: 40165, INVALID_QUERY: 40212, INVALID_ENV_VERSION: 85402 } as const;

export interface QueryProblem {
  rule: string;
  hint?: string;
}

/** The first thing wrong with a link query (characters, escapes, `a=1&b=2` form, repeated or reserved keys), or null. */
export function linkQueryProblem(query: string, maxChars: number): QueryProblem | null {
  if (query.length > maxChars) {
    return { rule: `must be at most ${maxChars} characters (it has ${query.length})`, hint: 'Move the data into queryData: it is stored under a short key when it does not fit' };
  }
  for (let i = 0; i < query.length; i++) {
    const char = query[i];
    if (!QUERY_CHAR_SET.has(char)) {
      const code = query.codePointAt(i)!;
      return {
        rule: `character ${JSON.stringify(String.fromCodePoint(code))} at position ${i + 1} is not allowed (digits, letters and !#$&'()*+,/:;=?@-._~% only)`,
        hint: 'URL-encode the values (encodeURIComponent), or pass queryData {…} and let the toolkit encode it',
      };
    }
    if (char === '%' && !/^%[0-9A-Fa-f]{2}$/.test(query.slice(i, i + 3))) {
      return { rule: `"%" at position ${i + 1} must start an escape such as %E4`, hint: 'Encode each value once with encodeURIComponent' };
    }
  }
  if (query === '') return null;
  // "?id=1" copied whole from a URL: WeChat takes it, and the page receives the key "?id"
  if (query.startsWith('?')) {
    return { rule: 'must not start with "?": the "?" only separates a page from its query', hint: `Drop it: ${JSON.stringify(query.replace(/^\?+/, ''))}` };
  }
  const seen = new Set<string>();
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (part === '') {
      const joined = query.split('&').filter((p) => p !== '').join('&');
      return { rule: 'must be in the form "a=1&b=2"; the part "" is not key=value (two "&" in a row, or one at an end)', hint: `Drop the extra "&": ${JSON.stringify(joined)}` };
    }
    if (eq < 0) return { rule: `must be in the form "a=1&b=2"; the part ${JSON.stringify(part)} is not key=value`, hint: `Give it a value: ${JSON.stringify(`${part}=1`)}, or ${JSON.stringify(`${part}=`)} for an empty one` };
    if (eq === 0) return { rule: `must be in the form "a=1&b=2"; the part ${JSON.stringify(part)} is not key=value`, hint: 'Give the value a key' };
    const key = part.slice(0, eq);
    if (seen.has(key)) return { rule: `has the key ${JSON.stringify(key)} twice`, hint: 'A page gets one value per key' };
    seen.add(key);
    if (key === LINK_ID_KEY) return { rule: `must not use the key ${JSON.stringify(key)}: the toolkit keeps it for the link's own id`, hint: 'Rename the parameter' };
  }
  return null;
}

/** A scene as the value of `scene=` in a query: the separators `&` `=` (and `#`, `+`) escaped, the rest as it is. */
export function sceneQuery(scene: string): string {
  return `${LINK_SCENE_KEY}=${scene.replace(/[&=%#+]/g, (c) => encodeURIComponent(c))}`;
}

/** 明文 URL Scheme (获取 URL Scheme guide): query at most 512 characters, URL-encoded. */
export const PLAIN_SCHEME_QUERY_MAX_CHARS = 512;

export interface PlainTextSchemeOptions {
  appid: string;
  /** a page of the app, as in app.json; declared first in the MP backend (设置 → 隐私与安全 → 明文Scheme拉起此小程序) */
  path: string;
  /** `a=1&b=2`, characters as for link queries */
  query?: string;
  envVersion?: 'release' | 'trial' | 'develop';
}

/**
 * `weixin://dl/business/?appid=APPID&path=PATH&query=QUERY&env_version=ENV`, built with no call (URL Scheme 和 URL Link
 * 优化公告, 2023-12). It opens only pages declared in the MP backend; env_version is written unless "release".
 */
export function plainTextScheme(options: PlainTextSchemeOptions): string {
  const { appid, path, query = '', envVersion = 'release' } = options ?? ({} as PlainTextSchemeOptions);
  if (typeof appid !== 'string' || !/^wx[0-9a-f]{16}$/.test(appid)) {
    throw sceneError(LinkErrCode.INVALID_ARGS, 'appid', 'must be a mini program AppID ("wx" and 16 hexadecimal digits)', appid, 'Find it in the MP backend under 开发 → 开发管理 → 开发设置');
  }
  if (typeof path !== 'string' || path.replace(/^\/+/, '') === '' || /[?#\s]/.test(path)) {
    throw sceneError(LinkErrCode.INVALID_PATH, 'path', 'must be a page of the app as in app.json, without a query', path, 'Pass the query separately; a plain-text scheme needs a page');
  }
  if (typeof query !== 'string') throw sceneError(LinkErrCode.INVALID_QUERY, 'query', 'must be a string in the form "a=1&b=2"', query, 'Omit it for none');
  const problem = linkQueryProblem(query, PLAIN_SCHEME_QUERY_MAX_CHARS);
  if (problem) throw sceneError(LinkErrCode.INVALID_QUERY, 'query', problem.rule, query, problem.hint ?? 'Fix the query');
  const encoded = encodeURIComponent(query);
  if (encoded.length > PLAIN_SCHEME_QUERY_MAX_CHARS) {
    throw sceneError(LinkErrCode.INVALID_QUERY, 'query', `must be at most ${PLAIN_SCHEME_QUERY_MAX_CHARS} characters URL-encoded (it is ${encoded.length})`, query, 'Shorten it, or make a URL Scheme with queryData (stored under a key)');
  }
  if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') {
    throw sceneError(LinkErrCode.INVALID_ENV_VERSION, 'envVersion', 'must be one of "release", "trial", "develop"', envVersion, 'Omit it for "release"');
  }
  const page = path.replace(/^\/+/, '');
  return `weixin://dl/business/?appid=${appid}&path=${page}${query ? `&query=${encoded}` : ''}${envVersion === 'release' ? '' : `&env_version=${envVersion}`}`;
}

/** URL Scheme 和 URL Link 优化公告 (2023-12): cq at most 256 characters, URL-encoded. */
export const CQ_MAX_CHARS = 256;
const CQ_TARGET = /^(https:\/\/(wxaurl|wxmpurl)\.cn\/[A-Za-z0-9]+|weixin:\/\/dl\/business\/\?t=[A-Za-z0-9]+)$/;

/**
 * A generated URL Link or URL Scheme with `cq` appended (https://wxaurl.cn/T?cq=…, weixin://dl/business/?t=T&cq=…):
 * one link, many channels, the page's onLoad tells them apart. Short Links and plain-text schemes take no cq.
 */
export function withCq(link: string, cq: string): string {
  if (typeof link !== 'string' || !CQ_TARGET.test(link)) {
    throw sceneError(LinkErrCode.INVALID_ARGS, 'link', 'must be a URL Link (https://wxaurl.cn/…) or URL Scheme (weixin://dl/business/?t=…) as generated, without a cq yet', link, 'Short Links and plain-text schemes do not take cq');
  }
  if (typeof cq !== 'string' || cq === '') throw sceneError(LinkErrCode.INVALID_QUERY, 'cq', 'must be a non-empty string', cq, 'e.g. "sms-2026-12"');
  const encoded = encodeURIComponent(cq);
  if (encoded.length > CQ_MAX_CHARS) {
    throw sceneError(LinkErrCode.INVALID_QUERY, 'cq', `must be at most ${CQ_MAX_CHARS} characters URL-encoded (it is ${encoded.length})`, cq, 'Shorten it');
  }
  return `${link}${link.includes('?') ? '&' : '?'}cq=${encoded}`;
}

export { SceneCodecError };
