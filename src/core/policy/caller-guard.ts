import { createHash } from 'node:crypto';
import { ErrCode, WxacodeError } from '../errors';
import type { LinkRequest } from '../links/types';
import type { CodeRequest } from '../params/types';
import type { Clock } from '../ports';
import { reject } from '../validation/reject';
import type { Admission, Caller, CallerPolicy, RateCounter } from './policy';

const QUOTA_LIMITED = new Set(['wxacode.get', 'wxacode.createQRCode']);

/** The page a request opens: getUnlimited's page (home when omitted), or the part of path before "?". */
export function pageOf(request: CodeRequest): { field: string; page: string | undefined } {
  if (request.api === 'wxacode.getUnlimited') return { field: 'page', page: request.params.page };
  return { field: 'path', page: request.params.path.split('?')[0] };
}

/**
 * Applies a CallerPolicy to one invocation. Cheap checks run before anything else; the admin and rate
 * checks run only when a code is about to be made, so stored codes stay free for everyone.
 */
export class CallerGuard {
  constructor(
    private readonly policy: CallerPolicy,
    /** read only when a new code is about to be made */
    private readonly caller: () => Caller,
    private readonly counter: RateCounter,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  checkEventSize(event: unknown): void {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(event) ?? '', 'utf8');
    } catch {
      throw new WxacodeError(ErrCode.INVALID_ARGS, 'event: must be plain JSON data (it could not be serialized)');
    }
    if (size > this.policy.maxEventBytes) {
      throw new WxacodeError(
        ErrCode.EVENT_TOO_LARGE,
        `event: must be at most ${this.policy.maxEventBytes} bytes as JSON (it is ${size}); send only the code's parameters`,
      );
    }
  }

  checkPage(request: CodeRequest): void {
    const { field, page } = pageOf(request);
    this.checkPagePath(field, page);
  }

  /** The page a code or link opens must be one of the app's (undefined or '': the home page). */
  checkPagePath(field: string, page: string | undefined): void {
    if (page === undefined || page === '' || this.policy.allowedPages === '*' || this.policy.allowedPages.includes(page)) return;
    const allowed = this.policy.allowedPages;
    throw reject(
      ErrCode.PAGE_NOT_ALLOWED,
      field,
      `must open one of this app's pages (${allowed.slice(0, 5).join(', ')}${allowed.length > 5 ? `, … ${allowed.length} in all` : ''})`,
      page,
      'Add the page to app.json and rebuild (a project set up by `npx wxacode-cloudbase add`: run add again and upload the function), or list it in WXACODE_ALLOWED_PAGES',
    );
  }

  /**
   * Called right before WeChat is asked for a new code for this caller. Reserves one unit of their rate, so
   * concurrent requests of one user cannot pass the limit together; the caller releases it when no code was made
   * for them after all (WeChat failed, or the code came from the cache or another request), so the limit counts
   * codes delivered, not attempts.
   */
  async admitNewCode(request: CodeRequest): Promise<Admission> {
    const openid = this.caller().openid;
    if (!openid) return FREE;
    const admins = this.policy.adminOpenids;
    const isAdmin = admins.includes(openid);
    if (QUOTA_LIMITED.has(request.api) && admins.length > 0 && !isAdmin) {
      throw new WxacodeError(
        ErrCode.CALLER_NOT_ADMIN,
        `${request.api} spends the app's lifetime quota of 100,000 codes, so only admins (WXACODE_ADMIN_OPENIDS) may make new ones; codes already made are served to anyone. Ask an admin to make this code, or use wxacodeGetUnlimited`,
      );
    }
    return isAdmin ? FREE : this.takeRate(openid);
  }

  /**
   * admitNewCode for links: the same per-user rate (one window for codes and links). A permanent Short Link spends
   * the app's 10万 permanent links for good (获取ShortLink, 85400), so mini program users make new ones only when
   * listed in WXACODE_ADMIN_OPENIDS; trusted callers (other functions, batches, the HTTP endpoint) may.
   */
  async admitNewLink(request: LinkRequest): Promise<Admission> {
    const openid = this.caller().openid;
    if (!openid) return FREE;
    const isAdmin = this.policy.adminOpenids.includes(openid);
    if (request.api === 'shortlink.generate' && request.params.isPermanent && !isAdmin) {
      throw new WxacodeError(
        ErrCode.CALLER_NOT_ADMIN,
        "isPermanent: a permanent Short Link spends one of the app's 10万 permanent links for good, so only admins (WXACODE_ADMIN_OPENIDS) or a trusted caller (another cloud function, wxacodeBatch) may make a new one; ones already made are served to anyone. Ask an admin, or make a temporary one (30 days)",
      );
    }
    if (request.api === 'urlscheme.generateNFCScheme' && !isAdmin) {
      throw new WxacodeError(
        ErrCode.CALLER_NOT_ADMIN,
        "nfc: an NFC scheme never expires and is written once to a tag, so only admins (WXACODE_ADMIN_OPENIDS) or a trusted caller (another cloud function, the console) may make a new one; ones already made are served to anyone",
      );
    }
    return isAdmin ? FREE : this.takeRate(openid);
  }

  private async takeRate(openid: string): Promise<Admission> {
    const rate = this.policy.newCodesPerOpenid;
    if (!rate) return FREE;
    const windowMs = rate.windowSeconds * 1000;
    const windowStart = Math.floor(this.clock.now() / windowMs) * windowMs;
    const key = `${createHash('sha256').update(openid).digest('hex').slice(0, 32)}:${windowStart}`;
    if (!(await this.counter.take(key, rate.limit, windowStart + windowMs))) {
      const retryInSeconds = Math.ceil((windowStart + windowMs - this.clock.now()) / 1000);
      throw new WxacodeError(
        ErrCode.CALLER_RATE_LIMITED,
        `this user may make ${rate.limit} new codes per ${rate.windowSeconds} s and has reached that; codes already made are still served. Try again in ${retryInSeconds} s`,
      );
    }
    let released = false;
    const admission: Admission = {
      release: async () => {
        if (released) return;
        released = true;
        await this.counter.decrement(key);
      },
    };
    return admission;
  }
}

/** nothing reserved: trusted callers, admins, no limit */
const FREE: Admission = { release: async () => undefined };
