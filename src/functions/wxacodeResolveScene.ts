import { cloudRuntime } from '../adapters/wx-server-sdk';
import { handleResolveScene } from '../core/scene/scene-events';

/** Cloud function `wxacodeResolveScene`: `{scene}` as a page received it → `{errCode: 0, errMsg: 'ok', data}`. No openapi use. */
export async function main(event: unknown) {
  return handleResolveScene(event, cloudRuntime().scenes);
}
