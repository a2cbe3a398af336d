import { createHash } from 'node:crypto';
import type { CodeRequest } from '../params/types';

/** Bump when the meaning of a cached file changes, so old entries are not served for new requests. */
const CACHE_FORMAT = 'v1';

/** Key order must not matter: `{r, g, b}` and `{b, g, r}` are one color. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content address of a code: the same normalized request always gives the same key. */
export function cacheKey(request: CodeRequest): string {
  return createHash('sha256').update(`${CACHE_FORMAT}\n${canonicalJson(request)}`).digest('hex');
}

/**
 * Deterministic storage path, so a retry after a crash between upload and index write overwrites
 * the same file instead of leaving an orphan beside it.
 */
export function cloudPathFor(request: CodeRequest, key: string): string {
  const transparent = request.api !== 'wxacode.createQRCode' && request.params.isHyaline;
  return `wxacode/${request.api.replace('wxacode.', '')}/${key.slice(0, 2)}/${key}.${transparent ? 'png' : 'jpg'}`;
}
