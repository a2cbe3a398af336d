import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatService } from '../wechat/service';
import { decodeImage } from '../wechat/decode-image';
import type { WechatService } from '../wechat/types';
import { createWechatHttpsRoutes } from './routes';
import { REPLACED_TOKEN_GRACE_MS, TOKEN_LIFETIME_S } from './tokens';

const APPID = 'wx0123456789abcdef';
const SECRET = 'the-app-secret';
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

let server: Server;
let base: string;
let service: WechatService;
const clock = { ms: 1_700_000_000_000 };

beforeAll(async () => {
  service = createWechatService({ appPages: () => ({ pages: ['pages/index/index'] }), now: () => clock.ms });
  const routes = createWechatHttpsRoutes({ service, appid: APPID, appSecret: SECRET, now: () => clock.ms });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    routes(req, res, url).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end('not mine');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  service.reset({ resetQuota: true });
  service.faults.set({ force45009: false, force45029: false, systemErrorRate: 0 });
});

async function getToken(query = `grant_type=client_credential&appid=${APPID}&secret=${SECRET}`) {
  const res = await fetch(`${base}/cgi-bin/token?${query}`);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

async function stableToken(body: unknown) {
  const res = await fetch(`${base}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

async function freshToken(): Promise<string> {
  const { body } = await getToken();
  return body.access_token as string;
}

async function postCode(path: string, token: string | undefined, body: string, contentType = 'application/json') {
  const query = token === undefined ? '' : `?access_token=${encodeURIComponent(token)}`;
  const res = await fetch(`${base}${path}${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

function json(bytes: Buffer): { errcode: number; errmsg: string } {
  return JSON.parse(bytes.toString('utf8'));
}

describe('GET /cgi-bin/token', () => {
  it('issues a new opaque token valid for 7200 s on each call', async () => {
    const first = await getToken();
    const second = await getToken();
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/json');
    expect(first.body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{64,}$/), expires_in: TOKEN_LIFETIME_S });
    expect(second.body.access_token).not.toBe(first.body.access_token);
  });

  it.each([
    [`appid=${APPID}&secret=${SECRET}`, 40002],
    [`grant_type=password&appid=${APPID}&secret=${SECRET}`, 40002],
    [`grant_type=client_credential&secret=${SECRET}`, 41002],
    [`grant_type=client_credential&appid=${APPID}`, 41004],
    [`grant_type=client_credential&appid=wxother&secret=${SECRET}`, 40013],
    [`grant_type=client_credential&appid=${APPID}&secret=wrong`, 40125],
  ])('%s -> errcode %i', async (query, errcode) => {
    const { body } = await getToken(query);
    expect(body).toEqual({ errcode, errmsg: expect.stringMatching(RID) });
  });

  it('words the credential errors like WeChat', async () => {
    expect((await getToken(`grant_type=client_credential&appid=${APPID}&secret=wrong`)).body.errmsg).toMatch(/^invalid appsecret rid: /);
    expect((await getToken(`grant_type=client_credential&appid=wxother&secret=${SECRET}`)).body.errmsg).toMatch(/^invalid appid rid: /);
  });

  it('answers 43001 to a POST', async () => {
    const res = await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`, { method: 'POST', body: '{}' });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(43001);
  });
});

describe('POST /cgi-bin/stable_token', () => {
  const good = { grant_type: 'client_credential', appid: APPID, secret: SECRET };

  it('returns the same token until force_refresh, with the time it has left', async () => {
    const first = await stableToken(good);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: TOKEN_LIFETIME_S });
    clock.ms += 100_000;
    const again = await stableToken(good);
    expect(again).toEqual({ access_token: first.access_token, expires_in: TOKEN_LIFETIME_S - 100 });
    const refreshed = await stableToken({ ...good, force_refresh: true });
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(refreshed.expires_in).toBe(TOKEN_LIFETIME_S);
  });

  it('mints a new stable token once the old one expired', async () => {
    const first = await stableToken({ ...good, force_refresh: true });
    clock.ms += TOKEN_LIFETIME_S * 1000;
    expect((await stableToken(good)).access_token).not.toBe(first.access_token);
  });

  it.each([
    [{ ...good, secret: 'wrong' }, 40125],
    [{ ...good, appid: 'wxother' }, 40013],
    [{ appid: APPID, secret: SECRET }, 40002],
    [{ ...good, force_refresh: 'yes' }, 40097],
  ])('%j -> errcode %i', async (body, errcode) => {
    expect((await stableToken(body)).errcode).toBe(errcode);
  });

  it('refuses a form-encoded body with 47001', async () => {
    const res = await fetch(`${base}/cgi-bin/stable_token`, {
      method: 'POST',
      body: new URLSearchParams(good).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(await res.json()).toEqual({ errcode: 47001, errmsg: expect.stringMatching(/^data format error rid: /) });
  });
});

describe('code endpoints', () => {
  it.each([
    ['/wxa/getwxacodeunlimit', 'wxacode.getUnlimited', { scene: 'id=1', page: 'pages/index/index' }],
    ['/wxa/getwxacode', 'wxacode.get', { path: 'pages/index/index?id=1', width: 300 }],
    ['/cgi-bin/wxaapp/createwxaqrcode', 'wxacode.createQRCode', { path: 'pages/index/index' }],
  ])('%s answers the image bytes of %s with their content-type', async (path, api, params) => {
    const token = await freshToken();
    const res = await postCode(path, token, JSON.stringify(params));
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/jpeg');
    const decoded = decodeImage(res.bytes);
    expect(JSON.parse(decoded.text!)).toEqual({ api, ...params });
    expect(service.calls()).toEqual([expect.objectContaining({ api, params, via: 'https', errcode: 0 })]);
  });

  it('answers a transparent code as image/png', async () => {
    const res = await postCode('/wxa/getwxacodeunlimit', await freshToken(), JSON.stringify({ scene: 'a', is_hyaline: true }));
    expect(res.type).toBe('image/png');
    expect(decodeImage(res.bytes).pixel(0, 0).a).toBe(0);
  });

  it("passes WeChat's refusals on as JSON", async () => {
    const res = await postCode('/wxa/getwxacodeunlimit', await freshToken(), JSON.stringify({ scene: 'a', page: '/pages/index/index' }));
    expect(res.type).toBe('application/json');
    expect(json(res.bytes)).toEqual({ errcode: 41030, errmsg: expect.stringMatching(/^invalid page rid: /) });
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a made-up token', 'not-a-token'],
  ])('refuses %s with 40001 without calling WeChat', async (_label, token) => {
    const res = await postCode('/wxa/getwxacodeunlimit', token, JSON.stringify({ scene: 'a' }));
    expect(json(res.bytes)).toEqual({ errcode: 40001, errmsg: expect.stringMatching(/^invalid credential, access_token is invalid or not latest rid: /) });
    expect(service.calls()).toHaveLength(0);
  });

  it('refuses an expired token with 42001', async () => {
    const token = await freshToken();
    clock.ms += TOKEN_LIFETIME_S * 1000;
    const res = await postCode('/wxa/getwxacode', token, JSON.stringify({ path: 'p' }));
    expect(json(res.bytes)).toEqual({ errcode: 42001, errmsg: expect.stringMatching(/^access_token expired rid: /) });
    expect(service.calls()).toHaveLength(0);
  });

  it('keeps a replaced token working for a grace period, then calls it not latest', async () => {
    const old = await freshToken();
    await freshToken();
    expect((await postCode('/wxa/getwxacode', old, JSON.stringify({ path: 'p' }))).type).toBe('image/jpeg');
    clock.ms += REPLACED_TOKEN_GRACE_MS;
    expect(json((await postCode('/wxa/getwxacode', old, JSON.stringify({ path: 'p' }))).bytes).errcode).toBe(40001);
  });

  it.each([
    ['a form-encoded body', 'scene=a', 'application/x-www-form-urlencoded'],
    ['an empty body', '', 'application/json'],
    ['a JSON array', '["a"]', 'application/json'],
    ['broken JSON', '{"scene":', 'application/json'],
  ])('refuses %s with 47001 without calling WeChat', async (_label, body, contentType) => {
    const res = await postCode('/wxa/getwxacodeunlimit', await freshToken(), body, contentType);
    expect(json(res.bytes)).toEqual({ errcode: 47001, errmsg: expect.stringMatching(/^data format error rid: /) });
    expect(service.calls()).toHaveLength(0);
  });

  it('reads a JSON body whatever content-type it was sent with', async () => {
    const res = await postCode('/wxa/getwxacodeunlimit', await freshToken(), '{"scene":"a"}', 'text/plain');
    expect(res.type).toBe('image/jpeg');
  });

  it('answers 43002 to a GET', async () => {
    const token = await freshToken();
    const res = await fetch(`${base}/wxa/getwxacode?access_token=${token}`);
    expect(((await res.json()) as { errcode: number }).errcode).toBe(43002);
  });

  it('leaves paths it does not own to the next handler', async () => {
    const res = await fetch(`${base}/wxa/somethingelse`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('not mine');
  });

  it('refuses bad options', () => {
    expect(() => createWechatHttpsRoutes({ service, appid: '', appSecret: SECRET })).toThrow(/appid/);
    expect(() => createWechatHttpsRoutes({ service, appid: APPID, appSecret: undefined as never })).toThrow(/appSecret/);
    expect(() => createWechatHttpsRoutes({ service: {} as never, appid: APPID, appSecret: SECRET })).toThrow(/service/);
  });
});
