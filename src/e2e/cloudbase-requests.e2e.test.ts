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
  fx = await startFunctionsEmulator({ emulator: { functionsAdminUrl: proxy.adminUrl, maxInstancesPerFunction: 1 } });
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

describe('one operation, in CloudBase requests (a warm instance: the SDK loaded, the bucket and scene secret known)', () => {
  beforeAll(async () => {
    await fx.result('wxacodeGetUnlimited', { scene: 'warm=1' }, USER);
    // the first stored payload creates the scene secret; the next one reads it, and the instance keeps it
    await fx.result('wxacodeGetUnlimited', { sceneData: { warm: 1 }, sceneMode: 'stored' }, USER);
    await fx.result('wxacodeGetUnlimited', { sceneData: { warm: 2 }, sceneMode: 'stored' }, USER);
  });

  it('a new code for a mini program user: 6 besides the upload (path lookup, claim, the user\'s rate, WeChat, upload URL, temporary URL)', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeGetUnlimited', { scene: 'id=1' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: false });
    expect(requests).toEqual({
      'storage.batchGetDownloadUrl': 2,
      'database.insertDocument': 1,
      'database.modifyDocument': 1,
      'wx.openApi': 1,
      'storage.getUploadMetadata': 1,
    });
  });

  it('a stored code again: 1 (its temporary URL, asked by its content-addressed path)', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeGetUnlimited', { scene: 'id=1' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: true });
    expect(requests).toEqual({ 'storage.batchGetDownloadUrl': 1 });
  });

  it('a new code for a trusted caller: 5 (no rate to count)', async () => {
    const { result, requests } = await counted(() => trusted('wxacodeGetUnlimited', { scene: 'id=2' }));
    expect(result).toMatchObject({ errCode: 0, cached: false });
    expect(requests).toEqual({ 'storage.batchGetDownloadUrl': 2, 'database.insertDocument': 1, 'wx.openApi': 1, 'storage.getUploadMetadata': 1 });
  });

  let storedScene = '';
  it('a new code from sceneData (stored form): 8 (the payload read and written, then as a new code)', async () => {
    const { result, requests, total } = await counted(() => fx.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 7 }, sceneMode: 'stored' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: false, sceneMode: 'stored' });
    storedScene = result.scene;
    expect(requests).toEqual({
      'database.getDocument': 1,
      'database.modifyDocument': 2,
      'storage.batchGetDownloadUrl': 2,
      'database.insertDocument': 1,
      'wx.openApi': 1,
      'storage.getUploadMetadata': 1,
    });
    expect(total).toBe(8);
  });

  it('the same sceneData again: 2 (the payload, the stored code)', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 7 }, sceneMode: 'stored' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: true, scene: storedScene });
    expect(requests).toEqual({ 'database.getDocument': 1, 'storage.batchGetDownloadUrl': 1 });
  });

  it('wxacodeResolveScene: 1', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeResolveScene', { scene: storedScene }, USER));
    expect(result).toEqual({ errCode: 0, errMsg: 'ok', data: { shop: '北京朝阳店', table: 7 } });
    expect(requests).toEqual({ 'database.getDocument': 1 });
  });

  it('a refused event: 0 (checked before the SDK is used)', async () => {
    const { result, total } = await counted(() => fx.result('wxacodeGetUnlimited', { scene: 'id=50%' }, USER));
    expect(result.errCode).toBe(40129);
    expect(total).toBe(0);
  });
});

describe('one link, in CloudBase requests (a warm instance)', () => {
  beforeAll(async () => {
    // loads the SDK in each link function's instance and creates the collections they use
    await fx.result('wxacodeUrlLink', { query: 'warm=1' }, USER);
    await fx.result('wxacodeShortLink', { pageUrl: 'pages/index/index?warm=1' }, USER);
  });

  it("a new URL Link for a mini program user: 6 (link lookup, claim, the user's rate, the day's count, WeChat, the link stored) — the codes' 6, and nothing to upload", async () => {
    const { result, requests, total } = await counted(() => fx.result('wxacodeUrlLink', { path: 'pages/index/index', query: 'id=1' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: false });
    expect(requests).toEqual({ 'database.getDocument': 1, 'database.insertDocument': 1, 'database.modifyDocument': 3, 'wx.openApi': 1 });
    expect(total).toBe(6);
  });

  it('a stored URL Link again: 1 (its lookup)', async () => {
    const { result, requests } = await counted(() => fx.result('wxacodeUrlLink', { path: 'pages/index/index', query: 'id=1' }, USER));
    expect(result).toMatchObject({ errCode: 0, cached: true });
    expect(requests).toEqual({ 'database.getDocument': 1 });
  });

  it('a new Short Link for a trusted caller: 5 (no rate to count)', async () => {
    const { result, total } = await counted(() => trusted('wxacodeShortLink', { pageUrl: 'pages/index/index?id=2' }));
    expect(result).toMatchObject({ errCode: 0, cached: false });
    expect(total).toBe(5);
  });

  it('a refused link event: 0', async () => {
    const { result, total } = await counted(() => fx.result('wxacodeUrlScheme', { expireInterval: 31 }, USER));
    expect(result.errCode).toBe(85401);
    expect(total).toBe(0);
  });
});
