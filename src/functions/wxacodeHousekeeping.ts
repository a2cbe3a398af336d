import { cloudRuntime, currentCaller } from '../adapters/wx-server-sdk';
import { inInvocation } from '../adapters/wx-server-sdk/invocation';
import { readEntrySettings } from '../core/entries/entry-settings';
import { runHousekeeping } from '../core/housekeeping/housekeeping';
import { CloudLinkIndex } from '../adapters/wx-server-sdk/link-index';

/** Timer-triggered function `wxacodeHousekeeping` (hourly, see its config.json): drops expired rate windows, scene payloads, raw entries past their retention and expired links. */
export function main(_event?: unknown, context?: unknown) {
  return inInvocation(context, async () => {
    const rt = cloudRuntime();
    const rawEntries = { store: rt.entries, logDays: readEntrySettings(process.env).logDays };
    return runHousekeeping(currentCaller(rt), { rateWindows: rt.rateCounter, scenePayloads: rt.scenes, rawEntries, expiredLinks: new CloudLinkIndex(rt.cloud.database()) });
  });
}
