import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLinksState, type LinksState } from '../../state/links-state';
import { createWechatService } from '../service';
import type { WechatReply, WechatService } from '../types';
import { createLinkService, type LinkService, type LinkServiceOptions } from './link-service';

/**
 * The simulated WeChat's link APIs, called as the routes call it (snake_case params, WeChat's JSON back), on a clock
 * the test moves: every errcode rule, the caps with small numbers, expiry and opening without waiting.
 */
const PAGES = ['pages/index/index', 'pages/detail/detail', 'packageA/pages/shop/shop'];
// 2026-12-07 10:00 China time
const START = Date.UTC(2026, 11, 7, 2, 0, 0);
const DAY = 86_400_000;

let clock = START;
let state: LinksState;
let links: LinkService;
let wechat: WechatService;

async function setUp(overrides: Partial<LinkServiceOptions> = {}, linksState?: LinksState) {
  state = linksState ?? (await openLinksState(undefined));
  links = createLinkService({ appPages: () => PAGES, appid: 'wx1234567890abcdef', appName: '示例', envId: 'env-1a2b', state, now: () => clock, ...overrides });
  wechat = createWechatService({ appPages: () => ({ pages: PAGES }), links, now: () => clock });
}

beforeEach(async () => {
  clock = START;
  await setUp();
});

const nowSeconds = () => Math.floor(clock / 1000);
const call = (api: string, params: Record<string, unknown>) => wechat.call(api, params, 'https');
const json = (reply: WechatReply) => {
  if (!reply.ok || !('json' in reply)) throw new Error(`expected JSON, got ${JSON.stringify(reply)}`);
  return reply.json as Record<string, any>;
};
const errcodeOf = (reply: WechatReply) => (reply.ok ? 0 : reply.errcode);
const lastReason = () => wechat.calls().at(-1)?.reason;

