import { cloudRuntime, entryRecording } from '../adapters/wx-server-sdk';
import { inInvocation } from '../adapters/wx-server-sdk/invocation';
import { toWxacodeError } from '../core/errors';
import { handleResolveScene } from '../core/scene/scene-events';

/**
 * Cloud function `wxacodeResolveScene`: `{scene, entry?, link?}` as a page received it → `{errCode: 0, errMsg: 'ok',
 * data, page?, recorded?}`. With `entry` ({sceneValue, page?}) it records the entry in the same invocation. No openapi use.
 */
export function main(event: unknown, context?: unknown) {
  return inInvocation(context, async () => {
    try {
      const rt = cloudRuntime();
      return await handleResolveScene(event, rt.scenes, { entries: entryRecording(rt) });
    } catch (error) {
      const { errCode, errMsg } = toWxacodeError(error);
      return { errCode, errMsg };
    }
  });
}
