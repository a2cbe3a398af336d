import type { LinkKind } from '../../state/links-state';

export type GeneratedLink =
  | { kind: LinkKind; ticket: string; cq?: string }
  | { kind: 'plainText'; appid: string; path: string; query: string; envVersion: string };

/** Reads a link as WeChat hands it out (or a plain-text scheme); undefined when it is none of them. */
export function parseGenerated(link: string): GeneratedLink | undefined {
  const trimmed = link.trim();
  const short = /^#小程序:\/\/[^/]+\/(?:.*\/)?([0-9A-Za-z]+)$/.exec(trimmed);
  if (short) return { kind: 'shortLink', ticket: short[1] };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  // as written: the URL parser would percent-encode what WeChat refuses (a raw '"' in cq)
  const at = trimmed.indexOf('?');
  const rawCq = at < 0 ? undefined : rawParam(trimmed.slice(at + 1).split('#')[0], 'cq');
  if (url.protocol === 'https:' && (url.hostname === 'wxaurl.cn' || url.hostname === 'wxmpurl.cn')) {
    const ticket = url.pathname.replace(/^\//, '');
    return /^[0-9A-Za-z]+$/.test(ticket) ? { kind: 'urlLink', ticket, ...(rawCq !== undefined ? { cq: rawCq } : {}) } : undefined;
  }
  if (url.protocol === 'weixin:' && trimmed.startsWith('weixin://dl/business/')) {
    const ticket = url.searchParams.get('t');
    if (ticket) return /^[0-9A-Za-z]+$/.test(ticket) ? { kind: 'urlScheme', ticket, ...(rawCq !== undefined ? { cq: rawCq } : {}) } : undefined;
    const linkAppid = url.searchParams.get('appid');
    if (linkAppid) {
      return {
        kind: 'plainText',
        appid: linkAppid,
        path: (url.searchParams.get('path') ?? '').replace(/^\//, ''),
        query: url.searchParams.get('query') ?? '',
        envVersion: url.searchParams.get('env_version') || 'release',
      };
    }
  }
  return undefined;
}

/** a query parameter as written in the link, still URL-encoded: what the page's onLoad receives */
function rawParam(search: string, name: string): string | undefined {
  for (const pair of search.split('&')) {
    const at = pair.indexOf('=');
    if ((at < 0 ? pair : pair.slice(0, at)) === name) return at < 0 ? '' : pair.slice(at + 1);
  }
  return undefined;
}

