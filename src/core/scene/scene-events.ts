import { ErrCode, WxacodeError, toWxacodeError } from '../errors';
import { describeReceived } from '../validation/reject';
import type { SceneData } from './codec';
import { prepareScene, type PreparedScene } from './prepare-scene';
import { resolveScene } from './resolve-scene';
import { checkSceneEventFields, type SceneEventFields } from './scene-options';
import type { SceneStore } from './scene-store';

export type { SceneEventFields } from './scene-options';

export interface SceneEventOptions {
  now?: Date | number;
  secret?: string;
  beforeNewPayload?: () => Promise<void>;
}

/**
 * For wxacodeGetUnlimited: the scene to send to WeChat when the event carries sceneData, or null when it does not
 * (then `scene` is used as given and validated as usual). Call it before computing the cache key.
 */
export async function sceneFromEvent(event: SceneEventFields, store: SceneStore, options: SceneEventOptions = {}): Promise<PreparedScene | null> {
  if (!checkSceneEventFields(event)) return null;
  return prepareScene(event.sceneData, store, {
    ttlSeconds: event.ttlSeconds as number | undefined,
    sceneMode: event.sceneMode as 'auto' | 'stored' | undefined,
    now: options.now,
    secret: options.secret,
    beforeNewPayload: options.beforeNewPayload,
  });
}

export type ResolveSceneReply = { errCode: 0; errMsg: 'ok'; data: SceneData } | { errCode: number; errMsg: string };

/** The whole of wxacodeResolveScene: `{scene}` → `{errCode: 0, errMsg: 'ok', data}` or `{errCode, errMsg}`; never throws. */
export async function handleResolveScene(event: unknown, store: SceneStore, options: { now?: Date | number } = {}): Promise<ResolveSceneReply> {
  try {
    const scene = event && typeof event === 'object' ? (event as { scene?: unknown }).scene : undefined;
    if (scene === undefined) {
      throw new WxacodeError(ErrCode.INVALID_ARGS, 'scene: is required; received nothing (undefined). Pass {scene: query.scene} from the page a code opened');
    }
    return { errCode: 0, errMsg: 'ok', data: await resolveScene(scene, store, options) };
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}
