import { ErrCode, toWxacodeError, WxacodeError } from '../../core/errors';
import { retryableForLinks } from '../../core/links/link-hints';
import type { LinkQueryApi, LinkRequest, MadeLink } from '../../core/links/types';
import type { LinkMaker, TimeBudget } from '../../core/ports';
import { retrying, type RetryRule } from '../../core/reliability/retry-loop';
import { backoffMs, DEFAULT_RETRY } from '../../core/reliability/retrying-generator';
import type { CloudSdk } from './cloud';

/** WeChat's -1 retried as codes retry it (jittered backoff, within the invocation's time); nothing else. */
function linkRetryRule(deadline: number | undefined): RetryRule {
  return {
    attempts: DEFAULT_RETRY.attempts,
    waitAfter: (error, attempt, random) => {
      const { errCode } = toWxacodeError(error);
      return retryableForLinks(errCode) ? backoffMs(attempt, errCode, DEFAULT_RETRY, random) : undefined;
    },
    deadline,
    pastDeadline: (error, attempt) => {
      const { errCode, errMsg } = toWxacodeError(error);
      return new WxacodeError(errCode, `${errMsg} (tried ${attempt} times; another try would run past the function's time limit, so it stopped here and holds nothing. Try again in a few seconds)`);
    },
  };
}

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
    const reply = this.retry ? await retrying(call, linkRetryRule(budget.deadline)) : await call();
    // the field differs per API; HTTPS spells it url_link, the cloud call urlLink
    const link = reply?.urlLink ?? reply?.url_link ?? reply?.openlink ?? reply?.link;
    if (typeof link !== 'string' || link === '') {
      throw new WxacodeError(ErrCode.UPSTREAM_BAD_REPLY, `WeChat's ${request.api} answered without a link: ${JSON.stringify(reply)?.slice(0, 160)}. Nothing was stored; try again`);
    }
    return { link };
  }

  async query(api: LinkQueryApi, link: string, budget: TimeBudget = {}, queryType?: 0 | 1): Promise<Record<string, unknown>> {
    const params = { ...(api === 'urllink.query' ? { urlLink: link } : { scheme: link }), ...(queryType === undefined ? {} : { queryType }) };
    const reply = await retrying(() => this.call(api, params), linkRetryRule(budget.deadline));
    const { errCode: _c, errMsg: _m, ...rest } = (reply ?? {}) as Record<string, unknown>;
    return rest;
  }

  private async call(api: string, params: Record<string, unknown>): Promise<Record<string, any>> {
    const [group, method] = api.split('.');
    return this.cloud.openapi[group][method](params);
  }
}
