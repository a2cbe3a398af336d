import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpJson } from '../../../e2e/loopback-http';
import { createEmulator, type Emulator } from '../../server';
import { blockedConnections, startTestEmulator, type TestEmulator } from '../../testing/test-emulator';

/**
 * The link APIs as users reach them: cloud.openapi.* through the real, unmodified wx-server-sdk from a function in
 * the emulator (camelCase in, camelCase out), and WeChat's HTTPS paths with an access_token (snake_case both ways;
 * no installed Node client of WeChat's server API covers the link APIs, so plain HTTP). Then the open route, the
 * usage and limits routes, the faults route, reset and a restart.
 */
const PAGES = ['pages/index/index', 'pages/detail/detail'];
let emu: TestEmulator;
beforeAll(async () => {
  // the real simulated WeChat (not the gateway tests' fake), with caps small enough to reach
  emu = await startTestEmulator({ wechat: undefined, appPages: () => PAGES, appName: '码上到店', linksDailyCap: 4, linksRatePerSecond: 50 });
});
afterAll(() => emu.dispose());
beforeEach(async () => {
  await httpJson(`${emu.url}/_emulator/reset`, { method: 'POST', body: {} });
});
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

const openapi = (api: string, params: Record<string, unknown>) => emu.sdk('openapi', { api, params });
const openRoute = async (link: string, extra = '') => (await httpJson(`${emu.url}/_emulator/links/open?link=${encodeURIComponent(link)}${extra}`)).body;
const rid = expect.stringMatching(/ rid: /);

