import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { httpRequest, parseJsonReply } from './loopback-http';

/**
 * The weappQrcode function behind CloudBase's HTTP access service: POST /api/weapp/qrcode as a CMS calls it,
 * with the tokens configured the way a deployment configures them (cloudbaserc.json envVariables).
 */
const TOKEN = 'tok_e2e_4f9a2c7e1b8d3f6a0c5e9b2d';
const ENDPOINT = '/api/weapp/qrcode';
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({ functionEnvByName: { weappQrcode: { WXACODE_HTTP_TOKENS: `tok_other_one,${TOKEN}` } } });
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

/** authorization null: no header at all */
async function post(body: unknown, authorization: string | null = `Bearer ${TOKEN}`) {
  const reply = await httpRequest(`${emu.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = parseJsonReply(`POST ${ENDPOINT}`, reply) as { code: number; msg: string; data?: string };
  return { status: reply.status, contentType: reply.headers['content-type'] ?? null, json };
}

it("the documented example body answers {code: 0, msg: '', data: <url>} whose image opens the page with the scene", async () => {
  const { status, contentType, json } = await post({ path: '/pages/index/index', scene: 'product_id=123' });
  expect(status).toBe(200);
  expect(contentType).toMatch(/^application\/json/);
  expect(json).toEqual({ code: 0, msg: '', data: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) });
  expect(scannedPayload((await downloadImage(json.data!)).bytes)).toEqual({
    api: 'wxacode.getUnlimited',
    scene: 'product_id=123',
    page: 'pages/index/index',
    width: 430,
    check_path: true,
    env_version: 'release',
    auto_color: false,
    line_color: { r: 0, g: 0, b: 0 },
    is_hyaline: false,
  });
  // asked again, the stored code is answered without WeChat
  expect((await post({ path: '/pages/index/index', scene: 'product_id=123' })).json.code).toBe(0);
  expect(await emu.wechatCalls()).toHaveLength(1);
});

it.each([
  ['1001 without an Authorization header', { path: '/pages/index/index', scene: 'a=1' }, null, 401, 1001],
  ['1002 for the token with one character changed', { path: '/pages/index/index', scene: 'a=1' }, `Bearer ${TOKEN.slice(0, -1)}X`, 403, 1002],
  ['3001 for an empty path', { path: '', scene: 'a=1' }, `Bearer ${TOKEN}`, 400, 3001],
  ['3002 for a scene WeChat cannot carry', { path: '/pages/index/index', scene: 'name=码' }, `Bearer ${TOKEN}`, 400, 3002],
  ['3002 for a scene of 33 characters', { path: '/pages/index/index', scene: 'x'.repeat(33) }, `Bearer ${TOKEN}`, 400, 3002],
])('%s, and no WeChat call', async (_name, body, authorization, status, code) => {
  const response = await post(body, authorization);
  expect(response).toMatchObject({ status, json: { code, msg: expect.any(String) } });
  expect(response.json.msg).not.toBe('');
  expect(await emu.wechatCalls()).toEqual([]);
});

it('a path the service has no trigger for is not the function: the emulator answers 404', async () => {
  // JSON, as the emulator takes state changes outside the services it stands in for (a non-JSON POST here is a 403)
  const reply = await httpRequest(`${emu.url}/api/weapp/qrcodes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(reply.status).toBe(404);
  expect(await emu.wechatCalls()).toEqual([]);
});
