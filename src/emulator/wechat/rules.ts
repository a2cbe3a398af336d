import type { WxacodeApi } from './types';
import { WechatErrcode, type WechatErrcodeValue } from './errors';

export const WIDTH_DEFAULT = 430;
export const WIDTH_MIN = 280;
export const WIDTH_MAX = 1280;
/**
 * `path` limits in bytes of UTF-8 (WeChat counts bytes: a 119-character, 139-byte path is refused, per the WeChat
 * community question 生成小程序二维码为什么报40159错误?).
 */
export const PATH_MAX_BYTES = {
  // 获取小程序码 (wxacode.get): path 最大长度 1024, 不能为空
  'wxacode.get': 1024,
  // 获取小程序二维码 (wxacode.createQRCode): path 最大长度 128 字节, 不能为空
  'wxacode.createQRCode': 128,
} as const;
export const SCENE_MAX_CHARS = 32;
export const ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
/** what WeChat draws with when auto_color is true: one fixed brand-like tone, so tests can tell it from black */
export const AUTO_COLOR: Rgb = { r: 0, g: 112, b: 60 };

const SCENE_CHARSET = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
const RESERVED_FIELD = 'scancode_time';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** What the params ask WeChat to draw, once validated and defaulted. */
export interface CodeRequest {
  api: WxacodeApi;
  width: number;
  color: Rgb;
  transparent: boolean;
  /** a getUnlimited page outside app.json accepted under check_path=false; counts against the unpublished-page cap */
  unpublishedPage?: string;
}

export type RuleOutcome =
  | { ok: true; request: CodeRequest }
  | { ok: false; errcode: WechatErrcodeValue; reason: string };

class RuleViolation {
  constructor(
    readonly errcode: WechatErrcodeValue,
    readonly reason: string,
  ) {}
}

function fail(errcode: WechatErrcodeValue, reason: string): never {
  throw new RuleViolation(errcode, reason);
}

/**
 * Checks params the way WeChat does. Where WeChat is lenient (width out of range is clamped,
 * a non-number width falls back to 430, unknown fields are ignored) so are we; where it refuses,
 * we refuse with its errcode. `reason` is ours: WeChat's errmsg never says which field was wrong.
 */
export function checkCall(api: WxacodeApi, params: Record<string, unknown>, appPages: () => readonly string[]): RuleOutcome {
  try {
    const request = api === 'wxacode.getUnlimited' ? checkUnlimited(params, appPages) : checkLimited(api, params);
    return { ok: true, request };
  } catch (error) {
    if (error instanceof RuleViolation) return { ok: false, errcode: error.errcode, reason: error.reason };
    throw error;
  }
}

function checkLimited(api: WxacodeApi, params: Record<string, unknown>): CodeRequest {
  // only get documents env_version; createQRCode ignores it like any unknown field
  if (api === 'wxacode.get') checkEnvVersion(params.env_version);
  checkPath(params.path, api === 'wxacode.get' ? 'wxacode.get' : 'wxacode.createQRCode');
  // 获取小程序码 (wxacode.get) lists 40189 (width 长度不合法); the other two pages list no width code, and clamp
  if (api === 'wxacode.get') checkGetWidth(params.width);
  return { api, ...checkLook(params) };
}

function checkUnlimited(params: Record<string, unknown>, appPages: () => readonly string[]): CodeRequest {
  checkEnvVersion(params.env_version);
  checkScene(params.scene);
  const checkPathFlag = checkBoolean(params.check_path, 'check_path') ?? true;
  const unpublishedPage = checkPage(params.page, checkPathFlag, appPages);
  return { api: 'wxacode.getUnlimited', ...checkLook(params), ...(unpublishedPage ? { unpublishedPage } : {}) };
}

function checkEnvVersion(value: unknown): void {
  if (isAbsent(value)) return;
  if (typeof value !== 'string' || !(ENV_VERSIONS as readonly string[]).includes(value)) {
    fail(WechatErrcode.INVALID_ARGS, `env_version must be one of ${ENV_VERSIONS.join(', ')}, got ${describe(value)}`);
  }
}

// 获取小程序码 / 获取小程序二维码: 40159 (path 长度不合法) for an empty, missing or too-long path
function checkPath(value: unknown, api: keyof typeof PATH_MAX_BYTES): void {
  if (isAbsent(value) || value === '') fail(WechatErrcode.INVALID_PATH_LENGTH, 'path is required and must not be empty');
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_ARGS, `path must be a string, got ${describe(value)}`);
  const limit = PATH_MAX_BYTES[api];
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > limit) fail(WechatErrcode.INVALID_PATH_LENGTH, `${api} path must be at most ${limit} bytes, it has ${bytes}`);
  if (value.includes(RESERVED_FIELD)) fail(WechatErrcode.SCANCODE_TIME_RESERVED, `path must not contain ${RESERVED_FIELD}`);
}

