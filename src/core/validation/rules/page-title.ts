import { ErrCode } from '../../errors';
import { reject } from '../reject';

/** 获取ShortLink: page_title "页面标题，不能包含违法信息，超过20字符会用... 截断代替"; 40225 (invalid page title). Refused rather than cut. */
export const PAGE_TITLE_MAX_CHARS = 20;

export function checkPageTitle(value: unknown, field = 'pageTitle'): string {
  if (typeof value !== 'string') throw reject(ErrCode.SHORT_LINK_INVALID_TITLE, field, 'must be a string', value, 'Omit it for no title');
  const chars = [...value].length;
  if (chars > PAGE_TITLE_MAX_CHARS) {
    throw reject(
      ErrCode.SHORT_LINK_INVALID_TITLE,
      field,
      `must be at most ${PAGE_TITLE_MAX_CHARS} characters (it has ${chars}); WeChat would cut it to ${JSON.stringify(`${[...value].slice(0, PAGE_TITLE_MAX_CHARS).join('')}...`)}`,
      value,
      'Shorten it',
    );
  }
  // "/" would split the link's own form, #小程序://<name>/<title>/<code>
  if (/[\u0000-\u001f\u007f/]/.test(value)) throw reject(ErrCode.SHORT_LINK_INVALID_TITLE, field, 'must not contain "/" or control characters (line breaks, tabs)', value, 'The title is shown in the link #小程序://<app>/<title>/<code>');
  return value;
}
