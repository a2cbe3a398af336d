/** Who may make which codes: the defences of the lifetime quota against the app's own users. */
export interface CallerPolicy {
  /** page paths codes may open ('*': any). Default: the pages of miniprogram/app.json, read at build time */
  allowedPages: readonly string[] | '*';
  /** when non-empty, only these OPENIDs may make NEW codes with the quota-limited wxacode.get / createQRCode */
  adminOpenids: readonly string[];
  /** new codes (cache misses) one OPENID may cause per window, any API; null: no limit */
  newCodesPerOpenid: { limit: number; windowSeconds: number } | null;
  /** an event larger than this, as JSON, is refused unread */
  maxEventBytes: number;
}

/** Who is calling. No openid: another cloud function, a trigger, the console or the HTTP endpoint (trusted). */
export interface Caller {
  openid?: string;
}

/** Counts events per key within a window that ends at expiresAt; must hold across function instances. */
export interface RateCounter {
  /** atomically adds one unless the count has reached `limit`: true when it added (one conditional write) */
  take(key: string, limit: number, expiresAt: number): Promise<boolean>;
  /** takes back one increment whose event did not happen after all */
  decrement(key: string): Promise<void>;
}

/** One unit of a caller's rate, held while a code is being made for them; released when none was. */
export interface Admission {
  release(): Promise<void>;
}

export const DEFAULT_POLICY: Omit<CallerPolicy, 'allowedPages'> = {
  adminOpenids: [],
  newCodesPerOpenid: { limit: 30, windowSeconds: 3600 },
  maxEventBytes: 4096,
};
