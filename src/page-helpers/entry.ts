import { parseScene, SceneCodecError } from '../core/scene/codec/index';
import { wxacodeResolveScene } from './functions';
import { miniProgramWx, type EnterOptions } from './mini-program';
import { sceneFromQuery, type SceneOnPage } from './scene';
import { isSuccess, type Outcome } from './types';

/** A page opened by a code or a link, its entry recorded. */
export interface EntryOnPage extends SceneOnPage {
  /** the scene as generated (decoded) */
  scene: string;
  /**
   * 活码: the code now lands on another page; `wx.redirectTo({url: redirectTo})` takes the user there (the scene
   * goes along). Absent when this is the page.
   */
  redirectTo?: string;
  /** whether this call counted an entry (false: the same entry seen again, recording off, or no entry) */
  recorded: boolean;
}

/** The query field a link made by the toolkit carries its short id in (the links' LINK_ID_KEY: the same key). */
export const LINK_QUERY_FIELD = 'wxl';

/**
 * An entry is passed to wxacodeResolveScene once: `onLoad` and `onShow` of one entry both see the same enter options,
 * and on Android coming back from the desktop reports the previous 场景值 again (场景值列表). Within this window the
 * same enter options are the same entry; the function applies the same window on its side (a new instance of the
 * mini program forgets this one).
 */
export const ENTRY_WINDOW_MS = 30 * 60 * 1000;

let lastEntry: { key: string; at: number } | undefined;

/** for tests: forget the entries seen, as a fresh start of the mini program does */
export function forgetEntries(): void {
  lastEntry = undefined;
}

function enterOptions(): (EnterOptions & { scene?: number }) | undefined {
  const wx = miniProgramWx();
  return typeof wx.getEnterOptionsSync === 'function' ? (wx.getEnterOptionsSync() as EnterOptions & { scene?: number }) : undefined;
}

const samePage = (a: string, b: string) => a.replace(/^\/+/, '') === b.replace(/^\/+/, '');

/**
 * For `onLoad(query)` and `onShow()` of a page a code or a link opens: the data of its scene, with the entry recorded
 * (wx.getEnterOptionsSync's 场景值, once per entry) in the same wxacodeResolveScene call. `route` is the page's path as
 * in app.json; `query` is onLoad's (omit it in onShow: the enter options tell a scan while the page was open).
 * Undefined when the page was not opened with a scene. Never throws: problems come back as `{errCode, errMsg}`; a
 * code switched off (活码) comes back as errCode SCENE_DISABLED with its team's message in errMsg.
 */
export async function resolveEntry(route: string, query?: Record<string, string | undefined> | null): Promise<Outcome<EntryOnPage> | undefined> {
  const enter = enterOptions();
  const enteredHere = enter !== undefined && samePage(enter.path, route);
  // onLoad's query when given (a page opened by navigateTo has its own); in onShow, the entry's
  const fields = query ?? (enteredHere ? enter?.query : undefined);
  const scene = sceneFromQuery(fields);
  const link = fields?.[LINK_QUERY_FIELD] || undefined;
  // the entry belongs to this page only when these very fields came in with it (not ones passed on by a redirect)
  const sceneValue =
    enteredHere && typeof enter?.scene === 'number' && sceneFromQuery(enter.query) === scene && (enter.query?.[LINK_QUERY_FIELD] || undefined) === link ? enter.scene : undefined;
  const now = Date.now();
  const isNew = (key: string) => {
    if (lastEntry && lastEntry.key === key && now - lastEntry.at < ENTRY_WINDOW_MS) return false;
    lastEntry = { key, at: now };
    return true;
  };
  const entry = sceneValue === undefined ? undefined : { sceneValue, page: route.replace(/^\/+/, '') };
  if (scene === undefined) {
    // a link whose page carries no scene: nothing to resolve, its entry still recorded, once
    if (link && entry && isNew(`${sceneValue}\n${route}\n\n${link}`)) await wxacodeResolveScene({ link, entry });
    return undefined;
  }
  let parsed;
  try {
    parsed = parseScene(scene);
  } catch (error) {
    if (error instanceof SceneCodecError) return { errCode: error.errCode, errMsg: error.errMsg };
    throw error;
  }
  const isNewEntry = entry !== undefined && isNew(`${sceneValue}\n${route}\n${parsed.scene}\n${link ?? ''}`);

  // an inline scene needs no lookup: the call is made only to record its entry, and its failure still shows the data
  if (parsed.form === 'inline' && !isNewEntry) return { errCode: 0, errMsg: 'ok', data: parsed.data, sceneMode: 'inline', scene: parsed.scene, recorded: false };
  const outcome = await wxacodeResolveScene({
    scene: parsed.scene,
    ...(isNewEntry ? { entry } : {}),
    ...(isNewEntry && link ? { link } : {}),
  });
  if (!isSuccess(outcome)) {
    if (parsed.form === 'inline') return { errCode: 0, errMsg: 'ok', data: parsed.data, sceneMode: 'inline', scene: parsed.scene, recorded: false };
    return outcome;
  }
  const redirectTo = outcome.page && !samePage(outcome.page, route) ? `/${outcome.page}?scene=${encodeURIComponent(parsed.scene)}` : undefined;
  return {
    errCode: 0,
    errMsg: 'ok',
    data: parsed.form === 'inline' ? parsed.data : outcome.data,
    sceneMode: parsed.form,
    scene: parsed.scene,
    recorded: outcome.recorded === true,
    ...(redirectTo ? { redirectTo } : {}),
  };
}
