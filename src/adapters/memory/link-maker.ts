import { WxacodeError } from '../../core/errors';
import type { LinkQueryApi, LinkRequest, MadeLink } from '../../core/links/types';
import type { LinkMaker } from '../../core/ports';

/**
 * Stands in for WeChat's link APIs in core tests: links in WeChat's formats, a log of every call, scripted failures.
 */
export class MemoryLinkMaker implements LinkMaker {
  readonly calls: LinkRequest[] = [];
  readonly queries: { api: LinkQueryApi; link: string; queryType?: 0 | 1 }[] = [];
  private readonly scripted: WxacodeError[] = [];
  private serial = 0;

  failNext(errCode: number, errMsg = 'scripted failure', times = 1): this {
    for (let i = 0; i < times; i++) this.scripted.push(new WxacodeError(errCode, errMsg));
    return this;
  }

  async make(request: LinkRequest): Promise<MadeLink> {
    this.calls.push(request);
    const failure = this.scripted.shift();
    if (failure) throw failure;
    const ticket = `T${(++this.serial).toString(36).padStart(6, '0')}`;
    switch (request.api) {
      case 'urllink.generate':
        return { link: `https://wxaurl.cn/${ticket}` };
      case 'urlscheme.generate':
      case 'urlscheme.generateNFCScheme':
        return { link: `weixin://dl/business/?t=${ticket}` };
      case 'shortlink.generate':
        return { link: `#小程序://示例/${request.params.pageTitle || '页面'}/${ticket}` };
    }
  }

  async query(api: LinkQueryApi, link: string, _budget?: unknown, queryType?: 0 | 1): Promise<Record<string, unknown>> {
    this.queries.push(queryType === undefined ? { api, link } : { api, link, queryType });
    const failure = this.scripted.shift();
    if (failure) throw failure;
    const info = { appid: 'wx0000000000000000', path: 'pages/index/index', query: '', createTime: 1, expireTime: 2, envVersion: 'release' };
    return api === 'urllink.query' ? { urlLinkInfo: info, quotaInfo: { remainVisitQuota: 999 } } : { schemeInfo: info, quotaInfo: { remainVisitQuota: 999 } };
  }
}
