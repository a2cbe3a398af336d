import type { Failure } from '../delivery/results';
import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import type { CallerGuard } from '../policy/caller-guard';
import type { Admission } from '../policy/policy';
import { LINK_ID_KEY, sceneQuery, withCq } from '../scene/codec';
import { prepareScene } from '../scene/prepare-scene';
import type { SceneStore } from '../scene/scene-store';
import { reject } from '../validation/reject';
import { checkKnownKeys } from '../validation/unknown-keys';
import { checkLinkEvent, functionName } from './check-link-event';
import { withLinkHint } from './link-hints';
import { linkIdOf, type LinkService } from './link-service';
import type { LinkKind, LinkRequest } from './types';

export interface LinkEventContext {
  /** the caller policy of this invocation; none: trusted, unlimited (tests, server-side use) */
  guard?: CallerGuard;
  /** where queryData too long for the query is stored; without it such data is refused */
  scenes?: SceneStore;
  deadline?: number;
  now?: () => number;
  /** false (WXACODE_ENTRIES=off): links carry no id of their own; default true */
  recordEntries?: boolean;
}

interface LinkMade {
  errCode: 0;
  errMsg: 'ok';
  /** ISO time the link stops opening; absent for a link that never expires */
  expiresAt?: string;
  cached: boolean;
  /** the query the page receives ('' for none) */
  query: string;
  /** with queryData: the scene in the query, and whether it carries the data (inline) or a key (stored) */
  scene?: string;
  sceneMode?: 'inline' | 'stored';
  /** the link's own id, in its query as `wxl`: entries by this link are recorded under it */
  linkId?: string;
}
export type UrlLinkMade = LinkMade & { urlLink: string };
export type UrlSchemeMade = LinkMade & { openlink: string };
export type ShortLinkMade = LinkMade & { link: string; permanent: boolean; pageUrl: string };
export interface LinkQueried {
  errCode: 0;
  errMsg: 'ok';
  urlLinkInfo?: Record<string, unknown>;
  schemeInfo?: Record<string, unknown>;
  quotaInfo?: Record<string, unknown>;
  /** quotaInfo.remainVisitQuota: the visits the app's links have left today */
  visitsLeftToday?: number;
  /** expireTime as an ISO time */
  expiresAt?: string;
}
export type LinkReply = UrlLinkMade | UrlSchemeMade | ShortLinkMade | LinkQueried | Failure;

/** A day after its link expires a stored queryData payload is dropped: a late click is told "expired", not "not found". */
const PAYLOAD_GRACE_SECONDS = 86_400;

/**
 * The body of wxacodeUrlLink / wxacodeUrlScheme / wxacodeShortLink: event → checked request → policy → link
 * (stored, or made once). `{action: 'query', urlLink | scheme}` asks WeChat for a link's details. Never throws.
 */
export async function handleLinkEvent(kind: LinkKind, event: unknown, service: LinkService, context: LinkEventContext = {}): Promise<LinkReply> {
  const now = context.now ?? (() => Date.now());
  let admission: Admission | undefined;
  let api: LinkRequest['api'] | 'urllink.query' | 'urlscheme.query' = kind === 'urlLink' ? 'urllink.generate' : kind === 'urlScheme' ? 'urlscheme.generate' : 'shortlink.generate';
  try {
    context.guard?.checkEventSize(event);
    if (event && typeof event === 'object' && (event as { action?: unknown }).action === 'query') {
      api = kind === 'urlLink' ? 'urllink.query' : 'urlscheme.query';
      return await queryLink(kind, event as Record<string, unknown>, service, context.deadline);
    }
    const checked = checkLinkEvent(kind, event, now());
    context.guard?.checkPagePath(checked.field, checked.page);
    let admitted = false;
    const admitFor = (request: LinkRequest) => async () => {
      if (admitted || !context.guard) return;
      admitted = true;
      admission = await context.guard.admitNewLink(request);
    };
    let query = checked.query;
    let scene: Pick<LinkMade, 'scene' | 'sceneMode'> = {};
    if (checked.queryData) {
      const { data, inline } = checked.queryData;
      if (inline !== null) scene = { scene: inline, sceneMode: 'inline' };
      else {
        if (!context.scenes) throw new WxacodeError(ErrCode.INVALID_ARGS, 'queryData: does not fit in the query and there is no scene store here to keep it; shorten it');
        const ttlSeconds = checked.lifetimeSeconds === null ? undefined : checked.lifetimeSeconds + PAYLOAD_GRACE_SECONDS;
        // a new payload is admitted as a new link would be: it is written for this caller
        const prepared = await prepareScene(data, context.scenes, { sceneMode: 'stored', ttlSeconds, now: now(), beforeNewPayload: admitFor(checked.build(sceneQuery(PLACEHOLDER))) });
        scene = { scene: prepared.scene, sceneMode: 'stored' };
      }
      query = sceneQuery(scene.scene!);
    }
    // the link's own id goes last, when recording is on and the query has room for it (else the link carries none)
    let linkId: string | undefined;
    if (checked.recordEntries && context.recordEntries !== false) {
      const id = linkIdOf(checked.build(query));
      const withId = query ? `${query}&${LINK_ID_KEY}=${id}` : `${LINK_ID_KEY}=${id}`;
      if (withId.length <= checked.maxQueryChars) {
        query = withId;
        linkId = id;
      }
    }
    const request = checked.build(query);
    api = request.api;
    const delivered = await service.deliver(request, { cache: checked.cache, minValidSeconds: checked.minValidSeconds, admit: admitFor(request), deadline: context.deadline });
    // the caller's rate counts links made for them: a stored one costs nothing
    if (delivered.cached) await admission?.release().catch(() => undefined);
    const common: LinkMade = {
      errCode: 0,
      errMsg: 'ok',
      ...(delivered.expiresAt === null ? {} : { expiresAt: new Date(delivered.expiresAt).toISOString() }),
      cached: delivered.cached,
      query,
      ...scene,
      ...(linkId === undefined ? {} : { linkId }),
    };
    if (request.api === 'shortlink.generate') return { ...common, link: delivered.link, permanent: request.params.isPermanent, pageUrl: request.params.pageUrl };
    // cq is not part of the request: the one stored link serves every channel, each with its own cq
    const link = checked.cq === undefined ? delivered.link : appendCq(delivered.link, checked.cq);
    if (request.api === 'urllink.generate') return { ...common, urlLink: link };
    return { ...common, openlink: link };
  } catch (error) {
    await admission?.release().catch(() => undefined);
    const { errCode, errMsg } = withLinkHint(api, toWxacodeError(error), now());
    return { errCode, errMsg };
  }
}

