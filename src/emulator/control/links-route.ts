import { sendJson, type RouteHandler } from '../http';
import type { LinkService } from '../wechat/links';

export interface LinksRouteOptions {
  links: LinkService;
}

/** how many links GET /_emulator/links lists, newest first */
const LISTED = 200;

/**
 *   GET /_emulator/links/open?link=<the link, URL-encoded>[&inWechat=1]
 *       {opens, link, kind, page, query, queryString, cq?, sceneValue, envVersion?, expiresAt?, reason?, errcode?}:
 *       what opening the link would do; an opening counts against the day's opening cap (85406) as WeChat's does
 *   GET /_emulator/links   {links: the newest made links, usage: the link caps used today}
 */
export function createLinksRoute({ links }: LinksRouteOptions): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/_emulator/links' && url.pathname !== '/_emulator/links/open') return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: `use GET ${url.pathname}, not ${req.method}` });
      return true;
    }
    if (url.pathname === '/_emulator/links') {
      const made = links.list().slice(-LISTED).reverse();
      sendJson(res, 200, { links: made, usage: links.usage() });
      return true;
    }
    const link = url.searchParams.get('link');
    if (link === null || link.trim() === '') {
      sendJson(res, 400, { error: 'add ?link=<the link, URL-encoded>, e.g. ?link=https%3A%2F%2Fwxaurl.cn%2FBQZRrcFCPvg' });
      return true;
    }
    // a link pasted unencoded loses its own "&cq=…" / "&path=…" to this route: refuse rather than open another link
    const stray = [...url.searchParams.keys()].filter((key) => key !== 'link' && key !== 'inWechat');
    if (stray.length > 0) {
      const rest = stray.map((key) => `&${key}=${url.searchParams.get(key)}`).join('');
      sendJson(res, 400, {
        error: `link: is not URL-encoded: "${rest}" after it was read as a parameter of this route, so the link would open without it. Encode the whole link: ?link=\${encodeURIComponent(link)} (curl: -G --data-urlencode "link=…")`,
      });
      return true;
    }
    const inWechat = url.searchParams.get('inWechat');
    if (inWechat !== null && !['0', '1', 'true', 'false'].includes(inWechat)) {
      sendJson(res, 400, { error: `inWechat must be 1/true (a URL Link opened inside WeChat: 1167) or 0/false (outside: 1194), got "${inWechat}"` });
      return true;
    }
    sendJson(res, 200, await links.open(link, { inWechat: inWechat === '1' || inWechat === 'true' }));
    return true;
  };
}