describe('answers as WeChat words them', () => {
  it('URL Link: https://wxaurl.cn/<ticket>; its query answers url_link_info and quota_info', async () => {
    const made = json(await call('urllink.generate', { path: 'pages/detail/detail', query: 'id=7&from=sms', expire_type: 1, expire_interval: 7, env_version: 'trial' }));
    expect(made).toEqual({ errcode: 0, errmsg: 'ok', url_link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{11}$/) });
    const queried = json(await call('urllink.query', { url_link: made.url_link }));
    expect(queried).toEqual({
      errcode: 0,
      errmsg: 'ok',
      url_link_info: {
        appid: 'wx1234567890abcdef',
        path: 'pages/detail/detail',
        query: 'id=7&from=sms',
        create_time: nowSeconds(),
        expire_time: nowSeconds() + 7 * 86_400,
        env_version: 'trial',
        cloud_base: { env: '', domain: '', path: '', query: '', resource_appid: '' },
      },
      quota_info: { remain_visit_quota: 6_000_000 },
    });
    // a link with cq appended is the same link; query_type 1 answers the visits left only
    expect(json(await call('urllink.query', { url_link: `${made.url_link}?cq=a%3D1` })).url_link_info.path).toBe('pages/detail/detail');
    expect(json(await call('urllink.query', { url_link: made.url_link, query_type: 1 }))).toEqual({ errcode: 0, errmsg: 'ok', quota_info: { remain_visit_quota: 6_000_000 } });
  });

  it('URL Scheme: weixin://dl/business/?t=<ticket>; jump_wxa decides the page, a leading slash is accepted', async () => {
    const made = json(await call('urlscheme.generate', { jump_wxa: { path: '/packageA/pages/shop/shop', query: 'sku=9' }, expire_time: nowSeconds() + 3600 }));
    expect(made).toEqual({ errcode: 0, errmsg: 'ok', openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]{12}$/) });
    expect(json(await call('urlscheme.query', { scheme: made.openlink }))).toEqual({
      errcode: 0,
      errmsg: 'ok',
      scheme_info: { appid: 'wx1234567890abcdef', path: 'packageA/pages/shop/shop', query: 'sku=9', create_time: nowSeconds(), expire_time: nowSeconds() + 3600, env_version: 'release' },
      quota_info: { remain_visit_quota: 6_000_000 },
    });
  });

  it('no path and no expiry: the home page, for 30 days; is_expire false ("永久有效") changes nothing', async () => {
    const made = json(await call('urllink.generate', { is_expire: false }));
    const info = json(await call('urllink.query', { url_link: made.url_link })).url_link_info;
    expect(info).toMatchObject({ path: 'pages/index/index', query: '', expire_time: nowSeconds() + 30 * 86_400 });
  });

  it('Short Link: #小程序://<app name>/<title>/<code>, a title over 20 characters shown cut, none without a title', async () => {
    expect(json(await call('shortlink.generate', { page_url: 'pages/detail/detail?id=3', page_title: '双十二活动' }))).toEqual({
      errcode: 0,
      errmsg: 'ok',
      link: expect.stringMatching(/^#小程序:\/\/示例\/双十二活动\/[0-9A-Za-z]{15}$/),
    });
    const long = json(await call('shortlink.generate', { page_url: 'pages/index/index', page_title: '一二三四五六七八九十一二三四五六七八九十多出来' }));
    expect(long.link).toMatch(/^#小程序:\/\/示例\/一二三四五六七八九十一二三四五六七八九十\.\.\.\/[0-9A-Za-z]{15}$/);
    expect(json(await call('shortlink.generate', { page_url: '/pages/index/index' })).link).toMatch(/^#小程序:\/\/示例\/[0-9A-Za-z]{15}$/);
  });

  it('NFC scheme: an openlink per device; a second one for the same model_id + sn is 9800010', async () => {
    const made = json(await call('urlscheme.generateNFCScheme', { jump_wxa: { path: 'pages/detail/detail', query: 'tag=1' }, model_id: 'model-A', sn: 'SN001' }));
    expect(made.openlink).toMatch(/^weixin:\/\/dl\/business\/\?t=/);
    expect(json(await call('urlscheme.query', { scheme: made.openlink })).scheme_info).toMatchObject({ path: 'pages/detail/detail', query: 'tag=1', expire_time: 0 });
    expect(errcodeOf(await call('urlscheme.generateNFCScheme', { model_id: 'model-A', sn: 'SN001' }))).toBe(9800010);
    expect(errcodeOf(await call('urlscheme.generateNFCScheme', { model_id: 'model-A', sn: 'SN002' }))).toBe(0);
  });
});

describe('every parameter rule, with its errcode', () => {
  const future = () => nowSeconds() + 3600;
  it.each<[string, string, () => Record<string, unknown>, number, RegExp]>([
    ['40165: a page the app does not have', 'urllink.generate', () => ({ path: 'pages/gone/gone' }), 40165, /not a page of the released app/],
    ['40165: a query in path', 'urllink.generate', () => ({ path: 'pages/detail/detail?id=1' }), 40165, /must not carry a query/],
    ['40165: jump_wxa.path not a page', 'urlscheme.generate', () => ({ jump_wxa: { path: 'pages/x/x' } }), 40165, /jump_wxa\.path/],
    ['40165: an NFC page not a page', 'urlscheme.generateNFCScheme', () => ({ jump_wxa: { path: 'pages/x/x' }, model_id: 'm' }), 40165, /jump_wxa\.path/],
    ['40212: a query not in k=v form', 'urllink.generate', () => ({ query: 'id' }), 40212, /k1=v1&k2=v2/],
    ['40212: an empty pair', 'urlscheme.generate', () => ({ jump_wxa: { query: 'a=1&&b=2' } }), 40212, /k1=v1&k2=v2/],
    ['40212: a character outside the set', 'urllink.generate', () => ({ query: 'name=张三' }), 40212, /URL-encode the rest/],
    ['40212: a space', 'urllink.generate', () => ({ query: 'a=1 2' }), 40212, /not " "/],
    ['40212: 1025 characters', 'urllink.generate', () => ({ query: `a=${'x'.repeat(1023)}` }), 40212, /at most 1024 characters, it has 1025/],
    ['40212: not a string', 'urllink.generate', () => ({ query: { a: 1 } }), 40212, /must be a string/],
    ['85401: expire_time in the past', 'urllink.generate', () => ({ expire_time: nowSeconds() - 10 }), 85401, /from 1 minute to 30 days ahead/],
    ['85401: expire_time under a minute ahead', 'urllink.generate', () => ({ expire_time: nowSeconds() + 59 }), 85401, /from 1 minute/],
    ['85401: expire_time past 30 days', 'urlscheme.generate', () => ({ expire_time: nowSeconds() + 30 * 86_400 + 1 }), 85401, /30 days ahead/],
    ['85401: expire_time in milliseconds', 'urllink.generate', () => ({ expire_time: clock + 3_600_000 }), 85401, /30 days ahead/],
    ['85401: expire_interval 0', 'urllink.generate', () => ({ expire_type: 1, expire_interval: 0 }), 85401, /from 1 to 30/],
    ['85401: expire_interval 31', 'urlscheme.generate', () => ({ expire_type: 1, expire_interval: 31 }), 85401, /from 1 to 30/],
    ['85401: expire_type 1 without expire_interval', 'urllink.generate', () => ({ expire_type: 1 }), 85401, /got nothing/],
    ['40097: expire_type 2', 'urllink.generate', () => ({ expire_type: 2, expire_time: future() }), 40097, /expire_type must be 0/],
    ['85402: env_version "prod"', 'urllink.generate', () => ({ env_version: 'prod' }), 85402, /release, trial, develop/],
    ['85402: jump_wxa.env_version "online"', 'urlscheme.generate', () => ({ jump_wxa: { env_version: 'online' } }), 85402, /jump_wxa\.env_version/],
    ['85088: cloud_base of another environment', 'urllink.generate', () => ({ cloud_base: { env: 'prod-9z', path: '/h5/index.html' } }), 85088, /not a CloudBase environment of this app/],
    ['40097: cloud_base without env', 'urllink.generate', () => ({ cloud_base: { path: '/h5' } }), 40097, /cloud_base\.env is required/],
    ['40097: jump_wxa not an object', 'urlscheme.generate', () => ({ jump_wxa: 'pages/index/index' }), 40097, /jump_wxa must be an object/],
    ['9800003: NFC without model_id', 'urlscheme.generateNFCScheme', () => ({ jump_wxa: {} }), 9800003, /model_id is required/],
    ['9800007: NFC sn not a string', 'urlscheme.generateNFCScheme', () => ({ model_id: 'm', sn: 12 }), 9800007, /sn must be a string/],
    ['40066: Short Link without page_url', 'shortlink.generate', () => ({ page_title: 'x' }), 40066, /page_url is required/],
    ['40066: Short Link to a page the app lacks', 'shortlink.generate', () => ({ page_url: 'pages/gone/gone?id=1' }), 40066, /not a page of the released app/],
    ['40066: Short Link page_url over 1024', 'shortlink.generate', () => ({ page_url: `pages/index/index?a=${'x'.repeat(1010)}` }), 40066, /at most 1024 characters/],
    ['40066: Short Link query with a raw space', 'shortlink.generate', () => ({ page_url: 'pages/index/index?a=1 2' }), 40066, /URL-encode the rest/],
    ['40225: a page_title with a line break', 'shortlink.generate', () => ({ page_url: 'pages/index/index', page_title: 'a\nb' }), 40225, /line breaks/],
    ['40225: a page_title not a string', 'shortlink.generate', () => ({ page_url: 'pages/index/index', page_title: 5 }), 40225, /must be a string/],
    ['40097: is_permanent not a boolean', 'shortlink.generate', () => ({ page_url: 'pages/index/index', is_permanent: 'true' }), 40097, /true or false/],
    ['40097: url_link missing from the query', 'urllink.query', () => ({}), 40097, /url_link is required/],
    ['40097: a scheme given to urllink.query', 'urllink.query', () => ({ url_link: 'weixin://dl/business/?t=abc' }), 40097, /must be a URL Link/],
    ['40097: query_type 2', 'urlscheme.query', () => ({ scheme: 'weixin://dl/business/?t=abc', query_type: 2 }), 40097, /query_type must be 0/],
    ['85403: an unknown URL Link', 'urllink.query', () => ({ url_link: 'https://wxaurl.cn/NoSuchTicket' }), 85403, /no link with ticket/],
    ['85403: an unknown scheme', 'urlscheme.query', () => ({ scheme: 'weixin://dl/business/?t=NoSuchTicket' }), 85403, /no link with ticket/],
    ['85405: a plain-text scheme whose page is not declared', 'urlscheme.query', () => ({ scheme: 'weixin://dl/business/?appid=wx1234567890abcdef&path=pages/index/index' }), 85405, /not enabled for page/],
  ])('%s', async (_name, api, params, errcode, reason) => {
    const reply = await call(api, params());
    expect(reply).toEqual({ ok: false, errcode, errmsg: expect.stringMatching(/ rid: /) });
    expect(lastReason()).toMatch(reason);
  });

  it('errmsg words of the doc tables, e.g. 40165 invalid weapp pagepath, 85079 miniprogram has no online release', async () => {
    expect(await call('urllink.generate', { path: 'pages/gone/gone' })).toMatchObject({ errmsg: expect.stringMatching(/^invalid weapp pagepath rid: /) });
    wechat.faults.set({ appUnreleased: true });
    expect(await call('urlscheme.generate', {})).toMatchObject({ errcode: 85079, errmsg: expect.stringMatching(/^miniprogram has no online release rid: /) });
    expect(await call('shortlink.generate', { page_url: 'pages/index/index' })).toMatchObject({ errcode: 85079 });
  });
});

describe('caps', () => {
  it('44993 past the day\'s URL Link + URL Scheme cap (shared), with the reset time; the next China day starts afresh', async () => {
    await setUp({ dailyCap: 3 });
    expect(errcodeOf(await call('urllink.generate', {}))).toBe(0);
    expect(errcodeOf(await call('urlscheme.generate', {}))).toBe(0);
    expect(errcodeOf(await call('urlscheme.generateNFCScheme', { model_id: 'm' }))).toBe(0);
    const capped = await call('urllink.generate', {});
    expect(capped).toEqual({ ok: false, errcode: 44993, errmsg: expect.stringMatching(/^reach max api daily quota limit, resets at 2026-12-08T00:00:00\+08:00 rid: /) });
    expect(errcodeOf(await call('urlscheme.generate', {}))).toBe(44993);
    // Short Links have their own cap, and queries are not generation
    expect(errcodeOf(await call('shortlink.generate', { page_url: 'pages/index/index' }))).toBe(0);
    expect(links.usage().urlLinksAndSchemes).toEqual({ used: 3, limit: 3, urlLinks: 1, urlSchemes: 2 });
    // 2026-12-08 00:00 China time is 2026-12-07 16:00 UTC
    clock = Date.UTC(2026, 11, 7, 15, 59, 59);
    expect(errcodeOf(await call('urllink.generate', {}))).toBe(44993);
    clock = Date.UTC(2026, 11, 7, 16, 0, 0);
    expect(errcodeOf(await call('urllink.generate', {}))).toBe(0);
    expect(links.usage()).toMatchObject({ day: '2026-12-08', resetsAt: '2026-12-09T00:00:00+08:00', urlLinksAndSchemes: { used: 1 } });
  });

  it('44990 past the calls a second, counting refused calls too; the next second admits again', async () => {
    await setUp({ ratePerSecond: 3 });
    expect(errcodeOf(await call('urllink.generate', {}))).toBe(0);
    expect(errcodeOf(await call('urllink.generate', { path: 'pages/gone/gone' }))).toBe(40165);
    expect(errcodeOf(await call('urlscheme.generate', {}))).toBe(0);
    expect(await call('urllink.generate', {})).toMatchObject({ errcode: 44990, errmsg: expect.stringMatching(/^reach max api second frequence limit/) });
    clock += 1000;
    expect(errcodeOf(await call('urllink.generate', {}))).toBe(0);
  });

  it('45009 past the Short Link daily cap; 85400 once the permanent ones are used up, temporary ones still made', async () => {
    await setUp({ shortLinkDailyCap: 3, permanentQuota: 1 });
    expect(errcodeOf(await call('shortlink.generate', { page_url: 'pages/index/index', is_permanent: true }))).toBe(0);
    expect(await call('shortlink.generate', { page_url: 'pages/index/index', is_permanent: true })).toMatchObject({ errcode: 85400, errmsg: expect.stringMatching(/^reach max long time quota limit/) });
    expect(errcodeOf(await call('shortlink.generate', { page_url: 'pages/index/index' }))).toBe(0);
    expect(errcodeOf(await call('shortlink.generate', { page_url: 'pages/index/index' }))).toBe(0);
    expect(await call('shortlink.generate', { page_url: 'pages/index/index' })).toMatchObject({ errcode: 45009, errmsg: expect.stringMatching(/resets at 2026-12-08T00:00:00\+08:00/) });
    expect(links.usage()).toMatchObject({ shortLinks: { used: 3, limit: 3 }, permanentLinks: { used: 1, limit: 1 } });
  });
});

describe('faults', () => {
  it('linkErrcode forces any errcode of the link tables on every link API, and leaves codes alone', async () => {
    for (const errcode of [85406, 40013, 43104, 85407, 85408, 9800008, 9800009, -1]) {
      wechat.faults.set({ linkErrcode: errcode });
      expect(errcodeOf(await call('urllink.generate', {}))).toBe(errcode);
      expect(errcodeOf(await call('shortlink.generate', { page_url: 'pages/index/index' }))).toBe(errcode);
    }
    wechat.faults.set({ linkErrcode: 40002 });
    expect(await call('urlscheme.query', { scheme: 'x' })).toMatchObject({ errcode: 40002, errmsg: expect.stringMatching(/^no permission rid/) });
    expect(errcodeOf(await call('wxacode.getUnlimited', { scene: 'a=1' }))).toBe(0);
    expect(() => wechat.faults.set({ linkErrcode: 12345 })).toThrow(/linkErrcode must be 0 \(off\) or an errcode/);
  });
});

describe('opening a link', () => {
  it('each kind opens its page with the 场景值 the entry carries; cq reaches onLoad as written', async () => {
    const urlLink = json(await call('urllink.generate', { path: 'pages/detail/detail', query: 'id=7' })).url_link;
    const scheme = json(await call('urlscheme.generate', { jump_wxa: { path: 'pages/detail/detail', query: 'id=8' } })).openlink;
    const nfc = json(await call('urlscheme.generateNFCScheme', { jump_wxa: { path: 'pages/index/index' }, model_id: 'm' })).openlink;
    const short = json(await call('shortlink.generate', { page_url: 'pages/detail/detail?id=9', page_title: '标题' })).link;
    expect(await links.open(urlLink)).toEqual({
      opens: true,
      link: urlLink,
      kind: 'urlLink',
      page: 'pages/detail/detail',
      query: { id: '7' },
      queryString: 'id=7',
      sceneValue: 1194,
      envVersion: 'release',
      expiresAt: new Date((nowSeconds() + 30 * 86_400) * 1000).toISOString(),
    });
    expect(await links.open(urlLink, { inWechat: true })).toMatchObject({ opens: true, sceneValue: 1167 });
    expect(await links.open(`${urlLink}?cq=from%3Dsms`)).toMatchObject({ opens: true, query: { id: '7', cq: 'from%3Dsms' }, cq: 'from%3Dsms' });
    expect(await links.open(`${scheme}&cq=c1`)).toMatchObject({ opens: true, kind: 'urlScheme', page: 'pages/detail/detail', query: { id: '8', cq: 'c1' }, sceneValue: 1065 });
    expect(await links.open(nfc)).toMatchObject({ opens: true, kind: 'nfcScheme', page: 'pages/index/index', sceneValue: 1065, expiresAt: null });
    expect(await links.open(short)).toMatchObject({ opens: true, kind: 'shortLink', page: 'pages/detail/detail', query: { id: '9' }, sceneValue: 1179 });
    // Short Links are outside the opening cap
    expect(links.usage().opens.used).toBe(5);
  });

  it('a cq over 256 characters, or with characters outside the set, does not open', async () => {
    const urlLink = json(await call('urllink.generate', {})).url_link;
    expect(await links.open(`${urlLink}?cq=${'a'.repeat(257)}`)).toMatchObject({ opens: false, reason: expect.stringMatching(/257 characters; at most 256/) });
    expect(await links.open(`${urlLink}?cq=a"b`)).toMatchObject({ opens: false, reason: expect.stringMatching(/cq may hold only/) });
  });

  it('expired links do not open (virtual time), but can still be queried', async () => {
    const urlLink = json(await call('urllink.generate', { expire_type: 1, expire_interval: 1 })).url_link;
    const short = json(await call('shortlink.generate', { page_url: 'pages/index/index' })).link;
    const permanent = json(await call('shortlink.generate', { page_url: 'pages/index/index', is_permanent: true })).link;
    clock += DAY - 1000;
    expect(await links.open(urlLink)).toMatchObject({ opens: true });
    clock += 1000;
    expect(await links.open(urlLink)).toMatchObject({ opens: false, page: null, sceneValue: null, reason: expect.stringMatching(/^expired at 2026-12-08T02:00:00.000Z/) });
    expect(json(await call('urllink.query', { url_link: urlLink })).url_link_info.expire_time).toBe(Math.floor(START / 1000) + 86_400);
    clock += 29 * DAY;
    expect(await links.open(short)).toMatchObject({ opens: false, reason: expect.stringMatching(/^expired/) });
    expect(await links.open(permanent)).toMatchObject({ opens: true, expiresAt: null });
  });

  it('85406 once the day\'s openings are used up; remain_visit_quota counts down', async () => {
    await setUp({ openDailyCap: 2 });
    const urlLink = json(await call('urllink.generate', {})).url_link;
    expect(await links.open(urlLink)).toMatchObject({ opens: true });
    expect(json(await call('urllink.query', { url_link: urlLink, query_type: 1 })).quota_info).toEqual({ remain_visit_quota: 1 });
    expect(await links.open(urlLink)).toMatchObject({ opens: true });
    expect(await links.open(urlLink)).toMatchObject({ opens: false, errcode: 85406, reason: expect.stringMatching(/resume at 00:00 China time/) });
    clock += DAY;
    expect(await links.open(urlLink)).toMatchObject({ opens: true });
  });

  it('plain-text schemes open (1286) only on declared pages, make no API call, and count as openings', async () => {
    const plain = 'weixin://dl/business/?appid=wx1234567890abcdef&path=pages/detail/detail&query=id%3D5%26from%3Dqr&env_version=trial';
    expect(await links.open(plain)).toMatchObject({ opens: false, errcode: 85405, reason: expect.stringMatching(/not declared for plain-text schemes/) });
    await setUp({ plainTextSchemePages: () => ['pages/detail/detail'] });
    expect(await links.open(plain)).toEqual({ opens: true, link: plain, kind: 'plainTextScheme', page: 'pages/detail/detail', query: { id: '5', from: 'qr' }, queryString: 'id=5&from=qr', sceneValue: 1286, envVersion: 'trial' });
    expect(wechat.calls()).toEqual([]);
    expect(json(await call('urlscheme.query', { scheme: plain })).scheme_info).toMatchObject({ path: 'pages/detail/detail', query: 'id=5&from=qr', env_version: 'trial' });
    expect(await links.open(plain.replace('wx1234567890abcdef', 'wx9999999999999999'))).toMatchObject({ opens: false, reason: expect.stringMatching(/names appid/) });
    expect(await links.open(`weixin://dl/business/?appid=wx1234567890abcdef&path=pages/detail/detail&query=${'a%3D1'.repeat(120)}`)).toMatchObject({
      opens: false,
      reason: expect.stringMatching(/at most 512/),
    });
    expect(links.usage().opens.used).toBe(1);
  });

  it('unknown tickets and strings that are no link say so', async () => {
    expect(await links.open('https://wxaurl.cn/Unknown1234')).toMatchObject({ opens: false, kind: 'urlLink', reason: expect.stringMatching(/^unknown ticket "Unknown1234"/) });
    expect(await links.open('#小程序://示例/abcdefghijklmno')).toMatchObject({ opens: false, kind: 'shortLink', reason: expect.stringMatching(/^unknown ticket/) });
    expect(await links.open('https://example.com/x')).toMatchObject({ opens: false, kind: null, reason: expect.stringMatching(/^not a link WeChat makes/) });
  });
});

describe('persistence', () => {
  it('links and the day\'s counts survive a restart: query and open work, the cap keeps counting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-links-'));
    try {
      await setUp({ dailyCap: 2 }, await openLinksState(dir));
      const urlLink = json(await call('urllink.generate', { path: 'pages/detail/detail', query: 'id=1' })).url_link;
      const short = json(await call('shortlink.generate', { page_url: 'pages/index/index', is_permanent: true })).link;
      await links.open(urlLink);
      await state.flush();

      await setUp({ dailyCap: 2 }, await openLinksState(dir));
      expect(json(await call('urllink.query', { url_link: urlLink })).url_link_info).toMatchObject({ path: 'pages/detail/detail', query: 'id=1' });
      expect(await links.open(short)).toMatchObject({ opens: true, page: 'pages/index/index' });
      expect(links.usage()).toMatchObject({ urlLinksAndSchemes: { used: 1 }, opens: { used: 1 }, permanentLinks: { used: 1 } });
      expect(errcodeOf(await call('urlscheme.generate', {}))).toBe(0);
      expect(errcodeOf(await call('urlscheme.generate', {}))).toBe(44993);
      await state.clear();
      expect(links.usage()).toMatchObject({ urlLinksAndSchemes: { used: 0 }, permanentLinks: { used: 0 } });
      expect(errcodeOf(await call('urllink.query', { url_link: urlLink }))).toBe(85403);
      await state.flush();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
