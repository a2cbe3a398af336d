import { randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_S = 7200;
/** WeChat keeps the previous token working this long after a new one is issued, so fleets can roll over. */
export const REPLACED_TOKEN_GRACE_MS = 5 * 60_000;

export type TokenState = 'valid' | 'expired' | 'unknown';

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

/**
 * access_tokens as WeChat hands them out: /cgi-bin/token mints a new one on every call, /cgi-bin/stable_token
 * returns the current stable one until it expires or force_refresh. A replaced token keeps working for a
 * short grace, then is "not latest" (40001); one past its own expiry is "expired" (42001).
 */
export interface TokenStore {
  issue(kind: 'plain' | 'stable', forceRefresh?: boolean): IssuedToken;
  check(token: string): TokenState;
}

interface Entry {
  expiresAt: number;
  /** when set, the token stops working at this time even before it expires */
  replacedUntil?: number;
}

export function createTokenStore(now: () => number): TokenStore {
  const entries = new Map<string, Entry>();
  const current: Record<'plain' | 'stable', string | undefined> = { plain: undefined, stable: undefined };

  function mint(kind: 'plain' | 'stable'): IssuedToken {
    const at = now();
    const previous = current[kind] && entries.get(current[kind]!);
    if (previous) previous.replacedUntil = Math.min(previous.expiresAt, at + REPLACED_TOKEN_GRACE_MS);
    // opaque, URL-safe and about as long as WeChat's
    const token = randomBytes(96).toString('base64url');
    entries.set(token, { expiresAt: at + TOKEN_LIFETIME_S * 1000 });
    current[kind] = token;
    return { access_token: token, expires_in: TOKEN_LIFETIME_S };
  }

  return {
    issue(kind, forceRefresh = false) {
      const existing = current[kind] && entries.get(current[kind]!);
      if (kind === 'stable' && !forceRefresh && existing && existing.expiresAt > now()) {
        return { access_token: current.stable!, expires_in: Math.floor((existing.expiresAt - now()) / 1000) };
      }
      return mint(kind);
    },
    check(token) {
      const entry = entries.get(token);
      if (!entry) return 'unknown';
      const at = now();
      if (entry.replacedUntil !== undefined && at >= entry.replacedUntil && at < entry.expiresAt) return 'unknown';
      if (at >= entry.expiresAt) return 'expired';
      return 'valid';
    },
  };
}
