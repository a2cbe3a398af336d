import { startTestEmulator, type TestEmulator } from '../testing/test-emulator';

/** The meter and the limits as a function's real SDK meets them (the `sdk` fixture reports what the SDK gave it). */
let emu: TestEmulator;
beforeAll(async () => {
  // the QPS window on a clock that stands still: a second never passes, however slow the machine
  emu = await startTestEmulator({ limitsClock: () => 1_000_000 });
});
afterAll(() => emu.dispose());
beforeEach(async () => {
  await putLimits({});
  await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
});

const usage = async () => (await (await fetch(`${emu.url}/_emulator/usage`)).json()) as any;
const putLimits = async (body: unknown) => {
  const res = await fetch(`${emu.url}/_emulator/usage/limits`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f00000000049454e44ae426082', 'hex').toString('base64');

describe('GET /_emulator/usage', () => {
  it('counts the requests of a function by action, unit and the function, and other clients by action only', async () => {
    await emu.sdk('add', { collection: 'metered', data: { n: 1 } });
    await emu.sdk('upload', { cloudPath: 'm/a.png', base64: png });
    // a plain client with the emulator's base credentials (a script, the batch CLI): no function to name
    await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'database.addCollection', collectionName: 'other' }) });
    const u = await usage();
    expect(u.byFunction.sdk.invocations).toBe(2);
    expect(u.byFunction.sdk.byAction).toMatchObject({ 'database.insertDocument': 1, 'storage.getUploadMetadata': 1, 'cos.put': 1 });
    expect(u.byAction['database.addCollection']).toBeGreaterThanOrEqual(1);
    expect(Object.keys(u.byFunction)).toEqual(['sdk']);
    expect(u.byUnit.uploadedBytes).toBe(Buffer.from(png, 'base64').length);
    expect(u.byAction.callFunction).toBe(2);
    expect(u.calls).toBe(Object.entries(u.byAction as Record<string, number>).filter(([a]) => !a.startsWith('cos.')).reduce((n, [, v]) => n + v, 0));
  });
});

describe("CloudBase's limits, as the SDK hands them to a function", () => {
  it('past the month\'s calls: a database request rejects with -501003, an upload with -1 and the code string, and /callFunction answers 429 -501003', async () => {
    // room for the invocation itself only: the function's first request is refused
    expect(await putLimits({ monthlyCalls: 1 })).toEqual({ status: 200, body: { monthlyCalls: 1 } });
    const db = await emu.sdk('add', { collection: 'limited', data: { n: 1 } });
    expect(db).toMatchObject({ failed: true, errCode: -501003 });
    expect(db.errMsg).toContain('WXACODE_EMULATOR_MONTHLY_CALLS');
    const refused = await emu.callFunction('sdk', { op: 'add', collection: 'limited', data: {} });
    expect(refused).toMatchObject({ status: 429, body: { errCode: -501003 } });
    expect(refused.body.errMsg).toMatch(/^cloud\.callFunction:fail -501003 请求次数超限/);

    await putLimits({ monthlyCalls: (await usage()).calls + 1 });
    const upload = await emu.sdk('upload', { cloudPath: 'm/b.png', base64: png });
    expect(upload).toMatchObject({ failed: true, errCode: -1, code: 'EXCEED_REQUEST_LIMIT' });
    expect(emu.state.storage.get('m/b.png')).toBeUndefined();
    expect((await usage()).refused.monthlyCalls).toBe(3);
  });

  it('past the QPS: a cloud call rejects with -501004', async () => {
    await putLimits({ qps: 1 });
    // the invocation takes the second's only request
    const call = await emu.sdk('getUnlimited', { params: { scene: 'a=1' } });
    expect(call).toMatchObject({ failed: true, errCode: -501004 });
    expect(call.errMsg).toContain('WXACODE_EMULATOR_QPS=1');
  });

  it('PUT /_emulator/usage/limits refuses what is not a limit, naming it', async () => {
    expect(await putLimits({ qps: 0 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('qps must be a positive integer') } });
    expect(await putLimits({ rps: 5 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('"rps"') } });
    expect(await putLimits([1])).toMatchObject({ status: 400 });
    expect((await (await fetch(`${emu.url}/_emulator/usage/limits`)).json())).toEqual({});
  });
});
