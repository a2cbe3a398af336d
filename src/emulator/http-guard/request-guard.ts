import type { IncomingHttpHeaders } from 'node:http';

/**
 * Every request passes here before any route sees it, so routes added later are covered too. The emulator holds
 * unauthenticated control endpoints and can spend (emulated) WeChat quota, and a developer's browser can reach
 * 127.0.0.1: a page on another site must not be able to use it, neither directly (cross-site requests) nor through
 * DNS rebinding (a foreign name resolving to 127.0.0.1, which shows in the Host header).
 */
export interface RequestGuardOptions {
  /** the port the emulator listens on; Host must carry it */
  port: number;
  /**
   * path prefixes standing in for services whose real clients send other bodies than JSON (the SDK's /admin
   * multipart, COS uploads, WeChat's HTTPS API, HTTP access paths): exempt from the JSON content-type rule only
   */
  nonJsonPrefixes: readonly string[];
}

export interface RequestFacts {
  method: string | undefined;
  /** the request target as sent (req.url) */
  rawUrl: string | undefined;
  headers: IncomingHttpHeaders;
}

export type GuardVerdict = { ok: true; url: URL } | { ok: false; status: 400 | 403; reason: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** RFC 3986 §2.3: decoding these never changes what a URI means, so a path is matched in this form */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

export function checkRequest(request: RequestFacts, options: RequestGuardOptions): GuardVerdict {
  const allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${options.port}`);
  const host = single(request.headers.host)?.toLowerCase();
  if (!host || !allowedHosts.includes(host)) {
    return refuse(
      403,
      `Host ${host === undefined ? '(none)' : JSON.stringify(host)} is not this emulator: it answers only ${allowedHosts.join(', ')}. ` +
        'Open it by one of those addresses (a foreign name resolving to 127.0.0.1 is how DNS rebinding reaches local services)',
    );
  }
  const origin = single(request.headers.origin);
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return refuse(
      403,
      `cross-site request refused: Origin ${JSON.stringify(origin)} is not this emulator (http://${host}). ` +
        'Web pages of other sites may not call the emulator; call it from a script, curl, or the emulator\'s own pages',
    );
  }
  const method = (request.method ?? 'GET').toUpperCase();
  const path = normalizePath(request.rawUrl ?? '/');
  if ('problem' in path) return refuse(400, path.problem);
  if (!SAFE_METHODS.has(method)) {
    const fetchSite = single(request.headers['sec-fetch-site']);
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return refuse(403, `cross-site request refused: the browser marked this ${method} as Sec-Fetch-Site: ${fetchSite}; only the emulator's own pages may change its state`);
    }
    const exempt = options.nonJsonPrefixes.some((prefix) => path.pathname === prefix || path.pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    const contentType = single(request.headers['content-type']);
    if (!exempt && !isJson(contentType)) {
      return refuse(
        403,
        `${method} ${path.pathname} needs Content-Type: application/json (received ${contentType === undefined ? 'none' : JSON.stringify(contentType)}); ` +
          'a browser can send plain text or forms to any site without asking, JSON it cannot',
      );
    }
  }
  // one absolute string: relative to a base, "//admin" would be read as a host named admin
  let url: URL;
  try {
    url = new URL(`http://${host}${path.pathname}${path.query}`);
  } catch {
    return refuse(400, `the request target is not a valid URL path: ${JSON.stringify((request.rawUrl ?? '').slice(0, 200))}`);
  }
  return { ok: true, url };
}

/**
 * Decodes what may be decoded without changing meaning, then refuses what a server could resolve in more than one
 * way: dot segments (`/cos/%2e%2e/admin` would otherwise become /admin), encoded or back slashes, bad escapes.
 */
export function normalizePath(rawUrl: string): { pathname: string; query: string } | { problem: string } {
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rawUrl.slice(queryAt);
  if (!rawPath.startsWith('/')) return { problem: `the request target must be a path starting with "/"; received ${JSON.stringify(rawPath.slice(0, 100))}` };
  if (/%(?![0-9A-Fa-f]{2})/.test(rawPath)) return { problem: `the path has a malformed %-escape: ${JSON.stringify(rawPath.slice(0, 200))}` };
  const pathname = rawPath.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  if (/\\|%2F|%5C/.test(pathname)) return { problem: `the path holds an encoded "/" or a "\\", which this emulator refuses rather than guess at: ${JSON.stringify(rawPath.slice(0, 200))}` };
  if (pathname.split('/').some((segment) => segment === '.' || segment === '..')) {
    return { problem: `the path holds a "." or ".." segment (after decoding), which is refused rather than resolved: ${JSON.stringify(rawPath.slice(0, 200))}` };
  }
  return { pathname, query };
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function refuse(status: 400 | 403, reason: string): GuardVerdict {
  return { ok: false, status, reason };
}
