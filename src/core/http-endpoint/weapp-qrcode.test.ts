import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { CallerGuard } from '../policy/caller-guard';
import { DEFAULT_POLICY } from '../policy/policy';
import { memoryService } from '../testing/memory-service';
import { tokenMatches } from './bearer-tokens';
import type { HttpEvent } from './http-event';
import { handleWeappQrcode } from './weapp-qrcode';

const TOKEN = 'tok_4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e';

function setup(tokens: string[] = [TOKEN]) {
  const memory = memoryService();
  const guard = new CallerGuard({ ...DEFAULT_POLICY, allowedPages: ['pages/index/index', 'pages/product/detail'] }, () => ({}), new MemoryRateCounter());
  const post = async (body: unknown, headers: Record<string, unknown> = { Authorization: `Bearer ${TOKEN}` }, httpMethod = 'POST') => {
    const event = { httpMethod, path: '/api/weapp/qrcode', headers, body: typeof body === 'string' ? body : JSON.stringify(body), isBase64Encoded: false } as HttpEvent;
    const response = await handleWeappQrcode(event, { service: memory.service, guard, tokens });
    return { status: response.statusCode, json: JSON.parse(response.body) as { code: number; msg: string; data?: string } };
  };
  return { ...memory, post };
}

test("the documented example makes a getUnlimited code and answers its URL", async () => {
  const { post, generator } = setup();
  const { status, json } = await post({ path: '/pages/product/detail', scene: 'product_id=123' });
  expect(status).toBe(200);
  expect(json).toEqual({ code: 0, msg: '', data: expect.stringMatching(/^https:\/\/memory\.invalid\/.+\.jpg$/) });
  expect(generator.calls[0]).toMatchObject({ api: 'wxacode.getUnlimited', params: { scene: 'product_id=123', page: 'pages/product/detail' } });
});

test.each([
  ['no Authorization header', {}, 401, 1001],
  ['a Basic header', { Authorization: 'Basic dXNlcjpwYXNz' }, 401, 1001],
  ['a wrong token', { Authorization: 'Bearer nope' }, 403, 1002],
  ['the token with its last character changed', { Authorization: `Bearer ${TOKEN.slice(0, -1)}f` }, 403, 1002],
  ['the token with its first character changed', { authorization: `Bearer u${TOKEN.slice(1)}` }, 403, 1002],
  ['the token with one character more', { Authorization: `Bearer ${TOKEN}0` }, 403, 1002],
])('%s → %i, code %i, and no WeChat call', async (_name, headers, status, code) => {
  const { post, generator } = setup();
  const response = await post({ path: '/pages/index/index', scene: 'a=1' }, headers);
  expect(response).toMatchObject({ status, json: { code } });
  expect(generator.calls).toHaveLength(0);
});

test('with no tokens configured every request is refused (closed by default)', async () => {
  const { post } = setup([]);
  expect((await post({ path: '/pages/index/index', scene: 'a=1' })).json).toEqual({ code: 1002, msg: expect.stringContaining('WXACODE_HTTP_TOKENS') });
});

test.each([
  ['empty path', { path: '', scene: 'a=1' }, 3001],
  ['missing path', { scene: 'a=1' }, 3001],
  ['bad scene characters', { path: '/pages/index/index', scene: 'name=码' }, 3002],
  ['scene too long', { path: '/pages/index/index', scene: 'x'.repeat(33) }, 3002],
  ['missing scene', { path: '/pages/index/index' }, 3002],
  ['a page with a query', { path: '/pages/index/index?id=1', scene: 'a=1' }, -1],
  ['a page outside the app', { path: '/pages/admin/secret', scene: 'a=1' }, -1],
  ['an unknown key', { path: '/pages/index/index', scene: 'a=1', colour: 'red' }, -1],
  ['a body that is not JSON', 'path=/pages/index/index&scene=a', -1],
])('%s → code %i with a message, and no WeChat call', async (_name, body, code) => {
  const { post, generator } = setup();
  const { json } = await post(body);
  expect(json.code).toBe(code);
  expect(json.msg.length).toBeGreaterThan(10);
  expect(generator.calls).toHaveLength(0);
});

