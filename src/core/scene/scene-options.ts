import { ErrCode, WxacodeError } from '../errors';
import { describeReceived } from '../validation/reject';
import { encodeInlineIfFits, validateSceneData, type SceneData } from './codec';
import { asWxacodeError } from './codec-errors';

/**
 * The checks of a getUnlimited event's scene fields that need no store, in the order the function runs them. Pure
 * on purpose: the emulator's web UI runs the same code in the browser to show the function's errMsg before sending.
 */

export const MAX_TTL_SECONDS = 10 * 365 * 24 * 3600;

export interface SceneEventFields {
  scene?: unknown;
  sceneData?: unknown;
  ttlSeconds?: unknown;
  sceneMode?: unknown;
}

/** Refuses ttlSeconds / sceneMode without sceneData, and scene together with sceneData. True when sceneData is used. */
export function checkSceneEventFields(event: SceneEventFields): boolean {
  if (event.sceneData === undefined) {
    for (const field of ['ttlSeconds', 'sceneMode'] as const) {
      if (event[field] !== undefined) {
        throw new WxacodeError(ErrCode.INVALID_ARGS, `${field}: only applies with sceneData; received ${describeReceived(event[field])}. Pass sceneData instead of scene, or drop ${field}`);
      }
    }
    return false;
  }
  if (event.scene !== undefined) {
    throw new WxacodeError(
      ErrCode.INVALID_ARGS,
      `scene, sceneData: pass one, not both; received scene ${describeReceived(event.scene)} and sceneData. Use sceneData for an object of any size, scene for a ready string of at most 32 characters`,
    );
  }
  return true;
}

export interface CheckedSceneOptions {
  data: SceneData;
  ttlSeconds: number | undefined;
  mode: 'auto' | 'stored';
  /** the inline scene when the data fits in one and mode allows it; null: it will be stored under a key */
  inline: string | null;
}

/** sceneData, ttlSeconds and sceneMode checked as prepareScene checks them, before it touches the store. */
export function checkSceneOptions(sceneData: unknown, ttlSeconds: unknown, sceneMode: unknown): CheckedSceneOptions {
  const data = asWxacodeError(() => validateSceneData(sceneData));
  const ttl = checkTtl(ttlSeconds);
  const mode = sceneMode ?? 'auto';
  if (mode !== 'auto' && mode !== 'stored') {
    throw new WxacodeError(ErrCode.INVALID_ARGS, `sceneMode: must be "auto" or "stored"; received ${describeReceived(mode)}. Omit it to store only data that does not fit`);
  }
  return { data, ttlSeconds: ttl, mode, inline: mode === 'auto' ? encodeInlineIfFits(data) : null };
}

function checkTtl(ttl: unknown): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new WxacodeError(
      ErrCode.INVALID_ARGS,
      `ttlSeconds: must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (10 years); received ${describeReceived(ttl)}. Omit it for a payload that never expires`,
    );
  }
  return ttl;
}
