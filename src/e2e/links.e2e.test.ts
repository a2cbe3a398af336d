/**
 * The link functions (built bundles, the real wx-server-sdk inside) against the emulator's WeChat: camelCase in,
 * WeChat's names out, the links opened as a phone would, the cache, the caps counted here and at WeChat.
 */
import { httpJson } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

let fx: FunctionsEmulator;
const USER = 'oLinkUser00000000000000000001';
const ADMIN = 'oLinkAdmin0000000000000000001';

beforeAll(async () => {
  fx = await startFunctionsEmulator({
    // small caps: the toolkit's own count refuses the 10th URL Link / Scheme of the day, the 3rd permanent link (NFC schemes count as both)
    functionEnv: { WXACODE_URL_LINKS_PER_DAY: '9', WXACODE_PERMANENT_SHORT_LINKS: '2', WXACODE_ADMIN_OPENIDS: ADMIN },
  });
});
afterAll(async () => {
  await fx?.dispose();
});

async function trusted(name: string, data: unknown): Promise<any> {
  const { status, body } = await httpJson(`${fx.url}/callFunction`, { method: 'POST', headers: { 'x-wx-caller': 'trusted' }, body: { name, data } });
  expect(status).toBe(200);
  return body.result;
}

async function open(link: string): Promise<any> {
  const { status, body } = await httpJson(`${fx.url}/_emulator/links/open?link=${encodeURIComponent(link)}`, { method: 'GET' });
  expect(status).toBe(200);
  return body;
}

const linkCalls = async () => (await fx.wechatCalls()).filter((c) => /^(urllink|urlscheme|shortlink)\./.test(c.api));

describe('each function through the real SDK', () => {
  it('wxacodeUrlLink: a URL Link that opens the page with the query; WeChat got snake_case', async () => {
    const reply = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'id=7&from=sms', expireInterval: 7 }, USER);
    // the link's own id goes last in its query (wxl), for entries by link
    expect(reply).toEqual({ errCode: 0, errMsg: 'ok', urlLink: expect.stringMatching(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]+$/), expiresAt: expect.any(String), cached: false, query: `id=7&from=sms&wxl=${reply.linkId}`, linkId: expect.stringMatching(/^[A-Za-z0-9_-]{11}$/) });
    expect(Date.parse(reply.expiresAt) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    const [call] = (await linkCalls()).slice(-1);
    expect(call).toMatchObject({ api: 'urllink.generate', via: 'cloud', errcode: 0, params: { path: 'pages/make/make', query: reply.query, expire_type: 1, expire_interval: 7, env_version: 'release' } });
    expect(await open(reply.urlLink)).toMatchObject({ opens: true, page: 'pages/make/make', query: { id: '7', from: 'sms', wxl: reply.linkId }, sceneValue: 1194 });
  });

  it('wxacodeUrlScheme: jumpWxa built from the flat event; opens with 1065', async () => {
    const reply = await fx.result('wxacodeUrlScheme', { path: '/pages/index/index', query: 'a=1', envVersion: 'trial' }, USER);
    expect(reply).toMatchObject({ errCode: 0, openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]+$/), cached: false });
    const [call] = (await linkCalls()).slice(-1);
    expect(call).toMatchObject({ api: 'urlscheme.generate', params: { jump_wxa: { path: 'pages/index/index', query: `a=1&wxl=${reply.linkId}`, env_version: 'trial' }, expire_type: 1, expire_interval: 30 } });
    expect(await open(reply.openlink)).toMatchObject({ opens: true, page: 'pages/index/index', query: { a: '1' }, sceneValue: 1065 });
  });

  it('wxacodeUrlScheme with nfc: generateNFCScheme for a trusted caller, refused to a mini program user', async () => {
    const event = { path: 'pages/index/index', nfc: { modelId: 'model-1', sn: 'SN-0001' } };
    expect(await fx.result('wxacodeUrlScheme', event, USER)).toMatchObject({ errCode: -700101 });
    const reply = await trusted('wxacodeUrlScheme', event);
    expect(reply).toEqual({ errCode: 0, errMsg: 'ok', openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]+$/), cached: false, query: `wxl=${reply.linkId}`, linkId: expect.any(String) });
    const [call] = (await linkCalls()).slice(-1);
    expect(call).toMatchObject({ api: 'urlscheme.generateNFCScheme', params: { jump_wxa: { path: 'pages/index/index' }, model_id: 'model-1', sn: 'SN-0001' } });
    expect(await trusted('wxacodeUrlScheme', event)).toEqual({ ...reply, cached: true });
  });

  it('wxacodeShortLink: #小程序:// link, temporary by default, opens with 1179', async () => {
    const reply = await fx.result('wxacodeShortLink', { page: 'pages/make/make', query: 'id=9', pageTitle: '新品上架' }, USER);
    expect(reply).toMatchObject({ errCode: 0, link: expect.stringMatching(/^#小程序:\/\/.+\/新品上架\/.+/), permanent: false, pageUrl: `pages/make/make?id=9&wxl=${reply.linkId}`, cached: false });
    expect(await open(reply.link)).toMatchObject({ opens: true, page: 'pages/make/make', sceneValue: 1179 });
  });

  it('queryData stored under a key: the page reads it back through wxacodeResolveScene', async () => {
    const reply = await fx.result('wxacodeUrlLink', { path: 'pages/index/index', queryData: { 门店: '北京朝阳店', 桌号: 12 } }, USER);
    expect(reply).toMatchObject({ errCode: 0, sceneMode: 'stored', scene: expect.stringMatching(/^@[A-Za-z0-9_-]{22}$/) });
    const opened = await open(reply.urlLink);
    expect(opened.query.scene).toBe(reply.scene);
    expect(await fx.result('wxacodeResolveScene', { scene: opened.query.scene }, USER)).toEqual({ errCode: 0, errMsg: 'ok', data: { 门店: '北京朝阳店', 桌号: 12 } });
  });

  it('{action: "query"}: the link\'s details and the visits left today', async () => {
    const made = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'q=1' }, USER);
    const queried = await fx.result('wxacodeUrlLink', { action: 'query', urlLink: made.urlLink }, USER);
    expect(queried).toMatchObject({ errCode: 0, errMsg: 'ok', urlLinkInfo: { path: 'pages/make/make', query: made.query, envVersion: 'release' }, quotaInfo: { remainVisitQuota: expect.any(Number) }, visitsLeftToday: expect.any(Number), expiresAt: made.expiresAt.replace(/\.\d{3}Z$/, '.000Z') });
  });
});

