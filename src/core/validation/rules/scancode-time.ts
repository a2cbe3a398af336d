import { ErrCode } from '../../errors';
import { reject } from '../reject';

/** WeChat reserves the query key `scancode_time` for itself (85096) in pages and paths. */
export function checkNoScancodeTime(value: string, field: string): void {
  if (value.includes('scancode_time')) {
    throw reject(
      ErrCode.SCANCODE_TIME_RESERVED,
      field,
      'must not contain scancode_time, which WeChat reserves for itself',
      value,
      'Rename that parameter',
    );
  }
}
