import type { CodeRequest, WxacodeApi } from '../params/types';
import { validateParams } from '../validation/validate-params';
import { parseEvent, type ParsedEvent } from './event';

/** Event keys of getUnlimited that are about the scene payload, not WeChat parameters. */
export const SCENE_KEYS = ['sceneData', 'ttlSeconds', 'sceneMode', 'recordEntries'] as const;
/** Stands in for the scene while the other parameters are checked, so nothing is stored for a refused event. */
const PLACEHOLDER_SCENE = 'x';

export interface CheckedEventParams extends ParsedEvent {
  /** the validated request; with sceneData and no scene, its scene is still the placeholder */
  checked: CodeRequest;
}

/**
 * An event's WeChat parameters parsed and validated, the first checks of every code function (and of the web UI's
 * check before sending): throws the refusal.
 */
export function checkEventParams(api: WxacodeApi, event: unknown, sceneKeys: readonly string[]): CheckedEventParams {
  const { params, options } = parseEvent(api, event, sceneKeys);
  const usesSceneData = sceneKeys.length > 0 && (event as Record<string, unknown>).sceneData !== undefined;
  const checked = validateParams(api, usesSceneData && params.scene === undefined ? { ...params, scene: PLACEHOLDER_SCENE } : params);
  return { params, options, checked };
}