describe('entries by link (wxacodeResolveScene, wxacodeAdmin)', () => {
  it("a page opened by the link passes its query.wxl: the entry is counted under the link's id", async () => {
    const made = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'promo=winter' }, USER);
    const opened = await open(made.urlLink);
    expect(opened.query.wxl).toBe(made.linkId);
    const visitor = 'oLinkVisitor000000000000000001';
    const resolved = await fx.result('wxacodeResolveScene', { link: opened.query.wxl, entry: { sceneValue: opened.sceneValue, page: opened.page } }, visitor);
    expect(resolved).toMatchObject({ errCode: 0, recorded: true });
    const stats = await trusted('wxacodeAdmin', { action: 'stats', link: made.linkId });
    expect(JSON.stringify(stats)).toContain('"1194":1');
    expect(stats).toMatchObject({ errCode: 0 });
  });
});

describe('cq', () => {
  it('one stored link, each channel its cq; the page gets it in onLoad', async () => {
    const sms = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'campaign=1', cq: 'sms' }, USER);
    const mail = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'campaign=1', cq: 'mail' }, USER);
    expect(sms.urlLink).toMatch(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]+\?cq=sms$/);
    expect(mail).toMatchObject({ cached: true, urlLink: sms.urlLink.replace('cq=sms', 'cq=mail') });
    expect(await open(mail.urlLink)).toMatchObject({ opens: true, page: 'pages/make/make', query: { campaign: '1', wxl: mail.linkId, cq: 'mail' }, sceneValue: 1194 });
  });
});

describe('query APIs through the SDK', () => {
  it('a URL Link with its cq, queryType 1: the visits left today only', async () => {
    const made = await fx.result('wxacodeUrlLink', { path: 'pages/make/make', query: 'q=1' }, USER);
    const queried = await fx.result('wxacodeUrlLink', { action: 'query', urlLink: `${made.urlLink}?cq=sms`, queryType: 1 }, USER);
    expect(queried).toMatchObject({ errCode: 0, quotaInfo: { remainVisitQuota: expect.any(Number) }, visitsLeftToday: expect.any(Number) });
    const [call] = (await fx.wechatCalls()).slice(-1);
    expect(call).toMatchObject({ api: 'urllink.query', params: { url_link: `${made.urlLink}?cq=sms`, query_type: 1 } });
  });

  it('a URL Scheme: schemeInfo', async () => {
    const made = await fx.result('wxacodeUrlScheme', { path: 'pages/make/make', query: 'q=1' }, USER);
    expect(await fx.result('wxacodeUrlScheme', { action: 'query', scheme: made.openlink }, USER)).toMatchObject({ errCode: 0, schemeInfo: { path: 'pages/make/make', query: made.query } });
  });
});

describe('cached until they expire', () => {
  it('the same request twice: one WeChat call, the same link', async () => {
    const before = (await linkCalls()).length;
    const a = await fx.result('wxacodeUrlScheme', { path: 'pages/make/make', query: 'same=1' }, USER);
    const b = await fx.result('wxacodeUrlScheme', { query: 'same=1', path: 'pages/make/make' }, USER);
    expect(b).toEqual({ ...a, cached: true });
    expect((await linkCalls()).length - before).toBe(1);
  });
});

