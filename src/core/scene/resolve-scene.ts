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
  const parsed = asWxacodeError(() => parseScene(rawScene));
  if (parsed.form === 'inline') return parsed.data;
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
  try {
    return validateSceneData(stored.data, `stored data for ${parsed.key}`);
  } catch (error) {
    const reason = error instanceof Error && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : String(error);
    throw new WxacodeError(ErrCode.SCENE_MALFORMED, `scene: the stored record is damaged (${reason}). Make a new code with wxacodeGetUnlimited`);
  }
}
