import { cloudRuntime, currentCaller } from '../adapters/wx-server-sdk';
import { inInvocation } from '../adapters/wx-server-sdk/invocation';
import { runHousekeeping } from '../core/housekeeping/housekeeping';
import { CloudLinkIndex } from '../adapters/wx-server-sdk/link-index';

/** Timer-triggered function `wxacodeHousekeeping` (hourly, see its config.json): drops expired rate windows, scene payloads and links. */
export function main(_event?: unknown, context?: unknown) {
  return inInvocation(context, async () => {
    const rt = cloudRuntime();
    return runHousekeeping(currentCaller(rt), { rateWindows: rt.rateCounter, scenePayloads: rt.scenes, expiredLinks: new CloudLinkIndex(rt.cloud.database()) });
  });
}
