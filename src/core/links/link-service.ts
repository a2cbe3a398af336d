import { canonicalJson } from '../cache/cache-key';
import { createHash } from 'node:crypto';
import { ErrCode, WxacodeError } from '../errors';
import type { Clock, LinkIndex, LinkMaker, LinkRecord, TimeBudget } from '../ports';
import { SHORT_LINK_LIFETIME_SECONDS } from './check-link-event';
import type { LinkCaps } from './link-caps';
import type { LinkRequest } from './types';

/** Bump when the meaning of a stored link changes, so old records are not served for new requests. */
const LINK_CACHE_FORMAT = 'links-v1';

/** The content address of a link request: the same normalized request always gives the same key. */
export function linkCacheKey(request: LinkRequest): string {
  return createHash('sha256').update(`${LINK_CACHE_FORMAT}\n${canonicalJson(request)}`).digest('hex');
}

/**
 * The link's own short id, carried in its query as `wxl=<id>` so an entry by the link can be recorded (the page helpers
 * pass query.wxl to wxacodeResolveScene). Derived from the request without it, so the same request keeps its id and
 * its cached link: 11 characters of base64url (66 bits).
 */
export function linkIdOf(request: LinkRequest): string {
  return createHash('sha256').update(`link-id\n${linkCacheKey(request)}`).digest('base64url').slice(0, 11);
}

/** When a link made at madeAt stops opening; null: never (a permanent short link, an NFC scheme). */
export function expiresAtOf(request: LinkRequest, madeAt: number): number | null {
  switch (request.api) {
    case 'urllink.generate':
    case 'urlscheme.generate':
      return request.params.expireType === 0 ? request.params.expireTime * 1000 : madeAt + request.params.expireInterval * 86_400_000;
    case 'urlscheme.generateNFCScheme':
      return null;
    case 'shortlink.generate':
      return request.params.isPermanent ? null : madeAt + SHORT_LINK_LIFETIME_SECONDS * 1000;
  }
}

export interface LinkDeliveryOptions {
  /** false: a new link from WeChat even when a stored one would do */
  cache: boolean;
  /** a stored link is served only while it opens for at least this long */
  minValidSeconds: number;
  /** runs right before WeChat is asked for a new link by this caller (the caller's rate, admins); throws to refuse */
  admit?: () => Promise<void>;
  deadline?: number;
}

export interface DeliveredLink {
  link: string;
  expiresAt: number | null;
  cached: boolean;
}

export interface LinkServiceDeps {
  maker: LinkMaker;
  index: LinkIndex;
  caps: LinkCaps;
  clock?: Clock;
  claimWaitMs?: number;
  claimPollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A claim older than this is from an instance that died (functions time out at 20 s): take it over. */
export const LINK_CLAIM_STALE_MS = 30_000;

/**
 * request → link. The same normalized request returns the stored link with no WeChat call while it opens for at least
 * minValidSeconds more; one that expires sooner is never returned, a new one replaces it. Identical requests share
 * one WeChat call: in this instance (in flight) and across instances (the index's claim), as codes do.
 */
export class LinkService {
  private readonly inFlight = new Map<string, Promise<DeliveredLink>>();
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: LinkServiceDeps) {
    this.clock = deps.clock ?? { now: () => Date.now() };
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get caps(): LinkCaps {
    return this.deps.caps;
  }

  deliver(request: LinkRequest, options: LinkDeliveryOptions): Promise<DeliveredLink> {
    const key = linkCacheKey(request);
    const flightKey = `${options.cache}:${options.minValidSeconds}:${key}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const started = this.deliverOnce(request, key, options).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, started);
    return started;
  }

  /** a stored link that opens for at least minValidSeconds more */
  private usable(record: LinkRecord | null, minValidSeconds: number): record is LinkRecord & { link: string } {
    if (!record?.link) return false;
    return record.expiresAt === null || record.expiresAt - this.clock.now() >= minValidSeconds * 1000;
  }

  private async deliverOnce(request: LinkRequest, key: string, options: LinkDeliveryOptions): Promise<DeliveredLink> {
    let seen = await this.deps.index.get(key);
    if (options.cache && this.usable(seen, options.minValidSeconds)) return { link: seen.link, expiresAt: seen.expiresAt, cached: true };
    const waitMs = this.deps.claimWaitMs ?? 15_000;
    const pollMs = this.deps.claimPollMs ?? 250;
    let claim: LinkRecord | undefined;
    for (let waited = 0; !claim; waited += pollMs) {
      const now = this.clock.now();
      const held = seen !== null && seen.makingSince > 0 && now - seen.makingSince < LINK_CLAIM_STALE_MS;
      if (!held) {
        const wanted: LinkRecord = { _id: key, api: request.api, link: seen?.link ?? null, expiresAt: seen?.expiresAt ?? null, madeAt: seen?.madeAt ?? null, makingSince: now };
        if (await this.deps.index.claim(wanted, seen)) {
          claim = wanted;
          break;
        }
      }
      if (waited >= waitMs) {
        throw new WxacodeError(
          ErrCode.CODE_IN_PROGRESS,
          `another request has been making this same link for over ${Math.round(waitMs / 1000)} s; nothing was spent on it here. Try again in a few seconds: the link will be served from the cache once made`,
        );
      }
      if (held) await this.sleep(pollMs);
      seen = await this.deps.index.get(key);
      // made by the other claim meanwhile (a cache: false caller takes it too: it was made after this call began)
      if (this.usable(seen, options.minValidSeconds) && (options.cache || (seen.madeAt ?? 0) >= now)) return { link: seen.link, expiresAt: seen.expiresAt, cached: true };
    }
    let reservation: { release(): Promise<void> } | undefined;
    try {
      await options.admit?.();
      reservation = await this.deps.caps.reserve(request);
      const made = await this.deps.maker.make(request, { deadline: options.deadline } satisfies TimeBudget);
      if (typeof made?.link !== 'string' || made.link === '') {
        throw new WxacodeError(ErrCode.UPSTREAM_BAD_REPLY, `WeChat's ${request.api} answered without a link (${JSON.stringify(made)?.slice(0, 120)}); nothing was stored. Try again`);
      }
      reservation = undefined;
      const madeAt = this.clock.now();
      const record: LinkRecord = { _id: key, api: request.api, link: made.link, expiresAt: expiresAtOf(request, madeAt), madeAt, makingSince: 0 };
      // the link exists and was counted: a failure to store it costs the cache, never the caller's link
      await this.deps.index.save(record).catch(() => this.deps.index.release(key, claim!.makingSince).catch(() => undefined));
      return { link: record.link!, expiresAt: record.expiresAt, cached: false };
    } catch (error) {
      await reservation?.release().catch(() => undefined);
      await this.deps.index.release(key, claim.makingSince).catch(() => undefined);
      throw error;
    }
  }

  /** A link's details and the visits it has left today (查询加密URLLink / 查询scheme码): no cap, no cache. */
  query(api: 'urllink.query' | 'urlscheme.query', link: string, deadline?: number, queryType?: 0 | 1): Promise<Record<string, unknown>> {
    return this.deps.maker.query(api, link, { deadline }, queryType);
  }
}
