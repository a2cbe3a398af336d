import { ErrCode, WxacodeError } from '../errors';
import { DEFAULT_POLICY, type CallerPolicy } from './policy';

/**
 * The policy comes from the function's environment variables (cloudbaserc.json `envVariables`, or the
 * console), so tightening it needs no code change. A malformed variable is an error naming it, never
 * a silently open door.
 */
export const POLICY_VARIABLES = {
  pages: 'WXACODE_ALLOWED_PAGES',
  admins: 'WXACODE_ADMIN_OPENIDS',
  rate: 'WXACODE_RATE_LIMIT',
  maxEventBytes: 'WXACODE_MAX_EVENT_BYTES',
} as const;

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function misconfigured(variable: string, raw: string, rule: string): WxacodeError {
  return new WxacodeError(
    ErrCode.INTERNAL,
    `environment variable ${variable}: ${rule}; received ${JSON.stringify(raw)}. Fix it in cloudbaserc.json envVariables or the console`,
  );
}

export function readPolicy(env: Record<string, string | undefined>, appPages: readonly string[] | undefined): CallerPolicy {
  const pagesRaw = env[POLICY_VARIABLES.pages]?.trim();
  let allowedPages: CallerPolicy['allowedPages'];
  if (pagesRaw === '*') allowedPages = '*';
  else if (pagesRaw) {
    allowedPages = list(pagesRaw);
    const bad = allowedPages.find((p) => p.startsWith('/') || p.includes('?'));
    if (bad) throw misconfigured(POLICY_VARIABLES.pages, pagesRaw, `pages are written as in app.json, without "/" or "?" (${bad})`);
  } else allowedPages = appPages && appPages.length > 0 ? appPages : '*';

  const rateRaw = env[POLICY_VARIABLES.rate]?.trim();
  let newCodesPerOpenid = DEFAULT_POLICY.newCodesPerOpenid;
  if (rateRaw === 'off') newCodesPerOpenid = null;
  else if (rateRaw) {
    const match = rateRaw.match(/^(\d+)\/(\d+)$/);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw misconfigured(POLICY_VARIABLES.rate, rateRaw, 'must be "<new codes>/<seconds>" such as "30/3600", or "off"');
    }
    newCodesPerOpenid = { limit: Number(match[1]), windowSeconds: Number(match[2]) };
  }

  const sizeRaw = env[POLICY_VARIABLES.maxEventBytes]?.trim();
  let maxEventBytes = DEFAULT_POLICY.maxEventBytes;
  if (sizeRaw) {
    if (!/^\d+$/.test(sizeRaw) || Number(sizeRaw) < 256) throw misconfigured(POLICY_VARIABLES.maxEventBytes, sizeRaw, 'must be a whole number of bytes, at least 256');
    maxEventBytes = Number(sizeRaw);
  }

  return { allowedPages, adminOpenids: list(env[POLICY_VARIABLES.admins] ?? ''), newCodesPerOpenid, maxEventBytes };
}
