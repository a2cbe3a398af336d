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
  recordEntries?: unknown;
}

/** Refuses ttlSeconds / sceneMode without sceneData, and scene together with sceneData. True when sceneData is used. */
export function checkSceneEventFields(event: SceneEventFields): boolean {
  if (event.sceneData === undefined) {
    for (const field of ['ttlSeconds', 'sceneMode', 'recordEntries'] as const) {
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
  /** false: entries by this code are not recorded */
  recordEntries?: boolean;
}

/** sceneData, ttlSeconds and sceneMode checked as prepareScene checks them, before it touches the store. */
export function checkSceneOptions(sceneData: unknown, ttlSeconds: unknown, sceneMode: unknown, recordEntries?: unknown): CheckedSceneOptions {
  const data = asWxacodeError(() => validateSceneData(sceneData));
  const ttl = checkTtl(ttlSeconds);
  const mode = sceneMode ?? 'auto';
  if (mode !== 'auto' && mode !== 'stored') {
    throw new WxacodeError(ErrCode.INVALID_ARGS, `sceneMode: must be "auto" or "stored"; received ${describeReceived(mode)}. Omit it to store only data that does not fit`);
  }
  if (recordEntries !== undefined && typeof recordEntries !== 'boolean') {
    throw new WxacodeError(ErrCode.INVALID_ARGS, `recordEntries: must be true or false; received ${describeReceived(recordEntries)}. Pass false to keep entries by this code out of the stats, or omit it`);
  }
  const inline = mode === 'auto' ? encodeInlineIfFits(data) : null;
  if (recordEntries === false && inline !== null) {
    // an inline scene is the data itself: there is no stored record to keep the switch in
    throw new WxacodeError(
      ErrCode.INVALID_ARGS,
      `recordEntries: false needs a stored scene, and this sceneData fits inline (${JSON.stringify(inline)}); received false. Add sceneMode: 'stored', or turn recording off for the whole environment with WXACODE_ENTRIES=off`,
    );
  }
  return { data, ttlSeconds: ttl, mode, inline, ...(recordEntries === false ? { recordEntries: false } : {}) };
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
