import { cloudRuntime } from '../adapters/wx-server-sdk';
import { inInvocation } from '../adapters/wx-server-sdk/invocation';
import { handleResolveScene } from '../core/scene/scene-events';

/** Cloud function `wxacodeResolveScene`: `{scene}` as a page received it → `{errCode: 0, errMsg: 'ok', data}`. No openapi use. */
export function main(event: unknown, context?: unknown) {
  return inInvocation(context, () => handleResolveScene(event, cloudRuntime().scenes));
}
