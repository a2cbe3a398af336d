/**
 * What one operation costs in CloudBase requests (each is billed as 调用次数 and counts against the environment's
 * QPS): the built functions, the real wx-server-sdk inside, counted request by request by a proxy between the
 * function processes and the emulator. The counts are deterministic, so they are asserted exactly.
 */
import { httpJson } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { startCountingProxy, type CountingProxy } from './testing/counting-proxy';

let proxy: CountingProxy;
let fx: FunctionsEmulator;

beforeAll(async () => {
  proxy = await startCountingProxy();
  fx = await startFunctionsEmulator({ emulator: { functionAdminUrl: proxy.adminUrl, maxInstancesPerFunction: 1 } });
  proxy.target(fx.emulator.adminUrl);
});
afterAll(async () => {
  await fx?.dispose();
  await proxy?.close();
});

const USER = 'oCountingUser0000000000000001';

async function trusted(name: string, data: unknown): Promise<any> {
  const { status, body } = await httpJson(`${fx.url}/callFunction`, { method: 'POST', headers: { 'x-wx-caller': 'trusted' }, body: { name, data } });
  expect(status).toBe(200);
  return body.result;
}

/** the requests of one call, after a warm-up call of the same function has loaded the SDK and learned the bucket */
async function counted<T>(call: () => Promise<T>): Promise<{ result: T; requests: Record<string, number>; total: number }> {
  proxy.take();
  const result = await call();
  const requests = proxy.take();
  return { result, requests, total: proxy.total(requests) };
}

it('counts', async () => {
  await fx.result('wxacodeGetUnlimited', { scene: 'warm=1' }, USER);
  const newUser = await counted(() => fx.result('wxacodeGetUnlimited', { scene: 'id=1' }, USER));
  const hit = await counted(() => fx.result('wxacodeGetUnlimited', { scene: 'id=1' }, USER));
  const newTrusted = await counted(() => trusted('wxacodeGetUnlimited', { scene: 'id=2' }));
  const sceneData = await counted(() => fx.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 7 } }, USER));
  const resolve = await counted(() => fx.result('wxacodeResolveScene', { scene: sceneData.result.scene }, USER));
  console.log(JSON.stringify({ newUser, hit, newTrusted, sceneData, resolve }, (k, v) => (k === 'result' ? undefined : v), 1));
});
