import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * Each documented error code as the user of a code function sees it, whichever layer answers it, and
 * whether it cost a WeChat call. Policy here is the built-in one: app.json's pages, 30 new codes an hour.
 */
const USER = 'oErrorsUser';
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator();
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

describe('refused before WeChat is called', () => {
  it.each([
    ['40129: a scene character WeChat refuses', 'wxacodeGetUnlimited', { scene: 'id=50%', page: 'pages/index/index' }, 40129, /scene.*"%"/],
    ['40169: a scene longer than 32 characters', 'wxacodeGetUnlimited', { scene: 'x'.repeat(33) }, 40169, /scene/],
    ['41030: a page with a leading slash', 'wxacodeGetUnlimited', { scene: 'a=1', page: '/pages/index/index' }, 41030, /page/],
    ['85096: scancode_time in the path', 'wxacodeGet', { path: 'pages/index/index?scancode_time=1' }, 85096, /scancode_time/],
    ['40097: an envVersion WeChat does not know', 'wxacodeGetUnlimited', { scene: 'a=1', envVersion: 'beta' }, 40097, /envVersion/],
    ['40097: a snake_case key', 'wxacodeGet', { path: 'pages/index/index', is_hyaline: true }, 40097, /isHyaline/],
    ['-700104: a page outside app.json', 'wxacodeGetUnlimited', { scene: 'a=1', page: 'pages/admin/secret' }, -700104, /pages\/index\/index/],
    ['-700104: a path to a page outside app.json', 'wxacodeCreateQRCode', { path: 'pages/admin/secret?id=1' }, -700104, /path/],
    ['-700103: an event larger than 4096 bytes', 'wxacodeGetUnlimited', { sceneData: { note: 'x'.repeat(5000) } }, -700103, /4096/],
  ])('%s', async (_name, fn, event, errCode, message) => {
    const result = await emu.result(fn, event, USER);
    expect(result).toEqual({ errCode, errMsg: expect.stringMatching(message) });
    expect(await emu.wechatCalls()).toEqual([]);
  });
});

describe("WeChat's own faults", () => {
  it('45009 (per-minute limit) comes back after the retries, each a WeChat call', async () => {
    await emu.setFaults({ force45009: true });
    const result = await emu.result('wxacodeGetUnlimited', { scene: 'a=45009' }, USER);
    expect(result).toMatchObject({ errCode: 45009 });
    expect((await emu.wechatCalls()).map((c) => c.errcode)).toEqual([45009, 45009, 45009]);
  });

  it('45029 (lifetime quota) is not retried: it fails the same way again', async () => {
    await emu.setFaults({ force45029: true });
    expect(await emu.result('wxacodeGet', { path: 'pages/index/index' }, USER)).toMatchObject({ errCode: 45029 });
    expect((await emu.wechatCalls()).map((c) => c.errcode)).toEqual([45029]);
  });

  it('a stored code is still served while WeChat refuses new ones', async () => {
    const made = await emu.result('wxacodeGet', { path: 'pages/index/index?keep=1' }, USER);
    await emu.setFaults({ force45029: true });
    const served = await emu.result('wxacodeGet', { path: 'pages/index/index?keep=1' }, USER);
    expect(served).toMatchObject({ errCode: 0, cached: true, fileID: made.fileID });
    expect(scannedPayload((await downloadImage(served.tempFileURL)).bytes)).toMatchObject({ path: 'pages/index/index?keep=1' });
    expect(await emu.wechatCalls()).toHaveLength(1);
  });

  it('-1 (system error) every time: three attempts, then -1', async () => {
    await emu.setFaults({ systemErrorRate: 1 });
    expect(await emu.result('wxacodeCreateQRCode', { path: 'pages/index/index' }, USER)).toMatchObject({ errCode: -1 });
    expect((await emu.wechatCalls()).map((c) => c.errcode)).toEqual([-1, -1, -1]);
  });

  it('a refused code leaves nothing stored: the next try after the fault clears calls WeChat again', async () => {
    await emu.setFaults({ systemErrorRate: 1 });
    await emu.result('wxacodeGetUnlimited', { scene: 'a=retry' }, USER);
    await emu.setFaults({ systemErrorRate: 0 });
    const result = await emu.result('wxacodeGetUnlimited', { scene: 'a=retry' }, USER);
    expect(result).toMatchObject({ errCode: 0, cached: false });
    expect((await emu.wechatCalls()).map((c) => c.errcode)).toEqual([-1, -1, -1, 0]);
  });
});
