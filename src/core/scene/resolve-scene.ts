import { ErrCode, WxacodeError } from '../errors';
import { parseScene, validateSceneData, type SceneData } from './codec';
import { asWxacodeError, toMillis } from './codec-errors';
import type { SceneStore } from './scene-store';

export interface ResolveSceneOptions {
  now?: Date | number;
}

/**
 * The data behind a scene as a page receives it (URL-encoded or already decoded): decoded in place when inline,
 * looked up when stored. Legacy `a=1&b=2` scenes resolve to strings (see FORMAT.md).
 */
export async function resolveScene(rawScene: unknown, store: SceneStore, options: ResolveSceneOptions = {}): Promise<SceneData> {
  return (await resolveSceneDetail(rawScene, store, options)).data;
}

/** A scene resolved, with what wxacodeResolveScene needs besides the data. */
export interface ResolvedSceneDetail {
  form: 'inline' | 'stored';
  /** the scene as generated (decoded): the stored key, or the inline scene */
  scene: string;
  data: SceneData;
  /** 活码: the page a stored scene lands on since it was changed */
  page?: string;
  /** false when the code was made with recordEntries: false */
  recordEntries: boolean;
}

/** resolveScene with the 活码 state of a stored scene; a disabled one is refused with its team's message. */
export async function resolveSceneDetail(rawScene: unknown, store: SceneStore, options: ResolveSceneOptions = {}): Promise<ResolvedSceneDetail> {
  const parsed = asWxacodeError(() => parseScene(rawScene));
  if (parsed.form === 'inline') return { form: 'inline', scene: parsed.scene, data: parsed.data, recordEntries: true };
  const stored = await store.get(parsed.key);
  if (!stored) {
    throw new WxacodeError(
      ErrCode.SCENE_KEY_NOT_FOUND,
      `scene: no data is stored for ${parsed.key}. The code was made in another CloudBase environment or its record was deleted; make a new code with wxacodeGetUnlimited`,
    );
  }
  if (stored.expiresAt && stored.expiresAt.getTime() <= toMillis(options.now)) {
    throw new WxacodeError(
      ErrCode.SCENE_KEY_EXPIRED,
      `scene: the data for ${parsed.key} expired at ${stored.expiresAt.toISOString()}. Make a new code with wxacodeGetUnlimited (a longer ttlSeconds, or none, keeps it valid)`,
    );
  }
  if (stored.disabled) {
    // the team's own words: the page shows errMsg as it is
    throw new WxacodeError(ErrCode.SCENE_DISABLED, stored.disabled.message);
  }
  try {
    const data = validateSceneData(stored.data, `stored data for ${parsed.key}`);
    return { form: 'stored', scene: parsed.key, data, ...(stored.page ? { page: stored.page } : {}), recordEntries: stored.recordEntries !== false };
  } catch (error) {
    const reason = error instanceof Error && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : String(error);
    throw new WxacodeError(ErrCode.SCENE_MALFORMED, `scene: the stored record is damaged (${reason}). Make a new code with wxacodeGetUnlimited`);
  }
}
