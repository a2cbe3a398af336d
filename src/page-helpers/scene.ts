import { parseScene, SceneCodecError } from '../core/scene/codec/index';
import { wxacodeResolveScene as resolveStoredScene } from './functions';
import { miniProgramWx } from './mini-program';
import { isSuccess, type Outcome, type SceneData } from './types';

/**
 * The scene of a page opened by a code of wxacodeGetUnlimited, in the three ways a page meets it. None needs
 * `Page` or `Component`: native, Taro and uni-app pages call them from their own lifecycles.
 */

export interface SceneOnPage {
  data: SceneData;
  sceneMode: 'inline' | 'stored';
}

/** decodeURIComponent as WeChat's docs ask; a malformed escape is left for parseScene to report. */
function decodeOnce(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The scene from `onLoad`'s query (Taro: `useRouter().params`, `getCurrentInstance().router.params`; uni-app:
 * `onLoad(query)`). "scene 需要使用 decodeURIComponent 才能获取到生成二维码时传入的 scene" (获取不限制的小程序码).
 * Undefined when the page was not opened by such a code.
 */
export function sceneFromQuery(query: Record<string, string | undefined> | undefined | null): string | undefined {
  const raw = query?.scene;
  return typeof raw === 'string' && raw !== '' ? decodeOnce(raw) : undefined;
}

/**
 * The scene of the current entry, from wx.getEnterOptionsSync: a code scanned while the page is already open
 * re-enters through `onShow` without `onLoad`. With `route` (the page's path as in app.json), undefined when the
 * entry opened another page. Undefined where the API is missing (base library < 2.9.4) or there is no scene.
 */
export function sceneOfEntry(route?: string): string | undefined {
  const wx = miniProgramWx();
  if (typeof wx.getEnterOptionsSync !== 'function') return undefined;
  const enter = wx.getEnterOptionsSync();
  if (route !== undefined && enter.path.replace(/^\/+/, '') !== route.replace(/^\/+/, '')) return undefined;
  return sceneFromQuery(enter.query);
}

/**
 * The scene in a wx.scanCode result of this app's own code (its `path`, "当所扫的码为当前小程序二维码时，会返回此字段"):
 * `pages/x/x?scene=a%3D1` on iOS, `pages/x/x?scene=a=1` on Android, the scene left encoded on one and decoded
 * on the other. A scene never holds `%` (getUnlimited's allowed characters), so everything after `scene=` is
 * the scene, decoded when it holds an escape. Undefined for a code without a scene or another app's code.
 */
export function sceneFromScanResult(res: { path?: string } | undefined | null): string | undefined {
  const path = res?.path;
  if (typeof path !== 'string') return undefined;
  const query = path.indexOf('?');
  if (query < 0) return undefined;
  const match = /(?:^|&)scene=/.exec(path.slice(query + 1));
  if (!match) return undefined;
  const raw = path.slice(query + 1 + match.index + match[0].length);
  if (raw === '') return undefined;
  return raw.includes('%') ? decodeOnce(raw) : raw;
}

/**
 * The data behind a scene: inline scenes are decoded here with no network; stored ones are looked up by
 * wxacodeResolveScene. Never throws: problems come back as `{errCode, errMsg}` for the page to show.
 */
export async function resolveScene(scene: string): Promise<Outcome<SceneOnPage>> {
  let parsed;
  try {
    parsed = parseScene(scene);
  } catch (error) {
    if (error instanceof SceneCodecError) return { errCode: error.errCode, errMsg: error.errMsg };
    throw error;
  }
  if (parsed.form === 'inline') return { errCode: 0, errMsg: 'ok', data: parsed.data, sceneMode: 'inline' };
  const outcome = await resolveStoredScene({ scene: parsed.key });
  if (!isSuccess(outcome)) return outcome;
  return { errCode: 0, errMsg: 'ok', data: outcome.data, sceneMode: 'stored' };
}
