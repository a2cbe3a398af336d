import { SCENE_MAX_LENGTH } from '../scene/codec/alphabet';
import type { EnvVersion, LineColor } from './types';

/** WeChat's documented defaults (获取小程序码, 获取小程序二维码, 获取不限制的小程序码), applied before caching so `{}` and `{width: 430}` are one code. */
export const DEFAULTS = {
  width: 430,
  autoColor: false,
  lineColor: { r: 0, g: 0, b: 0 } as LineColor,
  isHyaline: false,
  checkPath: true,
  envVersion: 'release' as EnvVersion,
} as const;

export const WIDTH_MIN = 280;
export const WIDTH_MAX = 1280;
/**
 * `path` limits per API, in bytes of UTF-8. WeChat counts bytes: a path of 119 characters but 139 bytes is refused
 * with 40159 (WeChat community question 生成小程序二维码为什么报40159错误?).
 */
export const PATH_MAX_BYTES = {
  // 获取小程序码 (wxacode.get / getQRCode): path 最大长度 1024
  'wxacode.get': 1024,
  // 获取小程序二维码 (wxacode.createQRCode): path 最大长度 128 字节
  'wxacode.createQRCode': 128,
} as const;
export type PathApi = keyof typeof PATH_MAX_BYTES;
export const SCENE_MAX_CHARS = SCENE_MAX_LENGTH;
export const ENV_VERSIONS: readonly EnvVersion[] = ['release', 'trial', 'develop'];
