import type { EntryStore } from '../entries/entry-store';
import { ErrCode, toWxacodeError, WxacodeError } from '../errors';

/** A store whose documents carry an expiry and can drop the ones past it. */
export interface ExpiringStore {
  removeExpiredBefore(cutoff: Date): Promise<number>;
}

/**
 * Expired scene payloads are kept this long after expiry, so a late scan is told "expired" (-700002), which
 * says what happened, rather than "not found".
 */
export const SCENE_GRACE_DAYS = 30;

/** A link is never served once expired; its document is dropped this long after, when nothing refers to it any more. */
export const LINK_GRACE_DAYS = 1;

/** raw entries kept while WXACODE_ENTRY_LOG_DAYS was set are dropped after this many days once it is unset */
export const RAW_ENTRY_DEFAULT_DAYS = 30;

export type HousekeepingResult =
  | { errCode: 0; errMsg: 'ok'; removed: { rateWindows: number; scenePayloads: number; rawEntries?: number; expiredLinks?: number } }
  | { errCode: number; errMsg: string };

/**
 * The body of `wxacodeHousekeeping`, run by its timer trigger: drops finished rate-limit windows and scene payloads
 * long expired. Refuses mini program users: it is maintenance, not a feature, and costs database work.
 */
export async function runHousekeeping(
  caller: { openid?: string },
  stores: {
    rateWindows: ExpiringStore;
    scenePayloads: ExpiringStore;
    /** raw entries (kept only with WXACODE_ENTRY_LOG_DAYS) and how many days they are kept */
    rawEntries?: { store: Pick<EntryStore, 'dropRawEntriesBefore'>; logDays: number };
    /** the documents of links expired over LINK_GRACE_DAYS ago */
    expiredLinks?: ExpiringStore;
  },
  now: Date = new Date(),
): Promise<HousekeepingResult> {
  try {
    if (caller.openid) {
      throw new WxacodeError(ErrCode.CALLER_NOT_ADMIN, 'wxacodeHousekeeping runs from its timer trigger or the console, not from the mini program');
    }
    const rateWindows = await stores.rateWindows.removeExpiredBefore(now);
    const scenePayloads = await stores.scenePayloads.removeExpiredBefore(new Date(now.getTime() - SCENE_GRACE_DAYS * 86_400_000));
    // with raw entries off, markers hold none, but ones kept before it was turned off still go after the default period
    const raw = stores.rawEntries;
    const rawEntries = raw ? await raw.store.dropRawEntriesBefore(now.getTime() - (raw.logDays || RAW_ENTRY_DEFAULT_DAYS) * 86_400_000) : undefined;
    const links = stores.expiredLinks ? { expiredLinks: await stores.expiredLinks.removeExpiredBefore(new Date(now.getTime() - LINK_GRACE_DAYS * 86_400_000)) } : {};
    return { errCode: 0, errMsg: 'ok', removed: { rateWindows, scenePayloads, ...(rawEntries !== undefined ? { rawEntries } : {}), ...links } };
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}
