import { ErrCode } from '../../errors';
import { PATH_MAX_BYTES, type PathApi } from '../../params/defaults';
import { reject } from '../reject';
import { checkNoScancodeTime } from './scancode-time';

/**
 * `path` of wxacode.get / createQRCode: the page opened on scan, with an optional query. Its limit differs per API:
 * 获取小程序码 (wxacode.get): 最大长度 1024, 不能为空; 获取小程序二维码 (createQRCode): 最大长度 128 字节, 不能为空.
 * Both answer an empty or too-long path with 40159 (invalid length for path).
 */
export function checkPath(value: unknown, api: PathApi, field = 'path'): string {
  if (typeof value !== 'string') {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be a string such as "pages/index/index?id=1"', value);
  }
  if (value.length === 0) {
    throw reject(ErrCode.INVALID_PATH_LENGTH, field, 'must not be empty', value, 'Pass the page to open, e.g. "pages/index/index"');
  }
  const limit = PATH_MAX_BYTES[api];
  // TextEncoder rather than Buffer: the emulator's web UI runs this rule in the browser (same count, lone
  // surrogates included: both write U+FFFD)
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > limit) {
    throw reject(
      ErrCode.INVALID_PATH_LENGTH,
      field,
      `must be at most ${limit} bytes of UTF-8 for ${api} (it is ${bytes})`,
      value,
      api === 'wxacode.createQRCode'
        ? 'Use wxacodeGet (1024 bytes), move the data into a short id, or use wxacodeGetUnlimited with sceneData'
        : 'Move the data into a short id, or use wxacodeGetUnlimited with sceneData',
    );
  }
  checkNoScancodeTime(value, field);
  return value;
}
