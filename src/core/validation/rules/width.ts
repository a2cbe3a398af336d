import { ErrCode } from '../../errors';
import { WIDTH_MAX, WIDTH_MIN } from '../../params/defaults';
import { reject } from '../reject';

/** WeChat would silently clamp; we refuse instead, so the caller gets the size they asked for or an answer why not. */
export function checkWidth(value: unknown, field = 'width'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < WIDTH_MIN || value > WIDTH_MAX) {
    throw reject(ErrCode.INVALID_ARGS, field, `must be an integer number of pixels from ${WIDTH_MIN} to ${WIDTH_MAX}`, value);
  }
  return value;
}
