import { ErrCode } from '../../errors';
import { WIDTH_MAX, WIDTH_MIN } from '../../params/defaults';
import type { WxacodeApi } from '../../params/types';
import { reject } from '../reject';

/**
 * WeChat would silently clamp; we refuse instead, so the caller gets the size they asked for or an answer why not.
 * 获取小程序码 (wxacode.get) lists 40189 (width 长度不合法) for a bad width, so get answers 40189; the pages of
 * 获取小程序二维码 and 获取不限制的小程序码 list no width code, so those keep 40097 (invalid args).
 */
export function checkWidth(value: unknown, api: WxacodeApi, field = 'width'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < WIDTH_MIN || value > WIDTH_MAX) {
    const errCode = api === 'wxacode.get' ? ErrCode.INVALID_WIDTH : ErrCode.INVALID_ARGS;
    throw reject(errCode, field, `must be an integer number of pixels from ${WIDTH_MIN} to ${WIDTH_MAX}`, value);
  }
  return value;
}
