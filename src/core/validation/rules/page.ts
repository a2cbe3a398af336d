import { ErrCode } from '../../errors';
import { reject } from '../reject';
import { checkNoScancodeTime } from './scancode-time';

/** Where a page path is given, so the hint says what to do there (omitting it means something else in each). */
export type PageUse = 'code' | 'entry' | 'change';

const HINTS: Record<PageUse, { missing: string; query: string }> = {
  code: { missing: 'Omit page to open the home page', query: 'Put the parameters in scene or sceneData' },
  entry: {
    missing: "Pass the page's route (this.route in the page, e.g. \"pages/table/table\"), or leave entry.page out",
    query: "Pass the route without its query (this.route in the page); the code's scene goes in scene",
  },
  change: {
    missing: 'Pass a page of the app such as "pages/menu/menu", or leave page out to keep the page the code lands on',
    query: "A code's page takes no query: its parameters stay in the code's scene, and new data goes in data",
  },
};

/** getUnlimited's `page`: a page path as in app.json, no leading slash, no query (data goes in scene). */
export function checkPage(value: unknown, field = 'page', use: PageUse = 'code'): string {
  const hints = HINTS[use];
  if (typeof value !== 'string') {
    throw reject(ErrCode.INVALID_PAGE, field, 'must be a string such as "pages/index/index"', value, hints.missing);
  }
  if (value.length === 0) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not be empty', value, hints.missing);
  }
  if (value.startsWith('/')) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not start with "/"', value, `Use ${JSON.stringify(value.replace(/^\/+/, ''))}`);
  }
  if (value.includes('?')) {
    throw reject(ErrCode.INVALID_PAGE, field, 'must not carry query parameters', value, hints.query);
  }
  checkNoScancodeTime(value, field);
  return value;
}
