import { cloudRuntime } from '../adapters/wx-server-sdk';
import { runHousekeeping } from '../core/housekeeping/housekeeping';

/** Timer-triggered function `wxacodeHousekeeping` (hourly, see its config.json): drops expired rate windows and scene payloads. */
export async function main() {
  const rt = cloudRuntime();
  const openid = rt.cloud.getWXContext().OPENID;
  return runHousekeeping({ openid: typeof openid === 'string' && openid ? openid : undefined }, { rateWindows: rt.rateCounter, scenePayloads: rt.scenes });
}
