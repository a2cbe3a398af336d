/**
 * The one table of error codes this toolkit returns. WeChat's own codes are reused wherever WeChat has one
 * for the same fault, so a caller handles a rejected parameter the same way whether we or WeChat caught it.
 * Faults WeChat has no code for live in our own range, -7000xx, which neither WeChat nor CloudBase use.
 */
export const ErrCode = {
  OK: 0,
  // WeChat's codes (the errcode tables of 获取小程序码, 获取小程序二维码, 获取不限制的小程序码)
  SYSTEM_ERROR: -1,
  INVALID_ARGS: 40097,
  INVALID_SCENE: 40129,
  INVALID_SCENE_LENGTH: 40169,
  // 获取小程序码 / 获取小程序二维码: 40159 path 长度不合法 (empty or too long);
  // createQRCode's failure example: {"errcode":40159,"errmsg":"invalid length for path or the data is not json string"}
  INVALID_PATH_LENGTH: 40159,
  // 获取小程序码 (wxacode.get): 40189 width 长度不合法
  INVALID_WIDTH: 40189,
  INVALID_PAGE: 41030,
  // one number, two meanings: 获取不限制的小程序码 (getUnlimited): 调用分钟频率受限 (5000/min), passes within a minute;
  // 获取小程序码 (wxacode.get): 生成码超过每天最大个数限制（1 万/天）, passes only the next day
  MINUTE_RATE_LIMIT: 45009,
  DAILY_LIMIT: 45009,
  LIFETIME_QUOTA_REACHED: 45029,
  SCANCODE_TIME_RESERVED: 85096,
  // the link APIs' tables (获取加密URLLink, 获取加密scheme码, 获取ShortLink, 查询加密URLLink, 查询scheme码)
  LINK_INVALID_PATH: 40165,
  LINK_INVALID_QUERY: 40212,
  LINK_RATE_LIMIT: 44990,
  LINK_DAILY_CAP: 44993,
  LINK_NO_RELEASE: 85079,
  LINK_INVALID_EXPIRY: 85401,
  LINK_INVALID_ENV_VERSION: 85402,
  LINK_NOT_FOUND: 85403,
  SHORT_LINK_INVALID_URL: 40066,
  SHORT_LINK_INVALID_TITLE: 40225,
  SHORT_LINK_PERMANENT_QUOTA: 85400,
  // CloudBase's codes (微信开放文档 云开发 错误码): -501003 请求次数超出环境配额, -501004 请求并发数超出环境配额
  CLOUDBASE_CALLS_EXHAUSTED: -501003,
  CLOUDBASE_QPS_EXCEEDED: -501004,
  // this toolkit's codes
  SCENE_KEY_NOT_FOUND: -700001,
  SCENE_KEY_EXPIRED: -700002,
  SCENE_MALFORMED: -700003,
  SCENE_DATA_TOO_LARGE: -700004,
  // 活码: a stored scene its team switched off; errMsg carries the team's message
  SCENE_DISABLED: -700005,
  CALLER_NOT_ADMIN: -700101,
  CALLER_RATE_LIMITED: -700102,
  EVENT_TOO_LARGE: -700103,
  PAGE_NOT_ALLOWED: -700104,
  CODE_IN_PROGRESS: -700105,
  BATCH_INVALID_ITEMS: -700201,
  BATCH_ALLOWANCE_NEEDED: -700202,
  BATCH_UNKNOWN_JOB: -700203,
  BATCH_BAD_ARGUMENT: -700204,
  UPSTREAM_BAD_REPLY: -700501,
  UPSTREAM_TIMEOUT: -700502,
  INTERNAL: -700500,
} as const;

export type ErrCodeValue = (typeof ErrCode)[keyof typeof ErrCode];

/** An error with WeChat's shape: a numeric errCode and a message that says what to do next. */
export class WxacodeError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
    this.name = 'WxacodeError';
  }
}

/**
 * CloudBase's refusals past the environment's limits (云开发 错误码: EXCEED_REQUEST_LIMIT 请求次数超限、套餐资源耗尽,
 * EXCEED_CONCURRENT_REQUEST_LIMIT 请求并发超限). wx-server-sdk maps them to -501003 / -501004 for database and
 * cloud-call requests, but storage requests reject with errCode -1 and the code string only: both are read here, so a
 * quota refusal never looks like WeChat's transient -1 (which is retried).
 */
const CLOUDBASE_LIMITS: Record<string, { errCode: number; hint: string }> = {
  EXCEED_REQUEST_LIMIT: {
    errCode: ErrCode.CLOUDBASE_CALLS_EXHAUSTED,
    hint: "CloudBase refused the request: the environment's 调用次数 (calls) for this month are used up. Retrying does not help until there are more: upgrade the plan, add a 调用次数 resource pack or turn on 超限按量 (pay as you go). Codes already stored are not lost",
  },
  EXCEED_CONCURRENT_REQUEST_LIMIT: {
    errCode: ErrCode.CLOUDBASE_QPS_EXCEEDED,
    hint: "CloudBase refused the request: the environment got more requests a second than its plan's QPS. Try again in a second; if it keeps happening, send fewer requests a second (for batch jobs lower WXACODE_BATCH_QPS) or upgrade the plan",
  },
};

function cloudbaseLimitError(code: unknown, errCode: number | undefined, msg: string): WxacodeError | undefined {
  const limit =
    (typeof code === 'string' && Object.prototype.hasOwnProperty.call(CLOUDBASE_LIMITS, code) ? CLOUDBASE_LIMITS[code] : undefined) ??
    Object.values(CLOUDBASE_LIMITS).find((l) => l.errCode === errCode);
  if (!limit) return undefined;
  // an error read back from an earlier reply already says what to do
  return new WxacodeError(limit.errCode, msg.includes(limit.hint) ? msg : `${msg} (${limit.hint})`);
}

/** Reads errCode/errMsg off anything thrown by wx-server-sdk, CloudBase or our own code. */
export function toWxacodeError(error: unknown): WxacodeError {
  if (error instanceof WxacodeError) return error;
  if (error && typeof error === 'object') {
    const e = error as { errCode?: unknown; errcode?: unknown; errMsg?: unknown; errmsg?: unknown; message?: unknown; code?: unknown };
    const code = typeof e.errCode === 'number' ? e.errCode : typeof e.errcode === 'number' ? e.errcode : undefined;
    const msg = typeof e.errMsg === 'string' ? e.errMsg : typeof e.errmsg === 'string' ? e.errmsg : undefined;
    const limited = cloudbaseLimitError(e.code, code, msg ?? String(e.message ?? 'unknown error'));
    if (limited) return limited;
    if (code !== undefined) return new WxacodeError(code, msg ?? String(e.message ?? 'unknown error'));
    if (typeof e.message === 'string') return new WxacodeError(ErrCode.INTERNAL, e.message);
  }
  return new WxacodeError(ErrCode.INTERNAL, String(error));
}
