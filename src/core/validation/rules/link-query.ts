import { linkQueryProblem } from '../../scene/codec';
import { reject } from '../reject';

/** 获取加密URLLink / 获取加密scheme码: query 最大1024个字符; 获取ShortLink: page_url 最大1024个字符. */
export const LINK_QUERY_MAX_CHARS = 1024;

/**
 * 获取加密URLLink / 获取加密scheme码: query "最大1024个字符，只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~%",
 * in the form a=1&b=2; 40212 (invalid query) otherwise. 获取ShortLink: page_url with its query at most 1024
 * characters (40066). Chinese and spaces must be URL-encoded, or passed as queryData. The key `wxl` is kept for the
 * link's own id. The problems are found by the codec (shared with the page helpers' plain-text scheme).
 */
export function checkLinkQuery(value: unknown, field: string, errCode: number, maxChars = LINK_QUERY_MAX_CHARS): string {
  if (typeof value !== 'string') {
    throw reject(errCode, field, 'must be a string in the form "a=1&b=2"', value, 'For an object pass queryData instead');
  }
  const problem = linkQueryProblem(value, maxChars);
  if (problem) throw reject(errCode, field, problem.rule, value, problem.hint);
  return value;
}
