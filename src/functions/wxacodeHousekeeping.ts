import { cloudRuntime, currentCaller } from '../adapters/wx-server-sdk';
import { runHousekeeping } from '../core/housekeeping/housekeeping';
import { CloudLinkIndex } from '../adapters/wx-server-sdk/link-index';

/** Timer-triggered function `wxacodeHousekeeping` (hourly, see its config.json): drops expired rate windows, scene payloads and links. */
export async function main() {
  const rt = cloudRuntime();
  return runHousekeeping(currentCaller(rt), { rateWindows: rt.rateCounter, scenePayloads: rt.scenes, expiredLinks: new CloudLinkIndex(rt.cloud.database()) });
}