describe('refused before WeChat', () => {
  it.each([
    [{ path: 'pages/make/make?id=1' }, 40165, /^path: must not carry a query/],
    [{ query: 'name=张三' }, 40212, /^query: character "张"/],
    [{ expireInterval: 31 }, 85401, /^expireInterval: must be a whole number of days from 1 to 30/],
    [{ isExpire: false }, 85401, /^isExpire: is obsolete/],
    [{ envVersion: 'prod' }, 85402, /^envVersion: must be one of/],
    [{ expire_type: 1 }, 40097, /Did you mean expireType\?/],
    [{ path: 'pages/nope/nope' }, -700104, /^path: must open one of this app's pages/],
    // what a new user sends: a query copied with its "?", a misspelt action, a list in queryData
    [{ query: '?id=42' }, 40212, /^query: must not start with "\?".*Drop it: "id=42"/],
    [{ action: 'Query', urlLink: 'https://wxaurl.cn/abc' }, 40097, /^action: .*Did you mean "query"\?/],
    [{ queryData: { ids: [1, 2] } }, 40097, /^queryData\.ids: .*join the values into one string, e\.g\. \{"ids": "1,2"\}/],
  ])('%j → %i', async (event, errCode, message) => {
    const before = (await linkCalls()).length;
    expect(await fx.result('wxacodeUrlLink', event, USER)).toEqual({ errCode, errMsg: expect.stringMatching(message) });
    expect((await linkCalls()).length).toBe(before);
  });
});

describe("WeChat's caps", () => {
  it('a permanent Short Link: refused to a mini program user, made once by an admin, then refused past the allowance (85400)', async () => {
    const event = { pageUrl: 'pages/index/index?p=1', isPermanent: true };
    expect(await fx.result('wxacodeShortLink', event, USER)).toMatchObject({ errCode: -700101 });
    expect(await fx.result('wxacodeShortLink', event, ADMIN)).toMatchObject({ errCode: 0, permanent: true, cached: false });
    expect(await fx.result('wxacodeShortLink', event, USER)).toMatchObject({ errCode: 0, permanent: true, cached: true });
    expect(await trusted('wxacodeShortLink', { pageUrl: 'pages/index/index?p=2', isPermanent: true })).toMatchObject({ errCode: 85400, errMsg: expect.stringMatching(/permanent Short Links \(ever, counted by this environment, NFC schemes included\) are used up/) });
    expect((await fx.usage()).links?.permanentLinks.used).toBe(2);
  });

  it("the day's URL Links + URL Schemes: counted here as WeChat counts them; past the cap 44993 with the reset time, no WeChat call", async () => {
    const usage = (await fx.usage()).links!;
    // made above: 9 URL Links / Schemes, the NFC scheme included (the toolkit's cap is 9)
    expect(usage.urlLinksAndSchemes.used).toBe(9);
    const before = (await linkCalls()).length;
    const refused = await fx.result('wxacodeUrlScheme', { query: 'over=1' }, USER);
    expect(refused).toEqual({ errCode: 44993, errMsg: expect.stringMatching(/^the day's 9 URL Links and URL Schemes .* resumes at 00:00 China time \(\d{4}-\d\d-\d\dT00:00:00\+08:00/) });
    expect((await linkCalls()).length).toBe(before);
    // stored links are still served
    expect(await fx.result('wxacodeUrlScheme', { path: 'pages/make/make', query: 'same=1' }, USER)).toMatchObject({ errCode: 0, cached: true });
  });

  it.each([
    [44993, /\. The day's 50万 URL Links and URL Schemes \(one cap for both\) are spent; generation resumes at 00:00 China time/],
    [44990, /\. WeChat allows 100 link calls a second .*not retried/],
  ])("WeChat's own %i ends the call with what to do, in one call (no retries)", async (errcode, hint) => {
    await fx.setFaults({ linkErrcode: errcode });
    try {
      const before = (await linkCalls()).length;
      expect(await fx.result('wxacodeShortLink', { pageUrl: `pages/index/index?fault=${errcode}` }, USER)).toEqual({ errCode: errcode, errMsg: expect.stringMatching(hint) });
      expect((await linkCalls()).length - before).toBe(1);
    } finally {
      await fx.setFaults({ linkErrcode: 0 });
    }
  });

  it('before the first release: 85079 says to publish first', async () => {
    await fx.setFaults({ appUnreleased: true });
    try {
      expect(await fx.result('wxacodeShortLink', { pageUrl: 'pages/index/index?unreleased=1' }, USER)).toEqual({ errCode: 85079, errMsg: expect.stringMatching(/Links open only a published mini program: publish a first version/) });
    } finally {
      await fx.setFaults({ appUnreleased: false });
    }
  });
});
