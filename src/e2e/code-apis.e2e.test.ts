import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * The three code functions as a mini program user meets them: built bundles, real wx-server-sdk, the emulator's
 * storage and WeChat. What WeChat received is read back from the image itself.
 */
const BLACK = { r: 0, g: 0, b: 0 };
const CASES = [
  {
    fn: 'wxacodeGet',
    api: 'wxacode.get',
    event: { path: 'pages/index/index?id=7' },
    withDefaults: { envVersion: 'release', isHyaline: false, lineColor: BLACK, autoColor: false, width: 430, path: 'pages/index/index?id=7' },
    wechatParams: { path: 'pages/index/index?id=7', width: 430, auto_color: false, line_color: BLACK, is_hyaline: false, env_version: 'release' },
  },
  {
    fn: 'wxacodeCreateQRCode',
    api: 'wxacode.createQRCode',
    event: { path: 'pages/make/make' },
    withDefaults: { width: 430, path: 'pages/make/make' },
    wechatParams: { path: 'pages/make/make', width: 430 },
  },
  {
    fn: 'wxacodeGetUnlimited',
    api: 'wxacode.getUnlimited',
    event: { scene: 'id=42', page: 'pages/index/index' },
    withDefaults: {
      isHyaline: false,
      lineColor: BLACK,
      autoColor: false,
      width: 430,
      envVersion: 'release',
      checkPath: true,
      page: 'pages/index/index',
      scene: 'id=42',
    },
    wechatParams: {
      scene: 'id=42',
      page: 'pages/index/index',
      width: 430,
      check_path: true,
      env_version: 'release',
      auto_color: false,
      line_color: BLACK,
      is_hyaline: false,
    },
  },
] as const;

const USER = 'oCodeApisUser';
let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator();
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

describe.each(CASES)('$fn', ({ fn, api, event, withDefaults, wechatParams }) => {
  it('stores a code whose image carries exactly what WeChat received, defaults included', async () => {
    const result = await emu.result(fn, event, USER);
    expect(result).toMatchObject({ errCode: 0, errMsg: 'ok', cached: false, fileID: expect.stringMatching(/^cloud:\/\//) });
    const { contentType, bytes } = await downloadImage(result.tempFileURL);
    expect(contentType).toBe(result.contentType);
    expect(scannedPayload(bytes)).toEqual({ api, ...wechatParams });
    expect(await emu.wechatCalls()).toEqual([expect.objectContaining({ api, via: 'cloud', errcode: 0, params: wechatParams })]);
  });

  it('serves the stored code on a repeat without calling WeChat again', async () => {
    const first = await emu.result(fn, event, USER);
    const again = await emu.result(fn, event, 'oSomeoneElse');
    expect(again).toMatchObject({ errCode: 0, cached: true, fileID: first.fileID });
    expect(scannedPayload((await downloadImage(again.tempFileURL)).bytes)).toEqual({ api, ...wechatParams });
    expect(await emu.wechatCalls()).toHaveLength(1);
  });

  it('treats the bare event and the one spelling out every default as one code', async () => {
    const bare = await emu.result(fn, event, USER);
    const explicit = await emu.result(fn, withDefaults, USER);
    expect(explicit).toMatchObject({ cached: true, fileID: bare.fileID });
    expect(await emu.wechatCalls()).toHaveLength(1);
  });

  it("returns the image as base64 with output: 'base64', and stores nothing", async () => {
    const result = await emu.result(fn, { ...event, output: 'base64' }, USER);
    expect(result).toEqual({ errCode: 0, errMsg: 'ok', contentType: expect.stringMatching(/^image\//), base64: expect.any(String) });
    expect(scannedPayload(Buffer.from(result.base64, 'base64'))).toEqual({ api, ...wechatParams });
    // nothing was stored, so the file form still has to be made
    expect(await emu.result(fn, event, USER)).toMatchObject({ cached: false });
    expect(await emu.wechatCalls()).toHaveLength(2);
  });

  it('base64 of a stored code comes from storage, not from WeChat', async () => {
    await emu.result(fn, event, USER);
    const result = await emu.result(fn, { ...event, output: 'base64' }, USER);
    expect(scannedPayload(Buffer.from(result.base64, 'base64'))).toEqual({ api, ...wechatParams });
    expect(await emu.wechatCalls()).toHaveLength(1);
  });

  it('makes a fresh code with cache: false even when one is stored', async () => {
    const first = await emu.result(fn, event, USER);
    const fresh = await emu.result(fn, { ...event, cache: false }, USER);
    expect(fresh).toMatchObject({ errCode: 0, cached: false, fileID: first.fileID });
    expect(scannedPayload((await downloadImage(fresh.tempFileURL)).bytes)).toEqual({ api, ...wechatParams });
    expect((await emu.wechatCalls()).map((c) => c.api)).toEqual([api, api]);
  });
});

it('passes non-default looks to WeChat in snake_case and draws them', async () => {
  const result = await emu.result(
    'wxacodeGetUnlimited',
    { scene: 'id=43', page: 'pages/make/make', width: 280, lineColor: { r: '200', g: 0, b: 0 }, isHyaline: true, envVersion: 'trial' },
    USER,
  );
  const payload = scannedPayload((await downloadImage(result.tempFileURL)).bytes);
  expect(payload).toEqual({
    api: 'wxacode.getUnlimited',
    scene: 'id=43',
    page: 'pages/make/make',
    width: 280,
    check_path: true,
    env_version: 'trial',
    auto_color: false,
    line_color: { r: 200, g: 0, b: 0 },
    is_hyaline: true,
  });
  expect(result.contentType).toBe('image/png');
});
