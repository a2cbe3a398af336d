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
export const PATH_MAX_BYTES = 128;
export const SCENE_MAX_CHARS = SCENE_MAX_LENGTH;
export const ENV_VERSIONS: readonly EnvVersion[] = ['release', 'trial', 'develop'];
