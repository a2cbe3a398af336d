import { createHash, timingSafeEqual } from 'node:crypto';

export const TOKENS_VARIABLE = 'WXACODE_HTTP_TOKENS';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares against every configured token in constant time: hashing first makes lengths equal, and the
 * loop never stops early, so timing tells nothing about how much of a guess was right.
 */
export function tokenMatches(presented: string, configured: readonly string[]): boolean {
  return tokenNumber(presented, configured) > 0;
}

/** Which configured token was presented, 1-based (0: none), compared as tokenMatches does: a staff change's actor. */
export function tokenNumber(presented: string, configured: readonly string[]): number {
  const presentedDigest = digest(presented);
  let found = 0;
  configured.forEach((token, i) => {
    if (timingSafeEqual(presentedDigest, digest(token)) && found === 0) found = i + 1;
  });
  return found;
}

export function configuredTokens(env: Record<string, string | undefined>): string[] {
  return (env[TOKENS_VARIABLE] ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
