import { ErrCode } from '../../errors';
import { PATH_MAX_BYTES } from '../../params/defaults';
import { reject } from '../reject';
import { checkNoScancodeTime } from './scancode-time';

/** `path` of wxacode.get / createQRCode: the page opened on scan, with an optional query. */
export function checkPath(value: unknown, field = 'path'): string {
  if (typeof value !== 'string') {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be a string such as "pages/index/index?id=1"', value);
  }
  if (value.length === 0) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must not be empty', value, 'Pass the page to open, e.g. "pages/index/index"');
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > PATH_MAX_BYTES) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      `must be at most ${PATH_MAX_BYTES} bytes of UTF-8 (it is ${bytes})`,
      value,
      'Move the data into a short id, or use wxacodeGetUnlimited with sceneData',
    );
  }
  checkNoScancodeTime(value, field);
  return value;
}
