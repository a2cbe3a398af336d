import { reject } from '../reject';
import { checkNoScancodeTime } from './scancode-time';

/**
 * The page a link opens (URL Link `path`, URL Scheme `jump_wxa.path`, Short Link `page_url` before "?").
 * 获取加密URLLink / 获取加密scheme码: "必须是已经发布的小程序存在的页面，不可携带 query。path 为空时会跳转小程序主页";
 * both answer a bad one with 40165 (invalid path); 获取ShortLink answers 40066 (invalid url). WeChat's examples write
 * "/pages/…": a leading "/" is accepted and dropped, so both spellings are one link. '' is the home page.
 * Whether the page exists is the caller policy's check (the app's pages, -700104), as for codes.
 */
export function checkLinkPath(value: unknown, field: string, errCode: number): string {
  if (typeof value !== 'string') {
    throw reject(errCode, field, 'must be a string such as "pages/index/index"', value, 'Omit it to open the home page');
  }
  const page = value.replace(/^\/+/, '');
  if (page.includes('?')) {
    const [path, query] = [page.slice(0, page.indexOf('?')), page.slice(page.indexOf('?') + 1)];
    throw reject(errCode, field, 'must not carry a query ("?…"): WeChat refuses a path with one', value, `Pass path ${JSON.stringify(path)} and query ${JSON.stringify(query)}`);
  }
  if (/\s/.test(page) || page.includes('#')) {
    // a space copied in at an end is the common case: name the path without it
    const trimmed = page.trim();
    const hint = trimmed !== page && !/\s|#/.test(trimmed) ? `Trim it: ${JSON.stringify(trimmed)}` : undefined;
    throw reject(errCode, field, 'must be a page path as in app.json (no spaces or "#")', value, hint);
  }
  checkNoScancodeTime(page, field);
  return page;
}
