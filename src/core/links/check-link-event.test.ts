import { ErrCode } from '../errors';
import { CallerGuard } from '../policy/caller-guard';
import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { LINK_TEST_START, memoryLinks } from '../testing/memory-links';
import { handleLinkEvent } from './handle-link-event';
import type { LinkKind } from './types';

const NOW_S = Math.floor(LINK_TEST_START / 1000);
const DAY = 86_400;

/** Each case: an event refused before WeChat sees it, the errCode, and what the message must say. */
const rejected: [string, LinkKind, Record<string, unknown>, number, RegExp][] = [
  // 获取加密URLLink / 获取加密scheme码: path without query (40165)
  ['path with a space at its end', 'urlLink', { path: 'pages/index/index ' }, 40165, /^path: must be a page path as in app\.json \(no spaces or "#"\); received string "pages\/index\/index "\. Trim it: "pages\/index\/index"$/],
  ['path with a query', 'urlLink', { path: 'pages/item/item?id=1' }, 40165, /^path: must not carry a query.*Pass path "pages\/item\/item" and query "id=1"/],
  ['path not a string', 'urlScheme', { path: 42 }, 40165, /^path: must be a string.*received number 42/],
  ['path with a space', 'urlLink', { path: 'pages/a b' }, 40165, /^path: must be a page path/],
  // query: characters, form, length (40212)
  ['query with Chinese', 'urlLink', { query: 'name=张三' }, 40212, /^query: character "张" at position 6 is not allowed.*received string "name=张三".*encodeURIComponent/],
  ['query with a space', 'urlScheme', { query: 'a=1 2' }, 40212, /character " " at position 4/],
  ['query not a=1&b=2', 'urlLink', { query: 'id' }, 40212, /^query: must be in the form "a=1&b=2"; the part "id" is not key=value/],
  ['query with an empty part', 'urlLink', { query: 'a=1&&b=2' }, 40212, /the part "" is not key=value.*two "&" in a row.*Drop the extra "&": "a=1&b=2"/],
  ['query with a trailing &', 'urlLink', { query: 'a=1&' }, 40212, /Drop the extra "&": "a=1"/],
  ['query with a key and no value', 'urlLink', { query: 'a=1&b' }, 40212, /the part "b" is not key=value; received string "a=1&b"\. Give it a value: "b=1", or "b=" for an empty one/],
  // a query copied with its "?" would reach the page as the key "?id"
  ['query starting with ?', 'urlLink', { query: '?id=42&from=sms' }, 40212, /^query: must not start with "\?".*received string "\?id=42&from=sms".*Drop it: "id=42&from=sms"/],
  ['short link pageUrl with ?? ', 'shortLink', { pageUrl: 'pages/index/index??a=1' }, 40066, /^pageUrl: must not start with "\?"/],
  ['query with a bad escape', 'urlLink', { query: 'a=50%' }, 40212, /"%" at position 5 must start an escape/],
  ['query over 1024', 'urlLink', { query: `a=${'x'.repeat(1023)}` }, 40212, /^query: must be at most 1024 characters \(it has 1025\).*queryData/],
  ['query repeating a key', 'urlScheme', { query: 'a=1&a=2' }, 40212, /has the key "a" twice/],
  ['query using the reserved wxl', 'urlLink', { query: 'wxl=1' }, 40212, /must not use the key "wxl"/],
  ['query as an object', 'urlLink', { query: { id: 1 } }, 40212, /^query: must be a string.*For an object pass queryData/],
  ['query and queryData', 'urlLink', { query: 'a=1', queryData: { a: 1 } }, 40097, /^query, queryData: pass one, not both/],
  ['queryData nested', 'urlLink', { queryData: { a: { b: 1 } } }, 40097, /^queryData\.a: /],
  ['sceneMode without queryData', 'urlLink', { sceneMode: 'stored' }, 40097, /^sceneMode: only applies with queryData/],
  // expiry (85401)
  // a few seconds over must not read "30.0 days ahead", which looks allowed
  ['expireTime 5 s past 30 days', 'urlScheme', { expireTime: NOW_S + 30 * DAY + 5 }, 85401, /^expireTime: must be at most 30 days ahead \(it is \S+, 30 days and 5 s ahead\)/],
  ['expireTime past 30 days', 'urlLink', { expireTime: NOW_S + 31 * DAY }, 85401, /^expireTime: must be at most 30 days ahead \(it is 2027-01-07T04:00:00.000Z, 31.0 days ahead\); WeChat would have cut the link to 2027-01-06T04:00:00.000Z without a word/],
  ['expireTime in milliseconds', 'urlLink', { expireTime: (NOW_S + DAY) * 1000 }, 85401, /^expireTime: must be in seconds, not milliseconds.*Did you mean 1796702400/],
  ['expireTime in the past', 'urlScheme', { expireTime: NOW_S - 10 }, 85401, /^expireTime: must be at least 1 minute ahead \(it is 10 s in the past/],
  ['expireTime 30 s ahead', 'urlLink', { expireTime: NOW_S + 30 }, 85401, /must be at least 1 minute ahead \(it is 30 s ahead/],
  ['expireTime as a string', 'urlLink', { expireTime: String(NOW_S + DAY) }, 85401, /^expireTime: must be a whole Unix time in seconds/],
  ['expireInterval 31', 'urlLink', { expireInterval: 31 }, 85401, /^expireInterval: must be a whole number of days from 1 to 30; received number 31/],
  ['expireInterval 0', 'urlScheme', { expireType: 1, expireInterval: 0 }, 85401, /received number 0/],
  ['expireType 1 without interval', 'urlLink', { expireType: 1 }, 85401, /^expireInterval: is required with expireType 1/],
  ['expireType 0 without time', 'urlLink', { expireType: 0 }, 85401, /^expireTime: is required with expireType 0/],
  ['expireType 2', 'urlLink', { expireType: 2 }, 85401, /^expireType: must be 0/],
  ['expireTime and expireInterval', 'urlLink', { expireTime: NOW_S + DAY, expireInterval: 3 }, 85401, /pass one, not both/],
  ['isExpire false ("永久有效")', 'urlLink', { isExpire: false }, 85401, /^isExpire: is obsolete: URL Links and URL Schemes always expire now.*2022-04/],
  ['is_expire', 'urlScheme', { is_expire: true }, 85401, /^is_expire: is obsolete.*permanent Short Link/],
  // env_version (85402)
  ['envVersion unknown', 'urlLink', { envVersion: 'prod' }, 85402, /^envVersion: must be one of "release", "trial", "develop"; received string "prod"/],
  ['envVersion on a scheme', 'urlScheme', { envVersion: 'Release' }, 85402, /received string "Release"\. Did you mean "release"\?/],
  ['envVersion dev', 'urlLink', { envVersion: 'dev' }, 85402, /received string "dev"\. Did you mean "develop"\?/],
  // keys
  ['snake_case key', 'urlLink', { expire_interval: 3 }, 40097, /^expire_interval: is not a known parameter.*Did you mean expireInterval\? Cloud functions take camelCase/],
  ['env_version', 'urlScheme', { env_version: 'trial' }, 40097, /Did you mean envVersion\?/],
  ['unknown key', 'urlLink', { title: 'x' }, 40097, /^title: is not a known parameter.*wxacodeUrlLink takes only: action, cache/],
  ['jumpWxa nested', 'urlScheme', { jumpWxa: { path: 'pages/index/index' } }, 40097, /^jumpWxa: is built by the function: pass path, query and envVersion at the top/],
  ['cloudBase without env', 'urlLink', { cloudBase: { domain: 'x' } }, 40097, /^cloudBase\.env: is required/],
  ['minValidSeconds over the lifetime', 'urlLink', { expireInterval: 1, minValidSeconds: 2 * DAY }, 40097, /^minValidSeconds: must be at most the link's lifetime \(86400 s\)/],
  ['minValidSeconds tiny', 'urlLink', { minValidSeconds: 5 }, 40097, /at least 60/],
  ['cache as a string', 'urlLink', { cache: 'false' }, 40097, /^cache: must be true or false/],
  ['action unknown', 'urlLink', { action: 'delete' }, 40097, /^action: must be "make" \(the default\) or "query"/],
  // NFC (获取NFC的小程序scheme)
  ['nfc without modelId', 'urlScheme', { nfc: { sn: 'A1' } }, 40097, /^nfc\.modelId: is required/],
  ['nfc with an expiry', 'urlScheme', { nfc: { modelId: 'm1' }, expireInterval: 3 }, 40097, /^expireInterval: does not apply to an NFC scheme/],
  ['nfc sn empty', 'urlScheme', { nfc: { modelId: 'm1', sn: '' } }, 40097, /^nfc\.sn: must be a non-empty string/],
  // 获取ShortLink
  ['short link without page', 'shortLink', {}, 40066, /^pageUrl: is required \(or page with query \/ queryData\)/],
  ['short link pageTitle over 20', 'shortLink', { pageUrl: 'pages/index/index', pageTitle: '一二三四五六七八九十一二三四五六七八九十一' }, 40225, /^pageTitle: must be at most 20 characters \(it has 21\); WeChat would cut it to "一二三四五六七八九十一二三四五六七八九十\.\.\."/],
  ['short link pageTitle with a slash', 'shortLink', { pageUrl: 'pages/index/index', pageTitle: '买/卖' }, 40225, /^pageTitle: must not contain "\/"/],
  ['short link pageUrl with a bad query', 'shortLink', { pageUrl: 'pages/index/index?id=中' }, 40066, /^pageUrl: character "中"/],
  ['short link page and pageUrl', 'shortLink', { page: 'pages/index/index', pageUrl: 'pages/index/index' }, 40097, /^page, pageUrl: pass one, not both/],
  ['short link pageUrl with a query and queryData', 'shortLink', { pageUrl: 'pages/index/index?a=1', queryData: { b: 1 } }, 40097, /already carries a query/],
  ['short link isPermanent as a string', 'shortLink', { pageUrl: 'pages/index/index', isPermanent: 'true' }, 40097, /^isPermanent: must be true or false/],
  ['short link with minValidSeconds when permanent', 'shortLink', { pageUrl: 'pages/index/index', isPermanent: true, minValidSeconds: 100 }, 40097, /does not apply to a link that never expires/],
  ['short link with is_permanent', 'shortLink', { pageUrl: 'pages/index/index', is_permanent: true }, 40097, /Did you mean isPermanent\?/],
  ['a permanent short link with cache: false', 'shortLink', { pageUrl: 'pages/index/index', isPermanent: true, cache: false }, 40097, /^cache: cannot be false for a permanent Short Link/],
  ['a short link pageUrl without a page', 'shortLink', { pageUrl: '?a=1' }, 40066, /^pageUrl: must be a page of the app with its query/],
  ['an NFC scheme with cache: false', 'urlScheme', { nfc: { modelId: 'm1' }, cache: false }, 40097, /^cache: cannot be false for an NFC scheme/],
  ['cq over 256 characters encoded', 'urlLink', { cq: '短'.repeat(30) }, 40212, /^cq: must be at most 256 characters URL-encoded \(it is 270\)/],
  ['cq on a short link', 'shortLink', { pageUrl: 'pages/index/index', cq: 'sms' }, 40097, /^cq: is not a known parameter/],
  // the action is read before the keys: a misspelt one must not blame urlLink as an unknown key
  ['query action misspelt', 'urlLink', { action: 'Query', urlLink: 'https://wxaurl.cn/abc' }, 40097, /^action: must be "make" \(the default\) or "query"; received string "Query"\. Did you mean "query"\?/],
  // a nested key is named with its parent, as the other nested rules name theirs
  ['nfc with snake_case', 'urlScheme', { nfc: { model_id: 'm1' } }, 40097, /^nfc\.model_id: is not a known parameter; received string "m1"\. Did you mean modelId\?/],
  ['cloudBase with snake_case', 'urlLink', { cloudBase: { env: 'e', resource_appid: 'wx1' } }, 40097, /^cloudBase\.resource_appid: is not a known parameter.*Did you mean resourceAppid\?/],
  ['query action with a Short Link to wxacodeUrlLink', 'urlLink', { action: 'query', urlLink: '#小程序://示例/abc' }, 40097, /^urlLink: must be a URL Link as made.*\. Short Links have no query API: WeChat keeps no details of them/],
  ['query action with a Short Link to wxacodeUrlScheme', 'urlScheme', { action: 'query', scheme: '#小程序://示例/abc' }, 40097, /^scheme: must be a URL Scheme.*\. Short Links have no query API: WeChat keeps no details of them/],
  // 获取ShortLink takes no expiry: a temporary one lasts 30 days, a permanent one never expires
  ['short link with an expiry', 'shortLink', { pageUrl: 'pages/index/index?a=1', expireInterval: 3 }, 40097, /^expireInterval: does not apply to a Short Link \(获取ShortLink takes no expiry: a temporary one lasts 30 days\); received number 3\. Drop expireInterval/],
  ['short link with isExpire', 'shortLink', { pageUrl: 'pages/index/index?a=1', isExpire: false }, 40097, /^isExpire: does not apply to a Short Link.*isPermanent: true/],
  ['query action on short links', 'shortLink', { action: 'query' }, 40097, /WeChat has no query API for Short Links/],
  ['query action without the link', 'urlLink', { action: 'query' }, 40097, /^urlLink: must be a URL Link as made/],
  ['query action with a scheme field on URL Link', 'urlLink', { action: 'query', scheme: 'weixin://dl/business/?t=abc' }, 40097, /^scheme: is not a known parameter/],
  ['query action with queryType 2', 'urlLink', { action: 'query', urlLink: 'https://wxaurl.cn/abc', queryType: 2 }, 40097, /^queryType: must be 0/],
  ['query action with a URL Link to wxacodeUrlScheme', 'urlScheme', { action: 'query', scheme: 'https://wxaurl.cn/abc' }, 40097, /^scheme: must be a URL Scheme.*Query URL Links with wxacodeUrlLink/],
];

describe.each(rejected)('refused before WeChat: %s', (_name, kind, event, errCode, message) => {
  test(`errCode ${errCode}`, async () => {
    const { service, maker, index, scenes, clock } = memoryLinks();
    const result = await handleLinkEvent(kind, event, service, { scenes, now: clock.now });
    expect(result).toEqual({ errCode, errMsg: expect.stringMatching(message) });
    expect(maker.calls).toHaveLength(0);
    expect(maker.queries).toHaveLength(0);
    expect(index.records.size).toBe(0);
    expect(scenes.size).toBe(0);
  });
});

/** the link's own id, checked for its form */
function idOf(reply: unknown): string {
  const id = (reply as { linkId?: string }).linkId;
  expect(id).toMatch(/^[A-Za-z0-9_-]{11}$/);
  return id as string;
}

describe('the link\'s own id (wxl), for entries by link', () => {
  test('the same request keeps its id and its link; another request has another id', async () => {
    const { service, maker, clock } = memoryLinks();
    const a = await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now });
    const again = await handleLinkEvent('urlLink', { query: 'a=1' }, service, { now: clock.now });
    const b = await handleLinkEvent('urlLink', { query: 'a=2' }, service, { now: clock.now });
    expect(again).toEqual({ ...a, cached: true });
    expect(idOf(b)).not.toBe(idOf(a));
    expect(maker.calls).toHaveLength(2);
  });

  test('recordEntries: false (or WXACODE_ENTRIES=off) leaves it out; so does a query with no room left for it', async () => {
    const { service, maker, clock } = memoryLinks();
    expect(await handleLinkEvent('urlLink', { query: 'a=1', recordEntries: false }, service, { now: clock.now })).toEqual(expect.not.objectContaining({ linkId: expect.anything() }));
    expect(await handleLinkEvent('urlLink', { query: 'a=3' }, service, { now: clock.now, recordEntries: false })).toMatchObject({ query: 'a=3' });
    const full = `x=${'y'.repeat(1015)}`;
    expect(await handleLinkEvent('urlLink', { query: full }, service, { now: clock.now })).toMatchObject({ errCode: 0, query: full });
    expect(maker.calls.map((c) => (c.params as { query: string }).query)).toEqual(['a=1', 'a=3', full]);
  });
});

describe('the request WeChat gets (camelCase, as wx-server-sdk takes it)', () => {
  test('URL Link: defaults to 30 days, release, the home page; answers urlLink, expiresAt, cached, query', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlLink', {}, service, { now: clock.now });
    const id = idOf(reply);
    expect(reply).toEqual({ errCode: 0, errMsg: 'ok', urlLink: 'https://wxaurl.cn/T000001', expiresAt: '2027-01-06T04:00:00.000Z', cached: false, query: `wxl=${id}`, linkId: id });
    expect(maker.calls).toEqual([{ api: 'urllink.generate', params: { path: '', query: `wxl=${id}`, envVersion: 'release', expireType: 1, expireInterval: 30 } }]);
  });

  test('a leading "/" is dropped: both spellings are one link', async () => {
    const { service, maker, clock } = memoryLinks();
    const a = await handleLinkEvent('urlLink', { path: '/pages/index/index', query: 'a=1' }, service, { now: clock.now });
    const b = await handleLinkEvent('urlLink', { path: 'pages/index/index', query: 'a=1' }, service, { now: clock.now });
    expect(b).toMatchObject({ cached: true, urlLink: (a as { urlLink: string }).urlLink });
    expect(maker.calls).toHaveLength(1);
  });

  test('URL Scheme: the event flat, jumpWxa built; expireTime kept as given', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlScheme', { path: 'pages/item/item', query: 'id=7', envVersion: 'trial', expireTime: NOW_S + 3 * DAY }, service, { now: clock.now });
    expect(reply).toMatchObject({ errCode: 0, openlink: 'weixin://dl/business/?t=T000001', expiresAt: '2026-12-10T04:00:00.000Z', cached: false });
    expect(maker.calls).toEqual([{ api: 'urlscheme.generate', params: { jumpWxa: { path: 'pages/item/item', query: `id=7&wxl=${idOf(reply)}`, envVersion: 'trial' }, expireType: 0, expireTime: NOW_S + 3 * DAY } }]);
  });

  test('cq: one stored link for every channel, each answered with its own cq', async () => {
    const { service, maker, clock } = memoryLinks();
    const sms = await handleLinkEvent('urlLink', { query: 'a=1', cq: 'sms' }, service, { now: clock.now });
    const mail = await handleLinkEvent('urlLink', { query: 'a=1', cq: '邮件' }, service, { now: clock.now });
    const scheme = await handleLinkEvent('urlScheme', { query: 'a=1', cq: 'h5' }, service, { now: clock.now });
    expect(sms).toMatchObject({ urlLink: 'https://wxaurl.cn/T000001?cq=sms', cached: false });
    expect(mail).toMatchObject({ urlLink: 'https://wxaurl.cn/T000001?cq=%E9%82%AE%E4%BB%B6', cached: true });
    expect(scheme).toMatchObject({ openlink: 'weixin://dl/business/?t=T000002&cq=h5' });
    expect(maker.calls).toHaveLength(2);
  });

  test('NFC scheme: generateNFCScheme with modelId and sn, no expiry', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlScheme', { path: 'pages/index/index', nfc: { modelId: 'm1', sn: 'SN01' } }, service, { now: clock.now });
    const id = idOf(reply);
    expect(reply).toEqual({ errCode: 0, errMsg: 'ok', openlink: 'weixin://dl/business/?t=T000001', cached: false, query: `wxl=${id}`, linkId: id });
    expect(maker.calls[0]).toEqual({ api: 'urlscheme.generateNFCScheme', params: { jumpWxa: { path: 'pages/index/index', query: `wxl=${id}`, envVersion: 'release' }, modelId: 'm1', sn: 'SN01' } });
  });

  test('Short Link from page + query; answers link, permanent, cached, pageUrl and 30 days', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('shortLink', { page: 'pages/item/item', query: 'id=7', pageTitle: '新品' }, service, { now: clock.now });
    const id = idOf(reply);
    expect(reply).toEqual({ errCode: 0, errMsg: 'ok', link: '#小程序://示例/新品/T000001', permanent: false, pageUrl: `pages/item/item?id=7&wxl=${id}`, expiresAt: '2027-01-06T04:00:00.000Z', cached: false, query: `id=7&wxl=${id}`, linkId: id });
    expect(maker.calls[0]).toEqual({ api: 'shortlink.generate', params: { pageUrl: `pages/item/item?id=7&wxl=${id}`, pageTitle: '新品', isPermanent: false } });
  });

  test('queryData inline: scene= in the query, the same encoding as the codes\' scenes', async () => {
    const { service, maker, scenes, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlLink', { path: 'pages/item/item', queryData: { id: 42, from: 'sms' } }, service, { scenes, now: clock.now });
    expect(reply).toMatchObject({ errCode: 0, query: `scene=from%3Dsms%26id%3D!42&wxl=${idOf(reply)}`, scene: 'from=sms&id=!42', sceneMode: 'inline' });
    expect(maker.calls[0]).toMatchObject({ params: { query: `scene=from%3Dsms%26id%3D!42&wxl=${idOf(reply)}` } });
    expect(scenes.size).toBe(0);
  });

  test('queryData inline can be longer than a code\'s 32 characters (a link\'s query takes 1024)', async () => {
    const { service, scenes, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlLink', { queryData: { campaign: 'winter-sale-2026', store: 'beijing-chaoyang-01' } }, service, { scenes, now: clock.now });
    expect(reply).toMatchObject({ sceneMode: 'inline', scene: 'campaign=winter-sale-2026&store=beijing-chaoyang-01' });
  });

  test('queryData with Chinese names is stored under a key that outlives the link by a day', async () => {
    const { service, scenes, clock } = memoryLinks();
    const reply = (await handleLinkEvent('urlScheme', { queryData: { 门店: '北京朝阳店' }, expireInterval: 7 }, service, { scenes, now: clock.now })) as { scene: string; query: string };
    expect(reply).toMatchObject({ errCode: 0, sceneMode: 'stored' });
    expect(reply.scene).toMatch(/^@[A-Za-z0-9_-]{22}$/);
    expect(reply.query).toBe(`scene=${reply.scene}&wxl=${idOf(reply)}`);
    expect(await scenes.get(reply.scene)).toEqual({ data: { 门店: '北京朝阳店' }, expiresAt: new Date(LINK_TEST_START + 8 * DAY * 1000) });
  });
});