test.each([
  ['output: base64', { output: 'base64' }],
  ['cache: false', { cache: false }],
  ['a getUnlimited option', { width: 600 }],
  ['sceneData', { sceneData: { id: 1 } }],
])('%s is not part of this API: 400 naming the key, and no WeChat call', async (_name, extra) => {
  const { post, generator } = setup();
  const response = await post({ path: '/pages/index/index', scene: 'a=1', ...extra });
  expect(response.status).toBe(400);
  expect(response.json.msg).toContain(`"${Object.keys(extra)[0]}"`);
  expect(response.json.msg).toContain('exactly {"path", "scene"}');
  expect(generator.calls).toHaveLength(0);
});

test.each([
  ['a page outside the app (-700104)', { path: '/pages/admin/secret', scene: 'a=1' }, 400, -700104],
  ['a page with a query (41030)', { path: '/pages/index/index?id=1', scene: 'a=1' }, 400, 41030],
])("the toolkit's and WeChat's refusals of the request are 4xx, naming the errCode: %s", async (_name, body, status, errCode) => {
  const { post } = setup();
  const response = await post(body);
  expect(response.status).toBe(status);
  expect(response.json.msg).toContain(`errCode ${errCode}`);
});

test.each([
  ['null', null],
  ['a string', 'POST /api/weapp/qrcode'],
  ['an array', [1, 2]],
  ['headers null', { httpMethod: 'POST', headers: null, body: '{}' }],
  ['a numeric Authorization', { httpMethod: 'POST', headers: { authorization: 42 }, body: '{}' }],
  ['an array Authorization', { httpMethod: 'POST', headers: { authorization: [`Bearer ${TOKEN}`] }, body: '{}' }],
  ['an object body', { httpMethod: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: { path: '/pages/index/index' } }],
  ['a numeric httpMethod', { httpMethod: 7, headers: { authorization: `Bearer ${TOKEN}` }, body: '{}' }],
  ['base64 flag on a number body', { httpMethod: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: 5, isBase64Encoded: true }],
])('never throws, whatever the event shape: %s', async (_name, event) => {
  const memory = memoryService();
  const guard = new CallerGuard({ ...DEFAULT_POLICY, allowedPages: '*' }, () => ({}), new MemoryRateCounter());
  const response = await handleWeappQrcode(event, { service: memory.service, guard, tokens: [TOKEN] });
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  expect(JSON.parse(response.body).msg).toEqual(expect.any(String));
  expect(memory.generator.calls).toHaveLength(0);
});

test('only POST is served', async () => {
  const { post } = setup();
  expect(await post('', undefined, 'GET')).toMatchObject({ status: 405, json: { code: -1 } });
});

test('WeChat failures come back as code -1 naming the errCode', async () => {
  const { post, generator } = setup();
  generator.failNext(41030, 'invalid page rid: 1');
  generator.failNext(41030, 'invalid page rid: 1');
  expect((await post({ path: '/pages/index/index', scene: 'a=2' })).json).toEqual({ code: -1, msg: 'errCode 41030: invalid page rid: 1' });
});

test.each([-501003, -501004])("CloudBase's limit %i is a 429, as WeChat's quota is, not the service failing", async (errCode) => {
  const { post, generator } = setup();
  generator.failNext(errCode, 'exceed limit');
  const reply = await post({ path: '/pages/index/index', scene: 'a=3' });
  expect(reply).toMatchObject({ status: 429, json: { code: -1, msg: `errCode ${errCode}: exceed limit` } });
});

test('tokenMatches accepts any configured token and nothing else', () => {
  expect(tokenMatches('b', ['a', 'b', 'c'])).toBe(true);
  expect(tokenMatches('', ['a'])).toBe(false);
  expect(tokenMatches('ab', ['a', 'b'])).toBe(false);
});
