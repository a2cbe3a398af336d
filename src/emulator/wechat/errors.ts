import { randomBytes } from 'node:crypto';

/**
 * The errcodes the simulated WeChat answers with, and their errmsg text as WeChat words it
 * (the errcode tables of 获取小程序码, 获取小程序二维码 and 获取不限制的小程序码, and WeChat's 全局错误码). One table so the service and the
 * HTTPS routes cannot drift apart.
 */
export const WechatErrcode = {
  SYSTEM_ERROR: -1,
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_APPID: 40013,
  INVALID_ARGS: 40097,
  INVALID_APPSECRET: 40125,
  INVALID_SCENE: 40129,
  INVALID_SCENE_LENGTH: 40169,
  INVALID_PATH_LENGTH: 40159,
  INVALID_WIDTH: 40189,
  APPID_MISSING: 41002,
  APPSECRET_MISSING: 41004,
  INVALID_PAGE: 41030,
  ACCESS_TOKEN_EXPIRED: 42001,
  REQUIRE_GET: 43001,
  REQUIRE_POST: 43002,
  MINUTE_FREQ_LIMIT: 45009,
  LIFETIME_LIMIT: 45029,
  DATA_FORMAT_ERROR: 47001,
  API_UNAUTHORIZED: 48001,
  SCANCODE_TIME_RESERVED: 85096,
} as const;

export type WechatErrcodeValue = (typeof WechatErrcode)[keyof typeof WechatErrcode];

export const WECHAT_ERRMSG: Readonly<Record<WechatErrcodeValue, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  // worded exactly as the errcode table of 获取不限制的小程序码 has it
  40169: 'invalid length for scene or thedata is not json string',
  // 获取小程序二维码 (createQRCode)'s failure example: {"errcode":40159,"errmsg":"invalid length for path or the data is not json string"}
  40159: 'invalid length for path or the data is not json string',
  // 获取小程序码 (wxacode.get): 40189 width 长度不合法
  40189: 'invalid width',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  // getUnlimited's per-minute 45009; get's daily 45009 is worded as DAILY_LIMIT_ERRMSG
  45009: 'reach max api minute-freq limit',
  45029: 'reach max limit',
  47001: 'data format error',
  48001: 'api unauthorized',
  85096: 'not allow include scancode_time field',
};

/**
 * 获取小程序码 (wxacode.get): 45009 生成码超过每天最大个数限制（1 万/天）. WeChat answers this cap with the words its
 * 全局错误码 page gives 45009 ("reach max api daily quota limit", as replies quoted on WeChat's developer community
 * show for getwxacode), not getUnlimited's minute-freq text.
 */
export const DAILY_LIMIT_ERRMSG = 'reach max api daily quota limit';

export interface WechatErrorBody {
  errcode: number;
  errmsg: string;
}

/**
 * WeChat tags every error with a request id (`invalid page rid: 6650a1b2-1c2d3e4f-5a6b7c8d`), so
 * callers must match errmsg by prefix, never by equality; the emulator does the same to keep them honest.
 */
export function newRid(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

export function wechatErrorBody(errcode: WechatErrcodeValue, nowMs: number, errmsg: string = WECHAT_ERRMSG[errcode]): WechatErrorBody {
  return { errcode, errmsg: `${errmsg} rid: ${newRid(nowMs)}` };
}
