import { toWxacodeError } from '../errors';
import type { CodeRequest, WxacodeApi } from '../params/types';
import { checkSceneEventFields, checkSceneOptions, type CheckedSceneOptions } from '../scene/scene-options';
import { validateParams } from '../validation/validate-params';
import { checkEventParams, SCENE_KEYS } from './check-event-params';

export type PrecheckResult =
  | {
      ok: true;
      /** the normalized request; for sceneData that will be stored, its scene is still the placeholder */
      request: CodeRequest;
      /** with sceneData: the checked data and the inline scene, or null when it will be stored under a key */
      scene?: CheckedSceneOptions;
    }
  | { ok: false; errCode: number; errMsg: string };

/**
 * Everything a code function checks about its event before it reads or writes anything, with the same errCode and
 * errMsg, and no I/O: the emulator's web UI runs it in the browser to refuse a bad field before sending. The caller
 * policy (pages, admins, rate, event size) depends on the function's configuration and is checked by the function.
 */
export function precheckCodeEvent(api: WxacodeApi, event: unknown): PrecheckResult {
  try {
    const sceneKeys = api === 'wxacode.getUnlimited' ? SCENE_KEYS : [];
    const { params, checked } = checkEventParams(api, event, sceneKeys);
    const fields = event as Record<string, unknown>;
    if (sceneKeys.length === 0 || !checkSceneEventFields(fields)) return { ok: true, request: checked };
    const scene = checkSceneOptions(fields.sceneData, fields.ttlSeconds, fields.sceneMode, fields.recordEntries);
    const request = scene.inline === null ? checked : validateParams(api, { ...params, scene: scene.inline });
    return { ok: true, request, scene };
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { ok: false, errCode, errMsg };
  }
}
