import { accessToken, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { httpJson, httpRequest } from './loopback-http';

/** WeChat's HTTPS API on the emulator, as a server outside CloudBase would call api.weixin.qq.com. */
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator();
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());

async function post(path: string, token: string, body: unknown): Promise<{ contentType: string; bytes: Buffer }> {
  const reply = await httpRequest(`${emu.url}${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: JSON.stringify(body) });
  expect(reply.status).toBe(200);
  return { contentType: reply.headers['content-type'] ?? '', bytes: reply.body };
}

it.each([
  ['/wxa/getwxacodeunlimit', 'wxacode.getUnlimited', { scene: 'id=42', page: 'pages/index/index' }],
  ['/wxa/getwxacode', 'wxacode.get', { path: 'pages/index/index?id=42', width: 300 }],
  ['/cgi-bin/wxaapp/createwxaqrcode', 'wxacode.createQRCode', { path: 'pages/make/make' }],
])('%s with a token from /cgi-bin/token answers an image carrying the body', async (path, api, body) => {
  const token = await accessToken(emu.emulator);
  const { contentType, bytes } = await post(path, token, body);
  expect(contentType).toMatch(/^image\/(png|jpeg)$/);
  expect(scannedPayload(bytes)).toEqual({ api, ...body });
  expect(await emu.wechatCalls()).toEqual([expect.objectContaining({ api, via: 'https', errcode: 0, params: body })]);
});

it.each([
  ['an unknown token', 'not-a-token'],
  ['no token', ''],
])('40001 for %s, and WeChat draws nothing', async (_name, token) => {
  const { contentType, bytes } = await post('/wxa/getwxacodeunlimit', token, { scene: 'a=1' });
  expect(contentType).toMatch(/^application\/json/);
  expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ errcode: 40001 });
  expect(await emu.wechatCalls()).toEqual([]);
});

it('a wrong secret gets no token', async () => {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: emu.emulator.appid, secret: `${emu.emulator.appSecret}x` });
  const body = (await httpJson(`${emu.url}/cgi-bin/token?${query}`)).body as { errcode?: number; access_token?: string };
  expect(body.access_token).toBeUndefined();
  expect(body.errcode).toBe(40125);
});
