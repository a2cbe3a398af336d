/**
 * What the emulator did, newest last: every function invocation and every WeChat call, for the live log
 * (`GET /_emulator/events`) and `GET /_emulator/activity`. Kept in memory, bounded, and never persisted:
 * it is a view of the session, not state.
 */

export interface FunctionActivity {
  kind: 'function';
  id: number;
  /** epoch ms when the call arrived */
  at: number;
  durationMs: number;
  function: string;
  /** the OPENID of a mini program user; absent for trusted callers (another function, a timer, the console) */
  openid?: string;
  /** TCB_SOURCE: wx_client, scf, http … */
  source?: string;
  /** the event as the function received it */
  event: unknown;
  /** ok: the function returned; failed: it threw, timed out or could not load; not-found: no such function */
  status: 'ok' | 'failed' | 'not-found';
  /** the result's errCode when it has one (the toolkit's functions always do) */
  errCode?: number;
  errMsg?: string;
  /** the result's `cached` flag: true when the code came from the cache and WeChat was not called */
  cached?: boolean;
  requestId?: string;
  result?: unknown;
}

export interface WechatActivity {
  kind: 'wechat';
  id: number;
  at: number;
  durationMs: number;
  /** wxacode.get, wxacode.createQRCode, wxacode.getUnlimited, a link API (urllink.generate …), or whatever unknown name was asked for */
  function: string;
  via: 'cloud' | 'https';
  /** snake_case, as WeChat received them */
  params: Record<string, unknown>;
  /** 0 for an image */
  errCode: number;
  errMsg?: string;
  /** image/jpeg or image/png when an image was answered, WeChat's JSON type for a link API's answer */
  contentType?: string;
  /** a link API's JSON answer as WeChat sent it (url_link, openlink, link, url_link_info …) */
  answer?: Record<string, unknown>;
}

export type Activity = FunctionActivity | WechatActivity;
export type NewActivity = Omit<FunctionActivity, 'id'> | Omit<WechatActivity, 'id'>;

export interface ActivityLog {
  record(activity: NewActivity): Activity;
  /** oldest first */
  list(): Activity[];
  /** calls listener with every activity recorded from now on; returns the unsubscribe */
  subscribe(listener: (activity: Activity) => void): () => void;
  clear(): void;
}

export const DEFAULT_ACTIVITY_CAPACITY = 1000;

export function createActivityLog(capacity = DEFAULT_ACTIVITY_CAPACITY): ActivityLog {
  let entries: Activity[] = [];
  let nextId = 1;
  const listeners = new Set<(activity: Activity) => void>();
  return {
    record(activity) {
      const entry = { ...activity, id: nextId++ } as Activity;
      entries.push(entry);
      if (entries.length > capacity) entries = entries.slice(entries.length - capacity);
      for (const listener of listeners) {
        try {
          listener(entry);
        } catch (error) {
          // one broken subscriber (a closed socket) must not stop the others or the call being logged
          console.error('[emulator] activity listener failed:', error);
        }
      }
      return entry;
    },
    list: () => entries.slice(),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    clear() {
      entries = [];
    },
  };
}
