import type { LinkRecord } from '../../state/links-state';
import { WechatErrcode } from '../errors';
import { CQ_MAX_CHARS, LINK_QUERY_CHARSET, PLAINTEXT_QUERY_MAX_CHARS, secondsToIso } from './link-rules';
import { parseGenerated } from './link-format';

export interface OpenOptions {
  /** a URL Link opened inside WeChat becomes the open tag's entry (1167) instead of 1194 */
  inWechat?: boolean;
}

export type OpenedKind = 'urlLink' | 'urlScheme' | 'nfcScheme' | 'shortLink' | 'plainTextScheme';

/** What GET /_emulator/links/open answers. */
export interface OpenResult {
  opens: boolean;
  /** the link as asked about */
  link: string;
  kind: OpenedKind | null;
  /** the page that opens, as app.json names it; null when nothing opens */
  page: string | null;
  /** the options the page's onLoad receives: the link's query pairs as written (still URL-encoded), plus cq */
  query: Record<string, string>;
  /** the link's query string as stored (without cq) */
  queryString: string;
  /** the cq appended to the link, as written (URL-encoded: decode once) */
  cq?: string;
  /** the 场景值 App.onLaunch / onShow and wx.getEnterOptionsSync() report */
  sceneValue: number | null;
  envVersion?: string;
  /** ISO time the link stops opening; null for one that never expires */
  expiresAt?: string | null;
  /** why it would not open */
  reason?: string;
  /** WeChat's errcode for the refusal where it has one (85405, 85406) */
  errcode?: number;
}

export interface OpenContext {
  appid: string;
  now: number;
  find(ticket: string): LinkRecord | undefined;
  plainTextPages: readonly string[] | '*';
  appPages: readonly string[];
  remainVisitQuota: number;
  countOpen(): Promise<void>;
}

/**
 * 场景值列表 and the link guides: URL Link 1194 (outside WeChat) / 1167 (inside WeChat, via the open tag), URL Scheme
 * 1065, Short Link 1179, plain-text URL Scheme 1286. The opening cap (85406) covers URL Scheme (encrypted and plain
 * text) and URL Link (获取加密 URL Link: 每天通过 URL Scheme（加密+明文）和 URL Link 打开小程序的总次数上限).
 */
export async function openLink(link: string, options: OpenOptions, context: OpenContext): Promise<OpenResult> {
  const refused = (kind: OpenedKind | null, reason: string, extra: Partial<OpenResult> = {}): OpenResult => ({
    opens: false,
    link,
    kind,
    page: null,
    query: {},
    queryString: '',
    sceneValue: null,
    reason,
    ...extra,
  });
  const parsed = parseGenerated(link);
  if (!parsed) {
    return refused(null, 'not a link WeChat makes: expected https://wxaurl.cn/<ticket>, weixin://dl/business/?t=<ticket>, weixin://dl/business/?appid=…&path=… or #小程序://<name>/…/<code>');
  }

  let page: string;
  let queryString: string;
  let envVersion: string;
  let kind: OpenedKind;
  let expiresAt: string | null = null;
  let cq: string | undefined;
  if (parsed.kind === 'plainText') {
    kind = 'plainTextScheme';
    if (parsed.appid !== context.appid) return refused(kind, `the plain-text scheme names appid ${JSON.stringify(parsed.appid)}, not this app's ${context.appid}`);
    if (!context.appPages.includes(parsed.path)) return refused(kind, `path ${JSON.stringify(parsed.path)} is not a page of the app`);
    const declared = context.plainTextPages;
    if (declared !== '*' && !declared.includes(parsed.path)) {
      return refused(kind, `page ${JSON.stringify(parsed.path)} is not declared for plain-text schemes (MP backend: 设置 → 隐私与安全 → 明文Scheme拉起此小程序; here WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES)`, {
        errcode: WechatErrcode.PLAINTEXT_SCHEME_NOT_ENABLED,
      });
    }
    const encodedQuery = encodeURIComponent(parsed.query);
    if (encodedQuery.length > PLAINTEXT_QUERY_MAX_CHARS) return refused(kind, `the plain-text scheme's query is ${encodedQuery.length} characters URL-encoded; at most ${PLAINTEXT_QUERY_MAX_CHARS}`);
    page = parsed.path;
    queryString = parsed.query;
    envVersion = parsed.envVersion;
  } else {
    const record = context.find(parsed.ticket);
    kind = record?.kind ?? parsed.kind;
    // a scheme ticket names an NFC scheme as well as a plain one; the record says which
    if (!record || (record.kind === 'urlLink') !== (parsed.kind === 'urlLink') || (record.kind === 'shortLink') !== (parsed.kind === 'shortLink')) {
      return refused(parsed.kind, `unknown ticket ${JSON.stringify(parsed.ticket)}: this app made no such link (or the emulator was reset)`);
    }
    if (record.expireTime !== 0) {
      expiresAt = secondsToIso(record.expireTime);
      if (context.now >= record.expireTime * 1000) return refused(kind, `expired at ${expiresAt}`, { expiresAt });
    }
    page = record.path;
    queryString = record.query;
    envVersion = record.envVersion;
    if ('cq' in parsed && parsed.cq !== undefined) {
      cq = parsed.cq;
      // 《URL Scheme 和 URL Link 优化公告》: cq 最大256个字符，只支持数字，大小写英文以及部分特殊字符，需要url_encode
      if (cq.length > CQ_MAX_CHARS) return refused(kind, `cq is ${cq.length} characters; at most ${CQ_MAX_CHARS} (URL-encoded)`, { expiresAt });
      if (!LINK_QUERY_CHARSET.test(cq)) return refused(kind, `cq may hold only digits, letters and !#$&'()*+,/:;=?@-._~% once URL-encoded`, { expiresAt });
    }
  }

  if (kind !== 'shortLink' && context.remainVisitQuota <= 0) {
    return refused(kind, "the day's openings of URL Links and URL Schemes are used up (85406, WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP); they resume at 00:00 China time", {
      errcode: WechatErrcode.VISIT_QUOTA_LIMIT,
    });
  }
  if (kind !== 'shortLink') await context.countOpen();
  const query = pairs(queryString);
  if (cq !== undefined) query.cq = cq;
  const sceneValue =
    kind === 'urlLink' ? (options.inWechat ? 1167 : 1194) : kind === 'shortLink' ? 1179 : kind === 'plainTextScheme' ? 1286 : 1065;
  return {
    opens: true,
    link,
    kind,
    page,
    query,
    queryString,
    ...(cq !== undefined ? { cq } : {}),
    sceneValue,
    envVersion,
    ...(kind === 'plainTextScheme' ? {} : { expiresAt }),
  };
}

function pairs(queryString: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (queryString === '') return out;
  for (const pair of queryString.split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}