function checkScene(value: unknown): void {
  if (isAbsent(value)) fail(WechatErrcode.INVALID_SCENE_LENGTH, 'scene is required');
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_SCENE_LENGTH, `scene must be a string, got ${describe(value)}`);
  const length = [...value].length;
  if (length === 0 || length > SCENE_MAX_CHARS) {
    fail(WechatErrcode.INVALID_SCENE_LENGTH, `scene must be 1 to ${SCENE_MAX_CHARS} characters, it has ${length}`);
  }
  if (!SCENE_CHARSET.test(value)) {
    const bad = [...value].find((c) => !SCENE_CHARSET.test(c));
    fail(WechatErrcode.INVALID_SCENE, `scene may hold only digits, letters and !#$&'()*+,/:;=?@-._~, not ${JSON.stringify(bad)}`);
  }
}

/** Returns the page when it is accepted only because check_path is false and it is not in app.json. */
function checkPage(value: unknown, checkPathFlag: boolean, appPages: () => readonly string[]): string | undefined {
  // an omitted or empty page means the home page, which always exists
  if (isAbsent(value) || value === '') return undefined;
  if (typeof value !== 'string') fail(WechatErrcode.INVALID_PAGE, `page must be a string, got ${describe(value)}`);
  if (value.includes(RESERVED_FIELD)) fail(WechatErrcode.SCANCODE_TIME_RESERVED, `page must not contain ${RESERVED_FIELD}`);
  if (value.startsWith('/')) fail(WechatErrcode.INVALID_PAGE, `page must not start with "/": ${JSON.stringify(value)}`);
  if (value.includes('?')) fail(WechatErrcode.INVALID_PAGE, `page must not carry a query (put it in scene): ${JSON.stringify(value)}`);
  const known = appPages().includes(value);
  if (known) return undefined;
  if (checkPathFlag) fail(WechatErrcode.INVALID_PAGE, `page ${JSON.stringify(value)} is not a page of app.json (pass check_path: false for unpublished pages)`);
  return value;
}

function checkLook(params: Record<string, unknown>): Pick<CodeRequest, 'width' | 'color' | 'transparent'> {
  const autoColor = checkBoolean(params.auto_color, 'auto_color') ?? false;
  const transparent = checkBoolean(params.is_hyaline, 'is_hyaline') ?? false;
  const lineColor = checkLineColor(params.line_color);
  return { width: clampWidth(params.width), color: autoColor ? { ...AUTO_COLOR } : lineColor, transparent };
}

function checkGetWidth(value: unknown): void {
  if (isAbsent(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < WIDTH_MIN || value > WIDTH_MAX) {
    fail(WechatErrcode.INVALID_WIDTH, `wxacode.get width must be an integer from ${WIDTH_MIN} to ${WIDTH_MAX}, got ${describe(value)}`);
  }
}

/** createQRCode and getUnlimited clamp rather than refuse, and ignore a width they cannot read as a number. */
export function clampWidth(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return WIDTH_DEFAULT;
  return Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, Math.round(value)));
}

function checkBoolean(value: unknown, field: string): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') fail(WechatErrcode.INVALID_ARGS, `${field} must be a boolean, got ${describe(value)}`);
  return value;
}

/** The docs show channels both as numbers and as decimal strings ({"r":"xxx",...}); a missing channel is 0. */
function checkLineColor(value: unknown): Rgb {
  if (isAbsent(value)) return { r: 0, g: 0, b: 0 };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(WechatErrcode.INVALID_ARGS, `line_color must be an object {r, g, b}, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  const channel = (name: 'r' | 'g' | 'b'): number => {
    const raw = record[name];
    if (isAbsent(raw)) return 0;
    const number = typeof raw === 'string' && /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 255) {
      fail(WechatErrcode.INVALID_ARGS, `line_color.${name} must be an integer 0..255 (number or decimal string), got ${describe(raw)}`);
    }
    return number;
  };
  return { r: channel('r'), g: channel('g'), b: channel('b') };
}

// protobuf-decoded params may carry null for an unset field; WeChat treats both as not sent
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  try {
    return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
  } catch {
    return typeof value;
  }
}
