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
  // links: the errcode tables of 获取加密URLLink, 查询加密URLLink, 获取加密scheme码, 查询scheme码, 获取NFC的小程序scheme, 获取ShortLink
  INVALID_SHORTLINK_URL: 40066,
  INVALID_WEAPP_PAGEPATH: 40165,
  INVALID_LINK_QUERY: 40212,
  INVALID_PAGE_TITLE: 40225,
  SHORTLINK_NO_PERMISSION: 43104,
  LINK_SECOND_FREQ_LIMIT: 44990,
  LINK_DAILY_LIMIT: 44993,
  NO_ONLINE_RELEASE: 85079,
  CLOUDBASE_NOT_ENABLED: 85088,
  PERMANENT_QUOTA_LIMIT: 85400,
  INVALID_EXPIRE_TIME: 85401,
  INVALID_ENV_VERSION: 85402,
  LINK_NOT_FOUND: 85403,
  PLAINTEXT_SCHEME_NOT_ENABLED: 85405,
  VISIT_QUOTA_LIMIT: 85406,
  NO_SCHEME_PERMISSION: 85407,
  LINK_GENERATION_BANNED: 85408,
  NFC_MODEL_ID_INVALID: 9800003,
  NFC_SN_INVALID: 9800007,
  NFC_SN_NOT_REGISTERED: 9800008,
  NFC_MODEL_NOT_AUTHORIZED: 9800009,
  NFC_SCHEME_EXISTS: 9800010,
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
  40066: 'invalid url',
  // 获取加密URLLink / 获取加密scheme码: 40165 invalid weapp pagepath, 40212 invalid query, 85079 miniprogram has no online release
  40165: 'invalid weapp pagepath',
  40212: 'invalid query',
  40225: 'invalid page title',
  43104: 'this appid does not have permission',
  44990: 'reach max api second frequence limit',
  44993: 'reach max api daily quota limit',
  85079: 'miniprogram has no online release',
  85088: 'no cloudbase env',
  // the reply quoted on WeChat's developer community for 获取 NFC 的小程序scheme接口,报错85400
  85400: 'reach max long time quota limit',
  85401: 'time limit between 1min and 30days',
  85402: 'invalid env_version',
  85403: 'scheme not exist',
  85405: 'plaintext scheme not enabled',
  85406: 'reach max visit quota limit',
  85407: 'no scheme permission',
  85408: 'generate scheme banned',
  9800003: 'invalid model_id',
  9800007: 'invalid sn',
  9800008: 'sn not registered',
  9800009: 'model_id not authorized',
  // 9800010 is in no doc table; WeChat's developer community quotes it ("schema已存在") for a second NFC scheme of a device
  9800010: 'schema已存在',
};

/**
 * Where a link API's table words an errcode differently from the codes' (40002 and 40013 mean "no permission to
 * generate" / "generation banned" there, not a bad grant_type / appid): the link APIs answer these words.
 */
export const LINK_ERRMSG: Readonly<Partial<Record<WechatErrcodeValue, string>>> = {
  40002: 'no permission',
  40013: 'generate banned',
};

/** Every errcode a link API's doc table lists, which the linkErrcode fault may force. */
export const LINK_ERRCODES: readonly WechatErrcodeValue[] = [
  -1, 40002, 40013, 40066, 40097, 40165, 40212, 40225, 43104, 44990, 44993, 45009, 85079, 85088, 85400, 85401, 85402,
  85403, 85405, 85406, 85407, 85408, 9800003, 9800007, 9800008, 9800009, 9800010,
];

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