describe('cloud.openapi through the real wx-server-sdk', () => {
  it('urllink.generate / urllink.query: urlLink, urlLinkInfo, quotaInfo; WeChat received snake_case', async () => {
    const made = await openapi('urllink.generate', {
      path: 'pages/detail/detail',
      query: 'id=42',
      expireType: 1,
      expireInterval: 7,
      envVersion: 'trial',
      cloudBase: { env: emu.envId, path: '/h5/jump.html', resourceAppid: '' },
    });
    expect(made).toEqual({ urlLink: expect.stringMatching(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{11}$/), errCode: 0, errMsg: 'openapi.urllink.generate:ok' });
    expect(emu.wechat.calls()[0]).toMatchObject({
      api: 'urllink.generate',
      via: 'cloud',
      errcode: 0,
      params: { path: 'pages/detail/detail', query: 'id=42', expire_type: 1, expire_interval: 7, env_version: 'trial', cloud_base: { env: emu.envId, path: '/h5/jump.html', resource_appid: '' } },
    });
    const queried = await openapi('urllink.query', { urlLink: made.urlLink });
    const created = queried.urlLinkInfo.createTime;
    expect(queried).toEqual({
      urlLinkInfo: {
        appid: emu.appid,
        path: 'pages/detail/detail',
        query: 'id=42',
        createTime: expect.any(Number),
        expireTime: created + 7 * 86_400,
        envVersion: 'trial',
        cloudBase: { env: emu.envId, domain: '', path: '/h5/jump.html', query: '', resourceAppid: '' },
      },
      quotaInfo: { remainVisitQuota: 6_000_000 },
      errCode: 0,
      errMsg: 'openapi.urllink.query:ok',
    });
  });

  it('urlscheme.generate / generateNFCScheme / query: openlink, schemeInfo', async () => {
    const scheme = await openapi('urlscheme.generate', { jumpWxa: { path: '/pages/detail/detail', query: 'sku=9', envVersion: 'develop' }, expireType: 1, expireInterval: 30 });
    expect(scheme).toEqual({ openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]{12}$/), errCode: 0, errMsg: 'openapi.urlscheme.generate:ok' });
    const nfc = await openapi('urlscheme.generateNFCScheme', { jumpWxa: { path: 'pages/index/index' }, modelId: 'model-1', sn: 'SN-1' });
    expect(nfc).toEqual({ openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=/), errCode: 0, errMsg: 'openapi.urlscheme.generateNFCScheme:ok' });
    expect(emu.wechat.calls()[1].params).toEqual({ jump_wxa: { path: 'pages/index/index' }, model_id: 'model-1', sn: 'SN-1' });
    expect(await openapi('urlscheme.query', { scheme: scheme.openlink })).toEqual({
      schemeInfo: { appid: emu.appid, path: 'pages/detail/detail', query: 'sku=9', createTime: expect.any(Number), expireTime: expect.any(Number), envVersion: 'develop' },
      quotaInfo: { remainVisitQuota: 6_000_000 },
      errCode: 0,
      errMsg: 'openapi.urlscheme.query:ok',
    });
    expect(await openapi('urlscheme.query', { scheme: scheme.openlink, queryType: 1 })).toEqual({ quotaInfo: { remainVisitQuota: 6_000_000 }, errCode: 0, errMsg: 'openapi.urlscheme.query:ok' });
    // the live log shows WeChat's answer beside what it received
    expect(emu.activity.list().find((a) => a.kind === 'wechat' && a.function === 'urlscheme.generate')).toMatchObject({
      via: 'cloud',
      errCode: 0,
      params: { jump_wxa: { path: '/pages/detail/detail', query: 'sku=9', env_version: 'develop' }, expire_type: 1, expire_interval: 30 },
      answer: { errcode: 0, errmsg: 'ok', openlink: scheme.openlink },
    });
  });

  it('shortlink.generate: link; isPermanent reaches WeChat as is_permanent', async () => {
    const made = await openapi('shortlink.generate', { pageUrl: 'pages/detail/detail?id=5', pageTitle: '双十二', isPermanent: true });
    expect(made).toEqual({ link: expect.stringMatching(/^#小程序:\/\/码上到店\/双十二\/[0-9A-Za-z]{15}$/), errCode: 0, errMsg: 'openapi.shortlink.generate:ok' });
    expect(emu.wechat.calls()[0].params).toEqual({ page_url: 'pages/detail/detail?id=5', page_title: '双十二', is_permanent: true });
  });

  it('errcodes reach the function as CloudSDKError: 40165, then 44993 past the day\'s cap with the reset time', async () => {
    expect(await openapi('urllink.generate', { path: 'pages/gone/gone' })).toMatchObject({
      failed: true,
      errCode: 40165,
      errMsg: expect.stringMatching(/^openapi\.urllink\.generate:fail invalid weapp pagepath rid: /),
    });
    for (let i = 0; i < 4; i++) expect((await openapi('urlscheme.generate', {})).errCode).toBe(0);
    expect(await openapi('urllink.generate', {})).toMatchObject({
      failed: true,
      errCode: 44993,
      errMsg: expect.stringMatching(/^openapi\.urllink\.generate:fail reach max api daily quota limit, resets at \d{4}-\d\d-\d\dT00:00:00\+08:00 rid: /),
    });
  });

  it('the linkErrcode fault (PUT /_emulator/faults) forces any link errcode; reset returns to none', async () => {
    expect((await httpJson(`${emu.url}/_emulator/faults`, { method: 'PUT', body: { linkErrcode: 85406 } })).body).toMatchObject({ linkErrcode: 85406 });
    expect(await openapi('urlscheme.generate', {})).toMatchObject({ failed: true, errCode: 85406 });
    expect((await httpJson(`${emu.url}/_emulator/faults`, { method: 'PUT', body: { linkErrcode: 1 } })).status).toBe(400);
  });
});

describe("WeChat's HTTPS paths, snake_case", () => {
  async function token(): Promise<string> {
    const { body } = await httpJson(`${emu.url}/cgi-bin/stable_token`, { method: 'POST', body: { grant_type: 'client_credential', appid: emu.appid, secret: emu.appSecret } });
    return body.access_token;
  }
  const post = async (path: string, accessToken: string, body: unknown) => {
    const reply = await httpJson(`${emu.url}${path}?access_token=${encodeURIComponent(accessToken)}`, { method: 'POST', body });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('all six paths answer as WeChat does, and the links are the same store as the cloud calls', async () => {
    const accessToken = await token();
    const urlLink = await post('/wxa/generate_urllink', accessToken, { path: 'pages/index/index', expire_type: 1, expire_interval: 1 });
    expect(urlLink).toEqual({ errcode: 0, errmsg: 'ok', url_link: expect.stringMatching(/^https:\/\/wxaurl\.cn\//) });
    expect(await post('/wxa/query_urllink', accessToken, { url_link: urlLink.url_link })).toMatchObject({ errcode: 0, url_link_info: { path: 'pages/index/index', env_version: 'release' }, quota_info: { remain_visit_quota: 6_000_000 } });
    const scheme = await post('/wxa/generatescheme', accessToken, { jump_wxa: { path: 'pages/detail/detail', query: 'a=1' }, expire_type: 1, expire_interval: 2 });
    expect(scheme).toEqual({ errcode: 0, errmsg: 'ok', openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=/) });
    expect(await post('/wxa/queryscheme', accessToken, { scheme: scheme.openlink })).toMatchObject({ errcode: 0, scheme_info: { path: 'pages/detail/detail', query: 'a=1' } });
    expect(await post('/wxa/generatenfcscheme', accessToken, { model_id: 'm-9' })).toEqual({ errcode: 0, errmsg: 'ok', openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=/) });
    expect(await post('/wxa/genwxashortlink', accessToken, { page_url: 'pages/index/index' })).toEqual({ errcode: 0, errmsg: 'ok', link: expect.stringMatching(/^#小程序:\/\/码上到店\/[0-9A-Za-z]{15}$/) });
    expect(await post('/wxa/generate_urllink', accessToken, { expire_type: 1, expire_interval: 31 })).toEqual({ errcode: 85401, errmsg: expect.stringMatching(/^time limit between 1min and 30days rid: /) });
    // a link made over HTTPS is queried by a cloud call
    expect(await openapi('urllink.query', { urlLink: urlLink.url_link })).toMatchObject({ errCode: 0, urlLinkInfo: { path: 'pages/index/index' } });
  });

  it('40001 without a valid token, and WeChat makes nothing', async () => {
    expect(await post('/wxa/generate_urllink', 'not-a-token', {})).toEqual({ errcode: 40001, errmsg: rid });
    expect(emu.wechat.calls()).toEqual([]);
  });
});

describe('GET /_emulator/links/open, /_emulator/links, usage and limits', () => {
  it('opens each kind with its 场景值, counts the openings, and shows the caps used today', async () => {
    const urlLink = (await openapi('urllink.generate', { path: 'pages/detail/detail', query: 'id=1' })).urlLink;
    const scheme = (await openapi('urlscheme.generate', { jumpWxa: { path: 'pages/detail/detail', query: 'id=2' } })).openlink;
    const short = (await openapi('shortlink.generate', { pageUrl: 'pages/detail/detail?id=3' })).link;
    expect(await openRoute(`${urlLink}?cq=src%3Dsms`)).toEqual({
      opens: true,
      link: `${urlLink}?cq=src%3Dsms`,
      kind: 'urlLink',
      page: 'pages/detail/detail',
      query: { id: '1', cq: 'src%3Dsms' },
      queryString: 'id=1',
      cq: 'src%3Dsms',
      sceneValue: 1194,
      envVersion: 'release',
      expiresAt: expect.stringMatching(/Z$/),
    });
    expect(await openRoute(urlLink, '&inWechat=1')).toMatchObject({ opens: true, sceneValue: 1167 });
    expect(await openRoute(scheme)).toMatchObject({ opens: true, page: 'pages/detail/detail', query: { id: '2' }, sceneValue: 1065 });
    expect(await openRoute(short)).toMatchObject({ opens: true, query: { id: '3' }, sceneValue: 1179 });
    expect(await openRoute('weixin://dl/business/?appid=wx0&path=pages/index/index')).toMatchObject({ opens: false, kind: 'plainTextScheme', sceneValue: null });
    expect((await httpJson(`${emu.url}/_emulator/links/open`)).status).toBe(400);
    // a link pasted unencoded: its &cq=… (or &path=… of a plain-text scheme) would be read as the route's own and lost
    const unencoded = await httpJson(`${emu.url}/_emulator/links/open?link=${scheme}&cq=sms`);
    expect(unencoded.status).toBe(400);
    expect(unencoded.body.error).toMatch(/^link: is not URL-encoded: "&cq=sms" after it was read as a parameter of this route.*encodeURIComponent/);

    const usage = (await httpJson(`${emu.url}/_emulator/usage`)).body;
    expect(usage.links).toEqual({
      day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      resetsAt: expect.stringMatching(/T00:00:00\+08:00$/),
      urlLinksAndSchemes: { used: 2, limit: 4, urlLinks: 1, urlSchemes: 1 },
      shortLinks: { used: 1, limit: 10_000_000 },
      permanentLinks: { used: 0, limit: 100_000 },
      perSecond: { used: expect.any(Number), limit: 50 },
      opens: { used: 3, limit: 6_000_000 },
    });
    expect((await httpJson(`${emu.url}/_emulator/limits`)).body.links).toMatchObject({ urlLinksAndSchemes: { used: 2 } });
    const listed = (await httpJson(`${emu.url}/_emulator/links`)).body;
    expect(listed.links.map((l: { kind: string }) => l.kind)).toEqual(['shortLink', 'urlScheme', 'urlLink']);

    // reset forgets the links with the rest of the state
    await httpJson(`${emu.url}/_emulator/reset`, { method: 'POST', body: {} });
    expect(await openRoute(urlLink)).toMatchObject({ opens: false, reason: expect.stringMatching(/^unknown ticket/) });
  });
});

describe('a restart', () => {
  it('keeps the links on disk: query and open answer after it, and today\'s count goes on', async () => {
    const rootDir = mkdtempSync(join(tmpdir(), 'wxacode-links-root-'));
    const start = () => createEmulator({ port: 0, rootDir, appPages: () => PAGES, appSecret: 'restart-secret', linksDailyCap: 2 });
    let emulator: Emulator | undefined;
    try {
      emulator = await start();
      const made = await emulator.wechat.call('urllink.generate', { path: 'pages/detail/detail', query: 'n=1' }, 'https');
      const link = made.ok && 'json' in made ? String(made.json.url_link) : '';
      expect(link).toMatch(/^https:\/\/wxaurl\.cn\//);
      await emulator.close();

      emulator = await start();
      const opened = (await httpJson(`${emulator.url}/_emulator/links/open?link=${encodeURIComponent(link)}`)).body;
      expect(opened).toMatchObject({ opens: true, page: 'pages/detail/detail', query: { n: '1' } });
      expect(emulator.links.usage().urlLinksAndSchemes.used).toBe(1);
      expect((await emulator.wechat.call('urlscheme.generate', {}, 'https')).ok).toBe(true);
      expect(await emulator.wechat.call('urlscheme.generate', {}, 'https')).toMatchObject({ ok: false, errcode: 44993 });
    } finally {
      await emulator?.close();
      rmSync(rootDir, { recursive: true, force: true });
    }
  });
});

describe('the variables', () => {
  const NAMES = [
    'WXACODE_EMULATOR_LINKS_DAILY_CAP',
    'WXACODE_EMULATOR_LINKS_RATE_PER_SECOND',
    'WXACODE_EMULATOR_SHORTLINK_DAILY_CAP',
    'WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA',
    'WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP',
    'WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES',
    'WXACODE_EMULATOR_APP_NAME',
  ];
  const withEnv = async (values: Record<string, string>, run: (emulator: Emulator) => Promise<void>) => {
    Object.assign(process.env, values);
    let emulator: Emulator | undefined;
    try {
      emulator = await createEmulator({ port: 0, inMemory: true, appPages: () => PAGES, appSecret: 'vars-secret' });
      await run(emulator);
    } finally {
      for (const name of NAMES) delete process.env[name];
      await emulator?.close();
    }
  };

  it('set the caps, the declared plain-text pages and the name Short Links show', async () => {
    const values = {
      WXACODE_EMULATOR_LINKS_DAILY_CAP: '7',
      WXACODE_EMULATOR_LINKS_RATE_PER_SECOND: '5',
      WXACODE_EMULATOR_SHORTLINK_DAILY_CAP: '8',
      WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA: '9',
      WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP: '10',
      WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES: '/pages/detail/detail, pages/index/index',
      WXACODE_EMULATOR_APP_NAME: '我的小店',
    };
    await withEnv(values, async (emulator) => {
      expect(emulator.links.usage()).toMatchObject({
        urlLinksAndSchemes: { limit: 7 },
        perSecond: { limit: 5 },
        shortLinks: { limit: 8 },
        permanentLinks: { limit: 9 },
        opens: { limit: 10 },
      });
      const made = await emulator.wechat.call('shortlink.generate', { page_url: 'pages/index/index' }, 'https');
      expect(made.ok && 'json' in made && made.json.link).toMatch(/^#小程序:\/\/我的小店\//);
      const plain = `weixin://dl/business/?appid=${emulator.appid}&path=pages/detail/detail`;
      expect(await emulator.links.open(plain)).toMatchObject({ opens: true, sceneValue: 1286 });
    });
    await withEnv({ WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES: '*' }, async (emulator) => {
      expect(await emulator.links.open(`weixin://dl/business/?appid=${emulator.appid}&path=pages/index/index`)).toMatchObject({ opens: true });
    });
  });

  it('a value that is not a positive integer stops the start, naming the variable', async () => {
    await expect(withEnv({ WXACODE_EMULATOR_LINKS_DAILY_CAP: '50万' }, async () => undefined)).rejects.toThrow(/WXACODE_EMULATOR_LINKS_DAILY_CAP must be a positive integer, got "50万"/);
  });
});
