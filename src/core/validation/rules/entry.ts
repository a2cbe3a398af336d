import { ErrCode } from '../../errors';
import { snakeToCamel } from '../../params/fields';
import { reject } from '../reject';
import { checkPage } from './page';

/** What a page tells wxacodeResolveScene about how the user came in (from wx.getEnterOptionsSync()). */
export interface EntryInput {
  /** the 场景值: 1047 a scanned 小程序码, 1048 / 1049 one long-pressed or picked from the album, 1065 a URL Scheme … */
  sceneValue: number;
  /** the page the user landed on, as in app.json */
  page?: string;
}

/** 场景值列表: the values are four-digit numbers today (1001–1300 and up); anything outside 1000–9999 is a mistake. */
const MIN_SCENE_VALUE = 1000;
const MAX_SCENE_VALUE = 9999;

/** wxacodeResolveScene's `entry`: `{sceneValue, page?}`, as wx.getEnterOptionsSync() reports it. */
export function checkEntry(value: unknown, field = 'entry'): EntryInput | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      'must be an object {sceneValue, page?}',
      value,
      'Pass {sceneValue: wx.getEnterOptionsSync().scene, page: the page\'s route}, or omit entry to resolve without recording',
    );
  }
  const { sceneValue, page, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw reject(ErrCode.INVALID_ARGS, `${field}.${unknown[0]}`, 'is not a field of entry (it takes sceneValue and page)', rest[unknown[0]], unknownFieldHint(unknown[0]));
  }
  if (typeof sceneValue !== 'number' || !Number.isInteger(sceneValue) || sceneValue < MIN_SCENE_VALUE || sceneValue > MAX_SCENE_VALUE) {
    throw reject(
      ErrCode.INVALID_ARGS,
      `${field}.sceneValue`,
      `must be the 场景值 as a whole number from ${MIN_SCENE_VALUE} to ${MAX_SCENE_VALUE} (e.g. 1047 for a scanned 小程序码)`,
      sceneValue,
      'Pass wx.getEnterOptionsSync().scene as it is (a number, not a string)',
    );
  }
  if (page === undefined) return { sceneValue };
  return { sceneValue, page: checkPage(page, `${field}.page`, 'entry') };
}

/** wx.getEnterOptionsSync() names the 场景值 `scene`, and WeChat's HTTPS API spells keys in snake_case: both are likely. */
function unknownFieldHint(key: string): string {
  if (key === 'scene') return 'wx.getEnterOptionsSync().scene is the 场景值: pass it as entry.sceneValue (the code\'s scene goes beside entry, as scene)';
  const camel = snakeToCamel(key);
  const close = ['sceneValue', 'page'].find((name) => name === camel || name.toLowerCase() === key.toLowerCase());
  return close ? `Did you mean ${close}? Cloud functions take camelCase keys` : 'Remove it';
}
