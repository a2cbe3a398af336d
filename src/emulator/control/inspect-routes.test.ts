import { EJSON } from 'bson';
import { startTestEmulator, type TestEmulator } from '../testing/test-emulator';
import { renderCode } from '../wechat/render';

let emu: TestEmulator;
beforeAll(async () => {
  // the simulated WeChat (not the fake), whose limits the routes report
  emu = await startTestEmulator({ wechat: undefined, lifetimeQuota: 10, ratePerMinute: 7, getDailyCap: 5 });
});
afterAll(() => emu.dispose());

const get = async (path: string) => {
  const res = await fetch(`${emu.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};
const del = async (path: string) => {
  const res = await fetch(`${emu.url}${path}`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as any };
};

/** a code as wxacodeGet leaves it: the image in storage and its record in wxacode_codes */
async function storeCode(id: string, params: Record<string, unknown>) {
  const image = await renderCode(JSON.stringify({ api: 'wxacode.get', ...params }), { width: 280, color: { r: 0, g: 0, b: 0 }, transparent: false });
  const cloudPath = `wxacode/get/${id.slice(0, 2)}/${id}.jpg`;
  await emu.state.storage.put({ cloudPath, bytes: image.buffer, contentType: image.contentType, uploadedAt: Date.now() });
  await emu.state.database.create('wxacode_codes');
  await emu.state.database.insert('wxacode_codes', [{ _id: id, api: 'wxacode.get', cloudPath, fileID: `cloud://x/${cloudPath}`, contentType: image.contentType, bytes: image.buffer.length, createdAt: Date.now() }]);
  return cloudPath;
}

describe('GET /_emulator/limits', () => {
  it('counts the lifetime quota of get + createQRCode, getUnlimited per minute and get per day as WeChat is called', async () => {
    const before = (await get('/_emulator/limits')).body;
    expect(before).toMatchObject({ lifetimeQuota: { used: 0, limit: 10, left: 10 }, getUnlimitedPerMinute: { used: 0, limit: 7 }, getDailyCap: { used: 0, limit: 5, left: 5 } });
    await emu.sdk('createQRCode', { params: { path: 'pages/index/index' } });
    await emu.sdk('getUnlimited', { params: { scene: 'a=1', check_path: false, page: 'pages/a' } });
    const after = (await get('/_emulator/limits')).body;
    expect(after.lifetimeQuota).toEqual({ used: 1, limit: 10, left: 9 });
    expect(after.getUnlimitedPerMinute).toEqual({ used: 1, limit: 7 });
    // createQRCode is not get: the daily cap is get's alone
    expect(after.getDailyCap).toEqual({ used: 0, limit: 5, left: 5 });
  });

  it('lists the open per-user windows of wxacode_rate_limits, never the finished ones', async () => {
    await emu.state.database.create('wxacode_rate_limits');
    await emu.state.database.insert('wxacode_rate_limits', [{ _id: 'abc:1000', count: 3, expiresAt: Date.now() + 60_000 }, { _id: 'old:1', count: 9, expiresAt: Date.now() - 1 }]);
    const { perUser } = (await get('/_emulator/limits')).body;
    expect(perUser).toMatchObject({ limit: 30, windowSeconds: 3600 });
    expect(perUser.windows).toEqual([{ key: 'abc:1000', count: 3, windowStart: 1000, expiresAt: expect.any(Number) }]);
  });
});

describe('/_emulator/codes', () => {
  it('lists stored codes with what WeChat received, read back from the image, and deletes record and image', async () => {
    const cloudPath = await storeCode('ab12', { path: 'pages/index/index?id=7', width: 280 });
    const { body } = await get('/_emulator/codes');
    const code = body.codes.find((c: { _id: string }) => c._id === 'ab12');
    expect(code).toMatchObject({ api: 'wxacode.get', cloudPath, received: { api: 'wxacode.get', path: 'pages/index/index?id=7', width: 280 } });
    const image = await fetch(`${emu.url}${code.url}`);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(emu.state.storage.get(cloudPath)!.bytes);

    expect((await del('/_emulator/codes/ab12')).status).toBe(200);
    expect((await get('/_emulator/codes')).body.codes.map((c: { _id: string }) => c._id)).not.toContain('ab12');
    expect(emu.state.storage.get(cloudPath)).toBeUndefined();
    expect((await del('/_emulator/codes/ab12')).status).toBe(404);
  });
});

describe('/_emulator/data', () => {
  it('lists collections and documents as EJSON, and deletes one document', async () => {
    await emu.state.database.create('things');
    await emu.state.database.insert('things', [{ _id: 'd1', at: new Date('2026-01-02T03:04:05Z'), n: 1 }, { _id: 'd2', n: 2 }]);
    expect((await get('/_emulator/data/collections')).body.collections).toContainEqual({ name: 'things', count: 2 });
    const { body } = await get('/_emulator/data/collections/things');
    expect(body.documents[0]).toEqual({ _id: 'd1', at: { $date: '2026-01-02T03:04:05Z' }, n: 1 });
    expect(EJSON.deserialize(body.documents[0]).at).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect((await del('/_emulator/data/collections/things/documents/d1')).status).toBe(200);
    expect(emu.state.database.documents('things')!.map((d) => d._id)).toEqual(['d2']);
    expect((await del('/_emulator/data/collections/things/documents/d1')).status).toBe(404);
    expect((await get('/_emulator/data/collections/nothing')).status).toBe(404);
  });

  it('lists storage files, serves their bytes and deletes one', async () => {
    await emu.state.storage.put({ cloudPath: 'dir/a b.txt', bytes: Buffer.from('hello'), contentType: 'text/plain', uploadedAt: 1 });
    const { files } = (await get('/_emulator/data/files')).body;
    const file = files.find((f: { cloudPath: string }) => f.cloudPath === 'dir/a b.txt');
    expect(file).toMatchObject({ size: 5, contentType: 'text/plain', fileID: expect.stringMatching(/^cloud:\/\/.+\/dir\/a b\.txt$/) });
    expect(await (await fetch(`${emu.url}${file.url}`)).text()).toBe('hello');
    expect((await del(`/_emulator/data/files?cloudPath=${encodeURIComponent('dir/a b.txt')}`)).status).toBe(200);
    expect(emu.state.storage.get('dir/a b.txt')).toBeUndefined();
    expect((await get(`/_emulator/data/files/content?cloudPath=${encodeURIComponent('dir/a b.txt')}`)).status).toBe(404);
  });
});

describe('the UI itself', () => {
  it('is served at the base URL with its script and stylesheet, from the emulator origin', async () => {
    const page = await fetch(`${emu.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/_emulator/ui/app.js');
    // nothing from a CDN: every script and stylesheet is a path on this origin
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const css = await fetch(`${emu.url}/_emulator/ui/app.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});

describe('GET /_emulator/batch/jobs', () => {
  it('lists the jobs of wxacodeBatch, newest first, and refuses other methods', async () => {
    await emu.state.database.create('wxacode_batch_jobs');
    await emu.state.database.insert('wxacode_batch_jobs', [
      { _id: 'job_old', jobKey: 'k1', api: 'get', state: 'stopped', stoppedReason: 'quota', total: 5, createdAt: 1000, updatedAt: 2000, heartbeatAt: 0, rateFactor: 1, throttledAt: 0 },
      { _id: 'job_new', jobKey: 'k2', api: 'getUnlimited', state: 'running', total: 3, createdAt: 3000, updatedAt: 3000, heartbeatAt: 0, rateFactor: 1, throttledAt: 0 },
    ]);
    const { status, body } = await get('/_emulator/batch/jobs');
    expect(status).toBe(200);
    expect(body.jobs).toEqual([
      { jobId: 'job_new', jobKey: 'k2', api: 'getUnlimited', state: 'running', total: 3, createdAt: 3000, updatedAt: 3000 },
      { jobId: 'job_old', jobKey: 'k1', api: 'get', state: 'stopped', stoppedReason: 'quota', total: 5, createdAt: 1000, updatedAt: 2000 },
    ]);
    expect((await del('/_emulator/batch/jobs')).status).toBe(405);
  });
});
