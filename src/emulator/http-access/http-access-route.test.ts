import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from '../http';
import { functionEnvironment } from '../runner/function-environment';
import { createFunctionRunner, type FunctionRunner } from '../runner/function-runner';
import { FIXTURE_FUNCTIONS } from '../testing/test-emulator';
import { catalogRoutes, createHttpAccessRoute } from './http-access-route';

/**
 * The HTTP access service in front of the fixture functions: `echo` hands back the event it got, `throws` fails.
 * The fixtures never reach the admin endpoint, so the runner is pointed at a closed loopback port.
 */
const ENV_ID = 'http-access-test';
let runner: FunctionRunner;
let server: Server;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  runner = createFunctionRunner({
    functionsDir: FIXTURE_FUNCTIONS,
    environment: functionEnvironment({ adminUrl: 'http://127.0.0.1:9/admin', envId: ENV_ID }),
    loopbackGuard: true,
    onLog: (name, stream, line) => logs.push(`[${name}:${stream}] ${line}`),
  });
  const route = createHttpAccessRoute({
    runner,
    envId: ENV_ID,
    routes: [
      { path: '/hooks', functionName: 'echo' },
      { path: '/hooks/broken', functionName: 'throws' },
      { path: '/not-built', functionName: 'noSuchFunction' },
    ],
  });
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x.invalid');
    if (!(await route(req, res, url))) sendJson(res, 404, { fellThrough: true });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await runner.close();
  await new Promise((done) => server.close(done));
});
afterEach(() => expect(logs.filter((l) => l.includes('[loopback-guard] BLOCKED'))).toEqual([]));

it('hands the function the integration request and answers its object return as JSON 200', async () => {
  const res = await fetch(`${base}/hooks/orders?id=7&lang=zh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc' },
    body: JSON.stringify({ hello: '世界' }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const { event, wxContext } = (await res.json()) as { event: Record<string, any>; wxContext: Record<string, unknown> };
  expect(event).toMatchObject({
    path: '/hooks/orders',
    httpMethod: 'POST',
    queryStringParameters: { id: '7', lang: 'zh' },
    body: '{"hello":"世界"}',
    isBase64Encoded: false,
    requestContext: { envId: ENV_ID, requestId: expect.any(String) },
  });
  expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': 'abc' });
  // an HTTP caller has no WeChat user
  expect(wxContext.OPENID).toBeUndefined();
});

it('passes a binary body base64-encoded', async () => {
  const bytes = Buffer.from([0, 255, 1, 254, 0x89, 0x50]);
  const res = await fetch(`${base}/hooks`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  const { event } = (await res.json()) as { event: { body: string; isBase64Encoded: boolean; httpMethod: string } };
  expect(event).toMatchObject({ httpMethod: 'PUT', isBase64Encoded: true });
  expect(Buffer.from(event.body, 'base64')).toEqual(bytes);
});

it('answers 502 naming the error when the function throws', async () => {
  const res = await fetch(`${base}/hooks/broken`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(502);
  expect(await res.json()).toMatchObject({ code: 'FUNCTION_EXECUTE_FAIL', message: expect.stringContaining('boom') });
});

it.each(['/elsewhere', '/hooksmith', '/not-built'])('leaves %s to the next handler', async (path) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
  expect(await res.json()).toEqual({ fellThrough: true });
});

it('serves the catalog functions that declare an httpPath', () => {
  expect(catalogRoutes()).toEqual([
    { path: '/api/weapp/qrcode', functionName: 'weappQrcode' },
    { path: '/api/wxacode/batch', functionName: 'wxacodeBatch' },
    { path: '/api/wxacode/admin', functionName: 'wxacodeAdmin' },
  ]);
});