describe('the caller policy, as for codes', () => {
  const guardFor = (openid: string | undefined, admins: string[] = [], pages: string[] | '*' = ['pages/index/index', 'pages/item/item']) =>
    new CallerGuard({ allowedPages: pages, adminOpenids: admins, newCodesPerOpenid: { limit: 2, windowSeconds: 3600 }, maxEventBytes: 4096 }, () => ({ openid }), new MemoryRateCounter());

  test('a page the app does not have: -700104, nothing sent', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlLink', { path: 'pages/nope/nope' }, service, { guard: guardFor('oUser'), now: clock.now });
    expect(reply).toEqual({ errCode: ErrCode.PAGE_NOT_ALLOWED, errMsg: expect.stringMatching(/^path: must open one of this app's pages/) });
    expect(maker.calls).toHaveLength(0);
  });

  test('a permanent short link: admins and trusted callers only (-700101 for a mini program user)', async () => {
    const { service, maker, clock } = memoryLinks();
    const event = { pageUrl: 'pages/index/index', isPermanent: true };
    expect(await handleLinkEvent('shortLink', event, service, { guard: guardFor('oUser'), now: clock.now })).toEqual({ errCode: -700101, errMsg: expect.stringMatching(/^isPermanent: a permanent Short Link spends one of the app's 10万/) });
    expect(maker.calls).toHaveLength(0);
    expect(await handleLinkEvent('shortLink', event, service, { guard: guardFor('oAdmin', ['oAdmin']), now: clock.now })).toMatchObject({ errCode: 0, permanent: true, cached: false });
    // made once: served to anyone afterwards
    expect(await handleLinkEvent('shortLink', event, service, { guard: guardFor('oUser'), now: clock.now })).toMatchObject({ errCode: 0, permanent: true, cached: true });
    expect(await handleLinkEvent('shortLink', event, service, { guard: guardFor(undefined), now: clock.now })).toMatchObject({ errCode: 0, cached: true });
    expect(maker.calls).toHaveLength(1);
  });

  test('an NFC scheme: admins and trusted callers only', async () => {
    const { service, maker, clock } = memoryLinks();
    const event = { path: 'pages/index/index', nfc: { modelId: 'm1', sn: 'SN1' } };
    expect(await handleLinkEvent('urlScheme', event, service, { guard: guardFor('oUser'), now: clock.now })).toEqual({ errCode: -700101, errMsg: expect.stringMatching(/^nfc: an NFC scheme never expires/) });
    expect(maker.calls).toHaveLength(0);
    expect(await handleLinkEvent('urlScheme', event, service, { guard: guardFor(undefined), now: clock.now })).toMatchObject({ errCode: 0, cached: false });
  });

  test('the per-user rate counts links made, not links served', async () => {
    const { service, clock } = memoryLinks();
    const guard = guardFor('oUser');
    for (const id of [1, 2]) expect(await handleLinkEvent('urlLink', { query: `id=${id}` }, service, { guard, now: clock.now })).toMatchObject({ errCode: 0, cached: false });
    expect(await handleLinkEvent('urlLink', { query: 'id=1' }, service, { guard, now: clock.now })).toMatchObject({ errCode: 0, cached: true });
    expect(await handleLinkEvent('urlLink', { query: 'id=3' }, service, { guard, now: clock.now })).toEqual({ errCode: -700102, errMsg: expect.stringMatching(/may make 2 new codes per 3600 s/) });
  });
});

describe('query APIs', () => {
  test('{action: "query", urlLink} → urlLinkInfo, quotaInfo, visits left today', async () => {
    const { service, maker, clock } = memoryLinks();
    const reply = await handleLinkEvent('urlLink', { action: 'query', urlLink: 'https://wxaurl.cn/abc123' }, service, { now: clock.now });
    expect(reply).toMatchObject({ errCode: 0, urlLinkInfo: { path: 'pages/index/index' }, quotaInfo: { remainVisitQuota: 999 }, visitsLeftToday: 999, expiresAt: '1970-01-01T00:00:02.000Z' });
    expect(maker.queries).toEqual([{ api: 'urllink.query', link: 'https://wxaurl.cn/abc123' }]);
  });

  test('a link with its cq, a plain-text scheme and queryType 1 are queried as WeChat takes them', async () => {
    const { service, maker, clock } = memoryLinks();
    expect(await handleLinkEvent('urlLink', { action: 'query', urlLink: 'https://wxaurl.cn/abc123?cq=a%3Dhello', queryType: 1 }, service, { now: clock.now })).toMatchObject({ errCode: 0, visitsLeftToday: 999 });
    expect(await handleLinkEvent('urlScheme', { action: 'query', scheme: 'weixin://dl/business/?appid=wx1234567890abcdef&path=pages/index/index' }, service, { now: clock.now })).toMatchObject({ errCode: 0 });
    expect(maker.queries).toEqual([
      { api: 'urllink.query', link: 'https://wxaurl.cn/abc123?cq=a%3Dhello', queryType: 1 },
      { api: 'urlscheme.query', link: 'weixin://dl/business/?appid=wx1234567890abcdef&path=pages/index/index' },
    ]);
  });

  test('{action: "query", scheme} → schemeInfo; 85403 keeps WeChat\'s message with a hint', async () => {
    const { service, maker, clock } = memoryLinks();
    expect(await handleLinkEvent('urlScheme', { action: 'query', scheme: 'weixin://dl/business/?t=abc' }, service, { now: clock.now })).toMatchObject({ errCode: 0, schemeInfo: {} });
    maker.failNext(85403, 'scheme not exist');
    expect(await handleLinkEvent('urlScheme', { action: 'query', scheme: 'weixin://dl/business/?t=abc' }, service, { now: clock.now })).toEqual({ errCode: 85403, errMsg: expect.stringMatching(/^scheme not exist\. WeChat knows no such link/) });
  });
});
