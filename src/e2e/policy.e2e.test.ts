import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * The functions under a tightened policy, set as the deployed functions get it: cloudbaserc.json envVariables.
 * The emulated WeChat gets a lifetime quota of two codes so its exhaustion is reachable.
 */
const ADMIN = 'oPolicyAdmin';
const POLICY = { WXACODE_ALLOWED_PAGES: '*', WXACODE_ADMIN_OPENIDS: ADMIN, WXACODE_RATE_LIMIT: '2/3600' };
const LIFETIME_QUOTA = 2;

let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({
    functionEnvByName: { wxacodeGet: POLICY, wxacodeCreateQRCode: POLICY, wxacodeGetUnlimited: POLICY },
    emulator: { lifetimeQuota: LIFETIME_QUOTA },
  });
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

describe("WXACODE_ALLOWED_PAGES='*' leaves the page to WeChat", () => {
  it('41030 from WeChat itself for a page not in app.json under checkPath true', async () => {
    const result = await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page: 'pages/unknown/page' }, ADMIN);
    expect(result).toMatchObject({ errCode: 41030 });
    expect(await emu.wechatCalls()).toEqual([
      expect.objectContaining({ api: 'wxacode.getUnlimited', errcode: 41030, params: expect.objectContaining({ page: 'pages/unknown/page', check_path: true }) }),
    ]);
  });

  it('the same page with checkPath false is drawn', async () => {
    const result = await emu.result('wxacodeGetUnlimited', { scene: 'a=1', page: 'pages/unknown/page', checkPath: false }, ADMIN);
    expect(result).toMatchObject({ errCode: 0 });
    expect(scannedPayload((await downloadImage(result.tempFileURL)).bytes)).toMatchObject({ page: 'pages/unknown/page', check_path: false });
  });
});

describe('WXACODE_ADMIN_OPENIDS', () => {
  it('-700101 for a new quota-limited code from a non-admin, with no WeChat call', async () => {
    const result = await emu.result('wxacodeGet', { path: 'pages/index/index?poster=1' }, 'oNotAdmin');
    expect(result).toMatchObject({ errCode: -700101, errMsg: expect.stringContaining('WXACODE_ADMIN_OPENIDS') });
    expect(await emu.wechatCalls()).toEqual([]);
  });

  it('a code an admin made is served to a non-admin', async () => {
    const made = await emu.result('wxacodeCreateQRCode', { path: 'pages/index/index?poster=2' }, ADMIN);
    const served = await emu.result('wxacodeCreateQRCode', { path: 'pages/index/index?poster=2' }, 'oNotAdmin');
    expect(served).toMatchObject({ errCode: 0, cached: true, fileID: made.fileID });
    expect(await emu.wechatCalls()).toHaveLength(1);
  });

  it('getUnlimited, which spends no lifetime quota, stays open to everyone', async () => {
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'open=1' }, 'oNotAdmin')).toMatchObject({ errCode: 0, cached: false });
  });
});

describe("WXACODE_RATE_LIMIT='2/3600'", () => {
  it('-700102 on the third new code of one user, with no WeChat call for it; stored codes are still served', async () => {
    const user = 'oBusyUser';
    const first = await emu.result('wxacodeGetUnlimited', { scene: 'n=1' }, user);
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'n=2' }, user)).toMatchObject({ errCode: 0 });
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'n=3' }, user)).toMatchObject({
      errCode: -700102,
      errMsg: expect.stringContaining('2 new codes per 3600 s'),
    });
    expect(await emu.wechatCalls()).toHaveLength(2);
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'n=1' }, user)).toMatchObject({ cached: true, fileID: first.fileID });
    // the limit is per user
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'n=3' }, 'oCalmUser')).toMatchObject({ errCode: 0 });
  });

  it('admins are not rate limited', async () => {
    for (const n of [1, 2, 3]) expect(await emu.result('wxacodeGetUnlimited', { scene: `admin=${n}` }, ADMIN)).toMatchObject({ errCode: 0 });
  });
});

describe("WeChat's lifetime quota", () => {
  it('45029 once get and createQRCode together made the quota, from WeChat, not retried', async () => {
    expect(await emu.result('wxacodeGet', { path: 'pages/index/index?q=1' }, ADMIN)).toMatchObject({ errCode: 0 });
    expect(await emu.result('wxacodeCreateQRCode', { path: 'pages/index/index?q=2' }, ADMIN)).toMatchObject({ errCode: 0 });
    expect(await emu.result('wxacodeGet', { path: 'pages/index/index?q=3' }, ADMIN)).toMatchObject({ errCode: 45029 });
    expect((await emu.wechatCalls()).map((c) => c.errcode)).toEqual([0, 0, 45029]);
    // codes already made cost no quota, and getUnlimited has none
    expect(await emu.result('wxacodeGet', { path: 'pages/index/index?q=1' }, ADMIN)).toMatchObject({ errCode: 0, cached: true });
    expect(await emu.result('wxacodeGetUnlimited', { scene: 'q=4' }, ADMIN)).toMatchObject({ errCode: 0, cached: false });
  });
});
