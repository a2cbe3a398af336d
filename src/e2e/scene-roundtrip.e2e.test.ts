/**
 * Issue 4, end to end: sceneData → wxacodeGetUnlimited in the emulator → the code image → scanned (QR decoded)
 * → the scene as WeChat hands it to the page → the real index page logic → the original data on screen.
 */
import { decodeImage } from '../emulator/wechat/decode-image';
import { installMiniProgramGlobals, instantiate, type Runtime } from '../../test/miniprogram/support/mini-program-globals';
import { downloadImage, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { loadCreateIndexPage, shownSceneData } from './mini-program-page';

const OPENID = 'oSceneRoundTripUser0000000';
const INDEX_PAGE = 'pages/index/index';

const FITS_INLINE = { id: 42 };
const MUST_BE_STORED = {
  title: '春季新品发布会 · 上海站 🎉',
  orderId: 'ORD-20240501-0000000000000000000000000000123456789',
  seats: 2,
  vip: true,
};

let emu: FunctionsEmulator;
let runtime: Runtime;

beforeAll(async () => {
  emu = await startFunctionsEmulator();
});
afterAll(() => emu.dispose());
afterEach(() => expect(emu.blocked()).toEqual([]));

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  // wx.cloud.callFunction of the phone, reaching the emulator's cloud: resolves {result, requestID}, rejects {errCode, errMsg}
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => {
    const { status, body } = await emu.callFunction(name, data, OPENID);
    if (status !== 200) throw body;
    return body;
  });
});

interface ScannedCode {
  /** what wxacodeGetUnlimited answered */
  made: { errCode: number; scene: string; sceneMode: string; tempFileURL: string };
  /** what the QR code carries: the parameters WeChat received */
  payload: { api: string; scene: string; page: string };
}

/** Makes the code as the maker page would and reads it back as a camera would. */
async function makeAndScan(sceneData: object): Promise<ScannedCode> {
  const { status, body } = await emu.callFunction('wxacodeGetUnlimited', { sceneData, page: INDEX_PAGE }, OPENID);
  expect(status).toBe(200);
  expect(body.result).toMatchObject({ errCode: 0, tempFileURL: expect.any(String) });
  const image = decodeImage((await downloadImage(body.result.tempFileURL)).bytes);
  expect(image.text).not.toBeNull();
  return { made: body.result, payload: JSON.parse(image.text as string) };
}

function openIndexPage() {
  return instantiate(loadCreateIndexPage()());
}

/** WeChat hands the page the scene URL-encoded, in query.scene (onLoad) and in the enter options (onShow). */
function asWechatHandsIt(scene: string): string {
  return encodeURIComponent(scene);
}

describe('a getUnlimited code made from sceneData, scanned, opens the index page showing that data', () => {
  it('fits inline: the page decodes it on the phone without calling the cloud', async () => {
    const { made, payload } = await makeAndScan(FITS_INLINE);
    expect(made.sceneMode).toBe('inline');
    expect(payload).toMatchObject({ api: 'wxacode.getUnlimited', page: INDEX_PAGE, scene: made.scene });

    const page = openIndexPage();
    await page.onLoad({ scene: asWechatHandsIt(payload.scene) });

    expect(page.data).toMatchObject({ status: 'ready', sceneMode: 'inline', scene: payload.scene, errCode: 0 });
    expect(shownSceneData(page.data.fields)).toEqual(FITS_INLINE);
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('too long for a scene: stored, and the page resolves it through wxacodeResolveScene in the emulator', async () => {
    const { made, payload } = await makeAndScan(MUST_BE_STORED);
    expect(made.sceneMode).toBe('stored');
    expect(payload.scene).toBe(made.scene);
    expect(payload.scene.length).toBeLessThanOrEqual(32);
    const wechatCallsBefore = (await emu.wechatCalls()).length;

    const page = openIndexPage();
    await page.onLoad({ scene: asWechatHandsIt(payload.scene) });

    expect(page.data).toMatchObject({ status: 'ready', sceneMode: 'stored', scene: payload.scene, errCode: 0 });
    expect(shownSceneData(page.data.fields)).toEqual(MUST_BE_STORED);
    expect(runtime.wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'wxacodeResolveScene', data: { scene: payload.scene } });
    // reading a stored scene costs no code
    expect(await emu.wechatCalls()).toHaveLength(wechatCallsBefore);
  });

  it('already open, entered again by scanning another code: onShow shows the new data', async () => {
    const first = await makeAndScan(FITS_INLINE);
    const second = await makeAndScan(MUST_BE_STORED);
    const page = openIndexPage();
    await page.onLoad({ scene: asWechatHandsIt(first.payload.scene) });
    expect(shownSceneData(page.data.fields)).toEqual(FITS_INLINE);

    runtime.wx.getEnterOptionsSync.mockReturnValue({
      path: second.payload.page,
      query: { scene: asWechatHandsIt(second.payload.scene) },
      scene: 1047, // WeChat's scene value for "scanned a mini program code"
    });
    await page.onShow();

    expect(page.data).toMatchObject({ status: 'ready', sceneMode: 'stored', scene: second.payload.scene });
    expect(shownSceneData(page.data.fields)).toEqual(MUST_BE_STORED);

    // coming back to the page with the same enter options is not a new scan: nothing is fetched again
    const lookups = runtime.wx.cloud.callFunction.mock.calls.length;
    await page.onShow();
    expect(runtime.wx.cloud.callFunction.mock.calls.length).toBe(lookups);
    expect(shownSceneData(page.data.fields)).toEqual(MUST_BE_STORED);
  });

  it.each([
    ['Chinese, a space and an emoji', { 中文键: '值', 'a b': 1, '🙂': true }],
    ['dots and dollars, which the database keeps as entries', { 'a.b': 'x', $set: 2, 键: false }],
  ])('field names with %s: stored, decoded from the image, resolved by wxacodeResolveScene to the same data', async (_label, data) => {
    const { made, payload } = await makeAndScan(data);
    expect(made.sceneMode).toBe('stored');
    expect(payload.scene).toBe(made.scene);

    // a server (or a CMS) resolving the scanned scene directly, as WeChat hands it to a page
    const resolved = await emu.callFunction('wxacodeResolveScene', { scene: asWechatHandsIt(payload.scene) }, OPENID);
    expect(resolved).toMatchObject({ status: 200, body: { result: { errCode: 0, errMsg: 'ok', data } } });
    expect(Object.keys(resolved.body.result.data).sort()).toEqual(Object.keys(data).sort());

    // and the page, which asks the same function
    const page = openIndexPage();
    await page.onLoad({ scene: asWechatHandsIt(payload.scene) });
    expect(page.data).toMatchObject({ status: 'ready', sceneMode: 'stored', errCode: 0 });
    expect(shownSceneData(page.data.fields)).toEqual(data);
  });

  it('the same sceneData again is the same code, served from the cache with no WeChat call', async () => {
    const before = await makeAndScan(MUST_BE_STORED);
    const callsBefore = (await emu.wechatCalls()).length;
    const { status, body } = await emu.callFunction('wxacodeGetUnlimited', { sceneData: MUST_BE_STORED, page: INDEX_PAGE }, OPENID);
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ errCode: 0, cached: true, scene: before.made.scene });
    expect(await emu.wechatCalls()).toHaveLength(callsBefore);
  });
});

