/**
 * The contract between the simulated WeChat service (src/emulator/wechat) and the routes that reach it:
 * the CloudBase gateway's `wx.openApi` action and the HTTPS API under /wxa and /cgi-bin.
 */

export type WxacodeApi = 'wxacode.get' | 'wxacode.createQRCode' | 'wxacode.getUnlimited';

/**
 * What WeChat answers: image bytes (codes), a JSON body with errcode 0 (links: `buffer` holds exactly `json` as
 * WeChat sends it, so a route relays either kind as bytes), or a JSON error body {errcode, errmsg}.
 */
export type WechatReply =
  | { ok: true; contentType: 'image/jpeg' | 'image/png'; buffer: Buffer }
  | { ok: true; contentType: typeof WECHAT_JSON_CONTENT_TYPE; buffer: Buffer; json: Record<string, unknown> }
  | { ok: false; errcode: number; errmsg: string };

/** what WeChat labels its JSON bodies with; wx-server-sdk matches /application\/json/ inside CommOpenApiResp */
export const WECHAT_JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

export interface WechatCall {
  api: string;
  /** snake_case keys, JSON values, exactly as WeChat received them */
  params: Record<string, unknown>;
  via: 'cloud' | 'https';
  at: number;
  /** errcode of the reply, 0 for an image */
  errcode: number;
  /** why the emulator refused the call, in words (WeChat's errmsg never names the field); absent on success */
  reason?: string;
}

export interface WechatService {
  /**
   * apiName is the cloud-call name (`wxacode.getUnlimited`); the HTTPS routes map their URL to it.
   * Never throws: every fault, including an unknown apiName, is a WechatReply with an errcode.
   */
  call(apiName: string, params: Record<string, unknown>, via: 'cloud' | 'https'): Promise<WechatReply>;
  /** every call received since start or the last reset, oldest first */
  calls(): readonly WechatCall[];
  /** forgets the call log and the per-minute window; keeps the lifetime quota unless resetQuota */
  reset(options?: { resetQuota?: boolean }): void;
  readonly faults: FaultController;
  /** how much of WeChat's volume limits is used; the simulated service has it, test fakes may not */
  usage?(): WechatUsage;
}

export interface WechatUsage {
  /** get + createQRCode codes made in the app's lifetime, and the limit */
  lifetimeQuota: { used: number; limit: number };
  /** getUnlimited calls admitted in the sliding minute, and the per-minute limit */
  getUnlimitedPerMinute: { used: number; limit: number };
  /** wxacode.get codes made today (Beijing time), and the daily cap */
  getDaily: { used: number; limit: number };
  /** URL Link / URL Scheme / Short Link counters against WeChat's caps; absent when links are not emulated */
  links?: LinkUsage;
}

/** How much of WeChat's link caps is used (China-time day), as GET /_emulator/usage and /_emulator/limits show it. */
export interface LinkUsage {
  /** the China-time day the daily counts are of, YYYY-MM-DD */
  day: string;
  /** when the daily counts start again: the next midnight, China time, as ISO 8601 with +08:00 */
  resetsAt: string;
  /** URL Link + URL Scheme (+ NFC scheme) made today against the shared daily cap (44993) */
  urlLinksAndSchemes: { used: number; limit: number; urlLinks: number; urlSchemes: number };
  /** Short Links made today against their daily cap (45009) */
  shortLinks: { used: number; limit: number };
  /** permanent Short Links and NFC schemes made ever against their quota (85400) */
  permanentLinks: { used: number; limit: number };
  /** link generation calls in the last second against the per-second rate (44990) */
  perSecond: { used: number; limit: number };
  /** URL Link + URL Scheme openings today against the daily opening cap (85406) */
  opens: { used: number; limit: number };
}

export interface FaultSettings {
  /** 0..1: share of calls answered with errcode -1 "system error" */
  systemErrorRate: number;
  /** added to every call before it is answered */
  latencyMs: number;
  /** answer every getUnlimited call with 45009 */
  force45009: boolean;
  /** answer every get / createQRCode call with 45029 */
  force45029: boolean;
  /** 0 (off) or one of the link APIs' documented errcodes: every link API call answers it */
  linkErrcode: number;
  /** the mini program has no released version yet: every link generation answers 85079 */
  appUnreleased: boolean;
}

export interface FaultController {
  get(): FaultSettings;
  /** validates and applies a partial update; throws an Error naming the field on a bad value */
  set(patch: Partial<FaultSettings>): FaultSettings;
}
