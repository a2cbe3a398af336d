/**
 * The contract between the simulated WeChat service (src/emulator/wechat) and the routes that reach it:
 * the CloudBase gateway's `wx.openApi` action and the HTTPS API under /wxa and /cgi-bin.
 */

export type WxacodeApi = 'wxacode.get' | 'wxacode.createQRCode' | 'wxacode.getUnlimited';

/** What WeChat answers: image bytes, or a JSON error body {errcode, errmsg}. */
export type WechatReply =
  | { ok: true; contentType: 'image/jpeg' | 'image/png'; buffer: Buffer }
  | { ok: false; errcode: number; errmsg: string };

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
}

export interface FaultController {
  get(): FaultSettings;
  /** validates and applies a partial update; throws an Error naming the field on a bad value */
  set(patch: Partial<FaultSettings>): FaultSettings;
}
