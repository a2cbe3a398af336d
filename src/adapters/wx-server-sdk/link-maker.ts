import { ErrCode, WxacodeError } from '../../core/errors';
import { retryableForLinks } from '../../core/links/link-hints';
import type { LinkQueryApi, LinkRequest, MadeLink } from '../../core/links/types';
import type { LinkMaker, TimeBudget } from '../../core/ports';
import { withRetries } from '../../core/reliability/retrying-generator';
import type { CloudSdk } from './cloud';

/**
 * WeChat's link APIs through `cloud.openapi` (cloud calls): camelCase in and out — `urlLink`, `openlink`, `link`,
 * `urlLinkInfo`, `schemeInfo`, `quotaInfo` — each call as its config.json permission names it. Only -1 (busy) is
 * retried: 44990 / 44993 / 45009 / 85400 fail the same way again.
 */
export class CloudLinkMaker implements LinkMaker {
  constructor(
    private readonly cloud: CloudSdk,
    /** false for the batch, whose worker retries within its rate budget */
    private readonly retry = true,
  ) {}

  async make(request: LinkRequest, budget: TimeBudget = {}): Promise<MadeLink> {
    const call = () => this.call(request.api, { ...request.params });
    const reply = this.retry ? await withRetries(call, retryableForLinks, budget.deadline) : await call();
    // the field differs per API; HTTPS spells it url_link, the cloud call urlLink
    const link = reply?.urlLink ?? reply?.url_link ?? reply?.openlink ?? reply?.link;
    if (typeof link !== 'string' || link === '') {
      throw new WxacodeError(ErrCode.UPSTREAM_BAD_REPLY, `WeChat's ${request.api} answered without a link: ${JSON.stringify(reply)?.slice(0, 160)}. Nothing was stored; try again`);
    }
    return { link };
  }

  async query(api: LinkQueryApi, link: string, budget: TimeBudget = {}): Promise<Record<string, unknown>> {
    const params = api === 'urllink.query' ? { urlLink: link } : { scheme: link };
    const reply = await withRetries(() => this.call(api, params), retryableForLinks, budget.deadline);
    const { errCode: _c, errMsg: _m, ...rest } = (reply ?? {}) as Record<string, unknown>;
    return rest;
  }

  private async call(api: string, params: Record<string, unknown>): Promise<Record<string, any>> {
    const [group, method] = api.split('.');
    return this.cloud.openapi[group][method](params);
  }
}
