import { cloudRuntime, currentCaller } from '../adapters/wx-server-sdk';
import { runHousekeeping } from '../core/housekeeping/housekeeping';

/** Timer-triggered function `wxacodeHousekeeping` (hourly, see its config.json): drops expired rate windows and scene payloads. */
export async function main() {
  const rt = cloudRuntime();
  return runHousekeeping(currentCaller(rt), { rateWindows: rt.rateCounter, scenePayloads: rt.scenes });
}
