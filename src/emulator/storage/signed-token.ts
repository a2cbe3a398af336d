import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'upload' | 'download';

export interface TokenClaims {
  purpose: TokenPurpose;
  cloudPath: string;
  /** ms since epoch */
  expiresAt: number;
  /** the function the URL was handed to, for the meter */
  caller?: string;
}

/**
 * Upload and temp-download URLs carry an HMAC-signed token instead of the cloudPath: the SDK runs
 * encodeURI on temp URLs, so they must be plain ASCII (base64url is), and a signature makes them
 * behave like real signed URLs (expire, cannot be edited into another path).
 */
export class TokenSigner {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify([claims.purpose, claims.cloudPath, claims.expiresAt, ...(claims.caller ? [claims.caller] : [])])).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** the claims, or a reason the token is refused */
  verify(token: string, purpose: TokenPurpose, now = Date.now()): TokenClaims | { problem: string } {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return { problem: 'malformed token' };
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: 'signature mismatch' };
    const [p, cloudPath, expiresAt, caller] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
      TokenPurpose,
      string,
      number,
      string | undefined,
    ];
    if (p !== purpose) return { problem: `token is for ${p}, not ${purpose}` };
    if (expiresAt < now) return { problem: 'Request has expired' };
    return { purpose: p, cloudPath, expiresAt, ...(caller ? { caller } : {}) };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
