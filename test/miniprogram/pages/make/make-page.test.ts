import { installMiniProgramGlobals, instantiate, loadModule, type Runtime } from '../../support/mini-program-globals';
import type { MakePageOptions } from '../../../../miniprogram/pages/make/make-page';

let runtime: Runtime;

const IMAGE = {
  contentType: 'image/png',
  fileID: 'cloud://env-1.1234/wxacode/abc.png',
  tempFileURL: 'https://example.tcb.qcloud.la/wxacode/abc.png',
  cached: false,
};

function openMakePage() {
  loadModule(() => require('../../../../miniprogram/pages/make/make'));
  return instantiate(runtime.pages[runtime.pages.length - 1] as unknown as MakePageOptions);
}

function choose(page: ReturnType<typeof openMakePage>, api: 'get' | 'createQRCode' | 'getUnlimited') {
  page.onApiChange({ detail: { value: page.data.apis.indexOf(api) }, currentTarget: { dataset: {} } });
}

function type(page: ReturnType<typeof openMakePage>, field: string, value: string) {
  page.onInput({ detail: { value }, currentTarget: { dataset: { field } } });
}

function lastCall() {
  return runtime.wx.cloud.callFunction.mock.calls[runtime.wx.cloud.callFunction.mock.calls.length - 1][0];
}

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => ({
    result: name === 'wxacodeGetUnlimited' && data.sceneData ? { errCode: 0, errMsg: 'ok', ...IMAGE, scene: '@AbCdEfGhIjKlMnOpQrStUv', sceneMode: 'stored' } : { errCode: 0, errMsg: 'ok', ...IMAGE },
  }));
});

describe('make page', () => {
  it('makes a getUnlimited code from sceneData and shows the image and the scene chosen', async () => {
    const page = openMakePage();
    choose(page, 'getUnlimited');
    type(page, 'sceneDataText', '{"event": "春季发布会", "seat": "A-12", "guests": 2}');
    await page.make();
    expect(lastCall()).toEqual({
      name: 'wxacodeGetUnlimited',
      data: { page: 'pages/index/index', checkPath: false, envVersion: 'release', width: 430, sceneData: { event: '春季发布会', seat: 'A-12', guests: 2 } },
    });
    expect(page.data.result).toEqual({ ...IMAGE, scene: '@AbCdEfGhIjKlMnOpQrStUv', sceneMode: 'stored' });
    expect(page.data.error).toBeNull();
    expect(page.data.busy).toBe(false);
  });

  it('sends a ready scene when sceneData is switched off', async () => {
    const page = openMakePage();
    choose(page, 'getUnlimited');
    page.onUseSceneDataChange({ detail: { value: false }, currentTarget: { dataset: {} } });
    type(page, 'scene', 'id=42');
    await page.make();
    expect(lastCall().data).toMatchObject({ scene: 'id=42' });
    expect(lastCall().data).not.toHaveProperty('sceneData');
  });

  it('makes a wxacode.get code from path and width', async () => {
    const page = openMakePage();
    choose(page, 'get');
    type(page, 'path', 'pages/index/index?id=1');
    type(page, 'width', '280');
    await page.make();
    expect(lastCall()).toEqual({ name: 'wxacodeGet', data: { path: 'pages/index/index?id=1', width: 280, envVersion: 'release' } });
    expect(page.data.result?.tempFileURL).toBe(IMAGE.tempFileURL);
  });

  it('makes a createQRCode code with only path and width, the two fields that API takes', async () => {
    const page = openMakePage();
    choose(page, 'createQRCode');
    type(page, 'width', '');
    await page.make();
    expect(lastCall()).toEqual({ name: 'wxacodeCreateQRCode', data: { path: 'pages/index/index?from=make' } });
  });

  it('shows the function’s error, errCode and errMsg, instead of an image', async () => {
    runtime.wx.cloud.callFunction.mockResolvedValue({ result: { errCode: 40097, errMsg: 'width: must be a whole number from 280 to 1280; received string "wide"' } });
    const page = openMakePage();
    type(page, 'width', 'wide');
    await page.make();
    expect(lastCall().data).toMatchObject({ width: 'wide' });
    expect(page.data.error).toEqual({ errCode: 40097, errMsg: expect.stringContaining('width: must be') });
    expect(page.data.result).toBeNull();
  });

  it('points at the JSON mistake without calling the function', async () => {
    const page = openMakePage();
    choose(page, 'getUnlimited');
    type(page, 'sceneDataText', '{id: 42}');
    await page.make();
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
    expect(page.data.error).toEqual({ errCode: 40097, errMsg: expect.stringMatching(/^sceneData: is not valid JSON .*Write an object such as/) });
  });

  it('explains a reply it cannot read, e.g. a function not deployed from this project', async () => {
    runtime.wx.cloud.callFunction.mockResolvedValue({ result: 'hello' });
    const page = openMakePage();
    await page.make();
    expect(page.data.error).toEqual({ errCode: -700501, errMsg: expect.stringContaining('wxacodeGetUnlimited: replied "hello"') });
  });

  it('passes on a call failure with its errCode', async () => {
    runtime.wx.cloud.callFunction.mockRejectedValue({ errCode: -504002, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found' });
    const page = openMakePage();
    await page.make();
    expect(page.data.error).toEqual({ errCode: -504002, errMsg: expect.stringContaining('FunctionName parameter could not be found') });
  });

  it('opens the made code full screen for saving or scanning', async () => {
    const page = openMakePage();
    await page.make();
    page.previewCode();
    expect(runtime.wx.previewImage).toHaveBeenCalledWith({ urls: [IMAGE.tempFileURL] });
  });
});
