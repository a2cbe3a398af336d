import { fakeImage } from '../testing/fake-wechat';
import { blockedConnections, startTestEmulator, type TestEmulator } from '../testing/test-emulator';
import { decodeCommOpenApiResp, encodeCommApiData } from './openapi-codec';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());
beforeEach(() => emu.wechat.reset());
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

describe('cloud.openapi through the real wx-server-sdk', () => {
  it('hands the WeChat image bytes and content type to the function', async () => {
    const params = { scene: 'a=1', page: 'pages/index/index', width: 280, checkPath: false };
    const res = await emu.sdk('getUnlimited', { params });
    expect(res).toMatchObject({ contentType: 'image/png', errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok' });
    // The service got snake_case keys with JSON values, exactly as the SDK encoded them.
    const expectedParams = { scene: 'a=1', page: 'pages/index/index', width: 280, check_path: false };
    expect(Buffer.from(res.bytes, 'base64')).toEqual(fakeImage(expectedParams));
    expect(emu.wechat.calls()).toMatchObject([{ api: 'wxacode.getUnlimited', params: expectedParams, via: 'cloud' }]);
  });

  it('turns a WeChat errcode into the CloudSDKError the SDK user sees', async () => {
    const res = await emu.sdk('getUnlimited', { params: { scene: 'x', forceErrcode: 41030 } });
    expect(res).toMatchObject({ failed: true, errCode: 41030, errMsg: 'openapi.wxacode.getUnlimited:fail forced rid: fake' });
  });

  it('relays createQRCode', async () => {
    const res = await emu.sdk('createQRCode', { params: { path: 'pages/a/a' } });
    expect(res.errMsg).toBe('openapi.wxacode.createQRCode:ok');
    expect(Buffer.from(res.bytes, 'base64')).toEqual(fakeImage({ path: 'pages/a/a' }));
  });
});

describe('wx.openApi over raw HTTP', () => {
  const post = (form: FormData) => fetch(`${emu.adminUrl}?env=${emu.envId}`, { method: 'POST', body: form });
  const openApiForm = (apiName: string, requestData?: Buffer) => {
    const form = new FormData();
    form.append('action', 'wx.openApi');
    form.append('apiName', apiName);
    if (requestData) form.append('requestData', new Blob([requestData], { type: 'application/octet-stream' }));
    return form;
  };

  it('answers an unknown apiName with the service error inside CommOpenApiResp', async () => {
    const res = await post(openApiForm('wxacode.nope', encodeCommApiData({ scene: 'a' })));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const resp = decodeCommOpenApiResp(Buffer.from(await res.arrayBuffer()));
    expect(resp.contentType).toBe('application/json; charset=UTF-8');
    expect(JSON.parse(resp.respData.toString())).toMatchObject({ errcode: 48001 });
  });

  it('answers a missing requestData with a TCB INVALID_PARAM error', async () => {
    const res = await post(openApiForm('wxacode.get'));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('requestData') });
  });

  it('answers garbage requestData with a TCB INVALID_PARAM error', async () => {
    const res = await post(openApiForm('wxacode.get', Buffer.from([0xff, 0xff, 0xff, 0xff])));
    expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringContaining('CommApiData') });
  });
});
