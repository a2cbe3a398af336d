import type { CodeService } from '../delivery/code-service';
import type { Delivered, Failure } from '../delivery/results';
import { toWxacodeError } from '../errors';
import type { CodeRequest, WxacodeApi } from '../params/types';
import type { CallerGuard } from '../policy/caller-guard';
import type { Admission } from '../policy/policy';
import { sceneFromEvent } from '../scene/scene-events';
import type { SceneStore } from '../scene/scene-store';
import type { SceneMode } from '../scene/prepare-scene';
import { validateParams } from '../validation/validate-params';
import { checkEventParams, SCENE_KEYS } from './check-event-params';
import { withWechatHint } from './wechat-error-hints';

export interface CodeEventContext {
  /** the caller policy of this invocation; none: trusted, unlimited (tests, server-side use) */
  guard?: CallerGuard;
  /** where stored scene payloads go; without it, sceneData is refused for lack of somewhere to put it */
  scenes?: SceneStore;
  /** epoch ms when the platform kills this invocation (see invocationDeadline) */
  deadline?: number;
}

export type SceneDelivered = Delivered & { scene: string; sceneMode: SceneMode; expiresAt?: string };

/**
 * The body of every code-making cloud function: event → validated request → policy → code delivered.
 * Never throws: every failure is `{errCode, errMsg}`.
 */
export async function handleCodeEvent(
  api: WxacodeApi,
  event: unknown,
  service: CodeService,
  context: CodeEventContext = {},
): Promise<Delivered | SceneDelivered | Failure> {
  const { guard, scenes, deadline } = context;
  let admission: Admission | undefined;
  try {
    guard?.checkEventSize(event);
    const sceneKeys = api === 'wxacode.getUnlimited' && scenes ? SCENE_KEYS : [];
    const { params, options, checked } = checkEventParams(api, event, sceneKeys);
    guard?.checkPage(checked);

    // One admission per invocation, whichever comes first: a new stored scene payload or a new code.
    let admitted = false;
    const admit = async (request: CodeRequest) => {
      if (admitted || !guard) return;
      admitted = true;
      admission = await guard.admitNewCode(request);
    };
    // also when sceneData is absent: it refuses ttlSeconds / sceneMode given without it
    const prepared = sceneKeys.length > 0 && scenes
      ? await sceneFromEvent(event as Record<string, unknown>, scenes, { beforeNewPayload: () => admit(checked) })
      : null;
    const request = prepared ? validateParams(api, { ...params, scene: prepared.scene }) : checked;
    const delivered = await service.deliver(request, { ...options, admit, deadline });
    // the rate counts codes made for this caller: one that turned out to be stored already costs nothing
    if ('cached' in delivered && delivered.cached) await admission?.release().catch(() => undefined);
    if (!prepared) return delivered;
    return {
      ...delivered,
      scene: prepared.scene,
      sceneMode: prepared.sceneMode,
      ...(prepared.expiresAt ? { expiresAt: prepared.expiresAt.toISOString() } : {}),
    };
  } catch (error) {
    // nothing was delivered: the reservation goes back (a failure to release only leaves the limit stricter)
    await admission?.release().catch(() => undefined);
    const { errCode, errMsg } = withWechatHint(api, toWxacodeError(error));
    return { errCode, errMsg };
  }
}
