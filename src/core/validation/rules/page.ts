import { ErrCode } from '../../errors';
import { reject } from '../reject';
import { checkNoScancodeTime } from './scancode-time';

/** getUnlimited's `page`: a page path as in app.json, no leading slash, no query (data goes in scene). */
export function checkPage(value: unknown, field = 'page'): string {
  if (typeof value !== 'string') {
    throw reject(ErrCode.INVALID_PAGE, field, 'must be a string such as "pages/index/index"', value, 'Omit page to open the home page');
  }
  if (value.length === 0) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not be empty', value, 'Omit page to open the home page');
  }
  if (value.startsWith('/')) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not start with "/"', value, `Use ${JSON.stringify(value.replace(/^\/+/, ''))}`);
  }
  if (value.includes('?')) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not carry query parameters', value, 'Put the parameters in scene or sceneData');
  }
  checkNoScancodeTime(value, field);
  return value;
}