const PLACEHOLDER = '@AAAAAAAAAAAAAAAAAAAAAA';

/** withCq on the link WeChat made; one of a form the codec does not know still gets its cq rather than an error */
function appendCq(link: string, cq: string): string {
  try {
    return withCq(link, cq);
  } catch {
    return `${link}${link.includes('?') ? '&' : '?'}cq=${encodeURIComponent(cq)}`;
  }
}

const QUERY_FIELD = { urlLink: 'urlLink', urlScheme: 'scheme' } as const;

/** 查询加密URLLink / 查询scheme码: the link's details and the visits left today. */
async function queryLink(kind: LinkKind, event: Record<string, unknown>, service: LinkService, deadline?: number): Promise<LinkQueried> {
  if (kind === 'shortLink') {
    throw reject(ErrCode.INVALID_ARGS, 'action', 'WeChat has no query API for Short Links', event.action, 'Query URL Links with wxacodeUrlLink and URL Schemes with wxacodeUrlScheme');
  }
  const field = QUERY_FIELD[kind];
  const fields = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'userInfo'));
  checkKnownKeys(fields, ['action', field, 'queryType'], `${functionName(kind)} {action: 'query'}`);
  const link = fields[field];
  // 查询加密URLLink's own example queries a link with its cq; 查询scheme码 also answers for plain-text schemes (85405)
  const shape =
    kind === 'urlLink'
      ? /^https:\/\/(wxaurl|wxmpurl)\.cn\/[A-Za-z0-9]+(\?cq=\S*)?$/
      : /^weixin:\/\/dl\/business\/\?(t=[A-Za-z0-9]+(&cq=\S*)?|appid=wx[0-9a-f]{16}&\S*)$/;
  if (typeof link !== 'string' || !shape.test(link)) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      kind === 'urlLink' ? 'must be a URL Link as made, "https://wxaurl.cn/…" (a cq suffix may follow)' : 'must be a URL Scheme, "weixin://dl/business/?t=…" or a plain-text one "weixin://dl/business/?appid=…"',
      link,
      typeof link === 'string' && link.startsWith('#小程序://')
        ? 'Short Links have no query API: WeChat keeps no details of them'
        : kind === 'urlLink'
          ? 'Query URL Schemes with wxacodeUrlScheme'
          : 'Query URL Links with wxacodeUrlLink',
    );
  }
  // 查询加密URLLink / 查询scheme码: query_type 0 (default) the link's details, 1 the visits left today
  const queryType = fields.queryType;
  if (queryType !== undefined && queryType !== 0 && queryType !== 1) {
    throw reject(ErrCode.INVALID_ARGS, 'queryType', "must be 0 (the link's details, the default) or 1 (the visits left today)", queryType);
  }
  const reply = await service.query(kind === 'urlLink' ? 'urllink.query' : 'urlscheme.query', link, deadline, queryType as 0 | 1 | undefined);
  const info = (kind === 'urlLink' ? reply.urlLinkInfo : reply.schemeInfo) as Record<string, unknown> | undefined;
  const quotaInfo = reply.quotaInfo as Record<string, unknown> | undefined;
  const expireTime = info?.expireTime;
  const remain = quotaInfo?.remainVisitQuota;
  return {
    errCode: 0,
    errMsg: 'ok',
    ...(kind === 'urlLink' ? { urlLinkInfo: info } : { schemeInfo: info }),
    ...(quotaInfo ? { quotaInfo } : {}),
    ...(typeof remain === 'number' ? { visitsLeftToday: remain } : {}),
    ...(typeof expireTime === 'number' && expireTime > 0 ? { expiresAt: new Date(expireTime * 1000).toISOString() } : {}),
  };
}
