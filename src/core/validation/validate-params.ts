import { ErrCode } from '../errors';
import { DEFAULTS } from '../params/defaults';
import { API_FIELDS } from '../params/fields';
import type { CodeRequest, WxacodeApi } from '../params/types';
import { reject } from './reject';
import { checkBoolean } from './rules/boolean';
import { checkEnvVersion } from './rules/env-version';
import { checkLineColor } from './rules/line-color';
import { checkPage } from './rules/page';
import { checkPath } from './rules/path';
import { checkScene } from './rules/scene';
import { checkWidth } from './rules/width';
import { checkKnownKeys } from './unknown-keys';

/**
 * Turns caller parameters (camelCase) into a normalized request, applying WeChat's defaults, or throws a
 * WxacodeError naming the first bad field. Nothing reaches WeChat without passing through here.
 */
export function validateParams(api: WxacodeApi, input: unknown): CodeRequest {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw reject(ErrCode.INVALID_ARGS, 'params', 'must be an object', input);
  }
  const params = input as Record<string, unknown>;
  const fields = API_FIELDS[api];
  checkKnownKeys(params, [...fields.required, ...fields.optional], api);
  const has = (key: string) => Object.prototype.hasOwnProperty.call(params, key) && params[key] !== undefined;
  for (const key of fields.required) {
    if (!has(key)) throw reject(requiredCode(key), key, 'is required', undefined, key === 'path' ? 'Pass the page to open, e.g. "pages/index/index"' : undefined);
  }
  const opt = <T>(key: string, check: (v: unknown, field: string) => T, fallback: T): T =>
    has(key) ? check(params[key], key) : fallback;
  const width = () => opt('width', (v, field) => checkWidth(v, api, field), DEFAULTS.width);

  switch (api) {
    case 'wxacode.createQRCode':
      return { api, params: { path: checkPath(params.path, api), width: width() } };
    case 'wxacode.get': {
      const autoColor = opt('autoColor', checkBoolean, DEFAULTS.autoColor);
      return {
        api,
        params: {
          path: checkPath(params.path, api),
          width: width(),
          autoColor,
          lineColor: lineColorFor(autoColor, opt('lineColor', checkLineColor, DEFAULTS.lineColor)),
          isHyaline: opt('isHyaline', checkBoolean, DEFAULTS.isHyaline),
          envVersion: opt('envVersion', checkEnvVersion, DEFAULTS.envVersion),
        },
      };
    }
    case 'wxacode.getUnlimited': {
      const autoColor = opt('autoColor', checkBoolean, DEFAULTS.autoColor);
      const page = has('page') ? checkPage(params.page) : undefined;
      return {
        api,
        params: {
          scene: checkScene(params.scene),
          ...(page === undefined ? {} : { page }),
          checkPath: opt('checkPath', checkBoolean, DEFAULTS.checkPath),
          envVersion: opt('envVersion', checkEnvVersion, DEFAULTS.envVersion),
          width: width(),
          autoColor,
          lineColor: lineColorFor(autoColor, opt('lineColor', checkLineColor, DEFAULTS.lineColor)),
          isHyaline: opt('isHyaline', checkBoolean, DEFAULTS.isHyaline),
        },
      };
    }
    default: {
      const never: never = api;
      throw reject(ErrCode.INVALID_ARGS, 'api', 'must be one of the three wxacode APIs', never);
    }
  }
}

/** WeChat ignores lineColor when autoColor is on; dropping it keeps one cached code for one image. */
function lineColorFor(autoColor: boolean, color: { r: number; g: number; b: number }) {
  return autoColor ? { ...DEFAULTS.lineColor } : color;
}

function requiredCode(key: string): number {
  if (key === 'scene') return ErrCode.INVALID_SCENE_LENGTH;
  // a missing path is an empty one: 40159 (invalid length for path), as 获取小程序码 / 获取小程序二维码 answer
  if (key === 'path') return ErrCode.INVALID_PATH_LENGTH;
  return ErrCode.INVALID_ARGS;
}
