import { handleCodeEvent } from '../handler/handle-code-event';
import { ErrCode } from '../errors';
import type { WxacodeApi } from '../params/types';
import { memoryService } from '../testing/memory-service';
import { validateParams } from './validate-params';

/** Each case: an event that must be refused before WeChat sees it, the errCode, and what the message must say. */
const rejected: [string, WxacodeApi, Record<string, unknown>, number, RegExp][] = [
  // 获取小程序码 / 获取小程序二维码: 40159 for an empty or too-long path; get allows 1024 bytes, createQRCode 128
  ['path missing', 'wxacode.get', {}, ErrCode.INVALID_PATH_LENGTH, /^path: is required/],
  ['path empty', 'wxacode.get', { path: '' }, ErrCode.INVALID_PATH_LENGTH, /^path: must not be empty; received string ""/],
  ['createQRCode path empty', 'wxacode.createQRCode', { path: '' }, 40159, /^path: must not be empty/],
  ['path not a string', 'wxacode.createQRCode', { path: 42 }, ErrCode.INVALID_ARGS, /^path: must be a string.*received number 42/],
  ['createQRCode path over 128 bytes', 'wxacode.createQRCode', { path: `pages/a?q=${'码'.repeat(40)}` }, 40159, /^path: must be at most 128 bytes of UTF-8 for wxacode.createQRCode \(it is 130\).*Use wxacodeGet \(1024 bytes\)/],
  ['get path over 1024 bytes', 'wxacode.get', { path: `pages/a?q=${'码'.repeat(339)}` }, 40159, /^path: must be at most 1024 bytes of UTF-8 for wxacode.get \(it is 1027\)/],
  ['path with scancode_time', 'wxacode.get', { path: 'pages/a?scancode_time=1' }, ErrCode.SCANCODE_TIME_RESERVED, /^path: must not contain scancode_time/],
  ['scene missing', 'wxacode.getUnlimited', {}, ErrCode.INVALID_SCENE_LENGTH, /^scene: is required/],
  ['scene empty', 'wxacode.getUnlimited', { scene: '' }, ErrCode.INVALID_SCENE_LENGTH, /^scene: must be 1 to 32 characters.*\(it has 0\)/],
  ['scene 33 chars', 'wxacode.getUnlimited', { scene: 'a'.repeat(33) }, ErrCode.INVALID_SCENE_LENGTH, /\(it has 33\).*pass sceneData/],
  ['scene with %', 'wxacode.getUnlimited', { scene: 'id=50%' }, ErrCode.INVALID_SCENE, /character "%" at position 6 is not allowed/],
  ['scene Chinese', 'wxacode.getUnlimited', { scene: 'name=码' }, ErrCode.INVALID_SCENE, /character "码" at position 6/],
  ['scene with space', 'wxacode.getUnlimited', { scene: 'a b' }, ErrCode.INVALID_SCENE, /character " " at position 2/],
  ['scene not a string', 'wxacode.getUnlimited', { scene: 123 }, ErrCode.INVALID_SCENE, /^scene: must be a string.*received number 123/],
  ['page leading slash', 'wxacode.getUnlimited', { scene: 'a=1', page: '/pages/index/index' }, ErrCode.INVALID_PAGE, /^page: must not start with "\/".*Use "pages\/index\/index"/],
  ['page with query', 'wxacode.getUnlimited', { scene: 'a=1', page: 'pages/index/index?a=1' }, ErrCode.INVALID_PAGE, /^page: must not carry query parameters/],
  ['page empty', 'wxacode.getUnlimited', { scene: 'a=1', page: '' }, ErrCode.INVALID_PAGE, /Omit page to open the home page/],
  ['page with scancode_time', 'wxacode.getUnlimited', { scene: 'a=1', page: 'pages/scancode_time' }, ErrCode.SCANCODE_TIME_RESERVED, /^page: must not contain scancode_time/],
  ['envVersion unknown', 'wxacode.getUnlimited', { scene: 'a=1', envVersion: 'release_error' }, ErrCode.INVALID_ARGS, /^envVersion: must be one of "release", "trial", "develop"; received string "release_error"/],
  ['envVersion on get', 'wxacode.get', { path: 'p', envVersion: 'beta' }, ErrCode.INVALID_ARGS, /^envVersion: must be one of/],
  // 获取小程序码 (wxacode.get) lists 40189 for width; the other two APIs list no width code
  ['width too small', 'wxacode.get', { path: 'p', width: 279 }, 40189, /^width: must be an integer number of pixels from 280 to 1280; received number 279/],
  ['width too large', 'wxacode.createQRCode', { path: 'p', width: 1281 }, ErrCode.INVALID_ARGS, /received number 1281/],
  ['width fractional', 'wxacode.getUnlimited', { scene: 'a', width: 300.5 }, ErrCode.INVALID_ARGS, /^width: .*received number 300.5/],
  ['width as string', 'wxacode.get', { path: 'p', width: '430' }, 40189, /^width: .*received string "430"/],
  ['lineColor channel 256', 'wxacode.get', { path: 'p', lineColor: { r: 256, g: 0, b: 0 } }, ErrCode.INVALID_ARGS, /^lineColor\.r: must be an integer from 0 to 255.*received number 256/],
  ['lineColor channel missing', 'wxacode.getUnlimited', { scene: 'a', lineColor: { r: 1, g: 2 } }, ErrCode.INVALID_ARGS, /^lineColor\.b: .*received nothing/],
  ['lineColor hex string channel', 'wxacode.get', { path: 'p', lineColor: { r: 'ff', g: '0', b: '0' } }, ErrCode.INVALID_ARGS, /^lineColor\.r: .*received string "ff"/],
  ['lineColor extra key', 'wxacode.get', { path: 'p', lineColor: { r: 1, g: 2, b: 3, a: 4 } }, ErrCode.INVALID_ARGS, /^lineColor\.a: is not a channel/],
  ['lineColor not an object', 'wxacode.get', { path: 'p', lineColor: '#ff0000' }, ErrCode.INVALID_ARGS, /^lineColor: must be an object \{r, g, b\}/],
  ['autoColor as string', 'wxacode.get', { path: 'p', autoColor: 'false' }, ErrCode.INVALID_ARGS, /^autoColor: must be true or false \(a boolean, not a string\); received string "false"/],
  ['isHyaline as number', 'wxacode.getUnlimited', { scene: 'a', isHyaline: 1 }, ErrCode.INVALID_ARGS, /^isHyaline: must be true or false/],
  ['checkPath as string', 'wxacode.getUnlimited', { scene: 'a', checkPath: 'no' }, ErrCode.INVALID_ARGS, /^checkPath: must be true or false/],
  ['snake_case key', 'wxacode.get', { path: 'p', is_hyaline: true }, ErrCode.INVALID_ARGS, /^is_hyaline: is not a known parameter.*Did you mean isHyaline\?/],
  ['snake_case check_path', 'wxacode.getUnlimited', { scene: 'a', check_path: false }, ErrCode.INVALID_ARGS, /Did you mean checkPath\?/],
  ['unknown key', 'wxacode.createQRCode', { path: 'p', color: 'red' }, ErrCode.INVALID_ARGS, /^color: is not a known parameter.*wxacode.createQRCode takes only: path, width/],
  ['key of another API', 'wxacode.createQRCode', { path: 'p', isHyaline: true }, ErrCode.INVALID_ARGS, /^isHyaline: is not a known parameter/],
  ['__proto__ key', 'wxacode.get', JSON.parse('{"path":"p","__proto__":{"x":1}}'), ErrCode.INVALID_ARGS, /^__proto__: is not a known parameter/],
  ['output unknown', 'wxacode.get', { path: 'p', output: 'url' }, ErrCode.INVALID_ARGS, /^output: must be "file".*or "base64"; received string "url"/],
  ['cache not boolean', 'wxacode.get', { path: 'p', cache: 0 }, ErrCode.INVALID_ARGS, /^cache: must be true or false/],
];

describe.each(rejected)('refused before WeChat: %s', (_name, api, event, errCode, message) => {
  test(`errCode ${errCode}`, async () => {
    const { service, generator, files, index } = memoryService();
    const result = await handleCodeEvent(api, event, service);
    expect(result).toEqual({ errCode, errMsg: expect.stringMatching(message) });
    expect(generator.calls).toHaveLength(0);
    expect(files.uploads).toBe(0);
    expect(index.records.size).toBe(0);
  });
});

test.each([null, 'path', 42, [], undefined])('a non-object event (%p) is refused with a message naming the event', async (event) => {
  const { service, generator } = memoryService();
  const result = await handleCodeEvent('wxacode.get', event, service);
  expect(result).toEqual({ errCode: ErrCode.INVALID_ARGS, errMsg: expect.stringMatching(/^event: must be an object with the parameters of wxacode.get/) });
  expect(generator.calls).toHaveLength(0);
});

describe('accepted and normalized', () => {
  test('defaults are applied as documented', async () => {
    const { service, generator } = memoryService();
    await handleCodeEvent('wxacode.getUnlimited', { scene: "a=1&b=!#$&'()*+,/:;=?@-._~" }, service);
    expect(generator.calls[0]).toEqual({
      api: 'wxacode.getUnlimited',
      params: {
        scene: "a=1&b=!#$&'()*+,/:;=?@-._~",
        checkPath: true,
        envVersion: 'release',
        width: 430,
        autoColor: false,
        lineColor: { r: 0, g: 0, b: 0 },
        isHyaline: false,
      },
    });
  });

  test('lineColor channels given as decimal strings, as the docs show, become numbers', async () => {
    const { service, generator } = memoryService();
    const result = await handleCodeEvent('wxacode.get', { path: 'pages/a', lineColor: { r: '12', g: '0', b: '255' } }, service);
    expect(result.errCode).toBe(0);
    expect(generator.calls[0].params).toMatchObject({ lineColor: { r: 12, g: 0, b: 255 } });
  });

  test('the userInfo that wx.cloud.callFunction adds is not taken for a parameter', async () => {
    const { service, generator } = memoryService();
    const result = await handleCodeEvent('wxacode.createQRCode', { path: 'pages/a', userInfo: { appId: 'wx1', openId: 'o1' } }, service);
    expect(result.errCode).toBe(0);
    expect(generator.calls[0]).toEqual({ api: 'wxacode.createQRCode', params: { path: 'pages/a', width: 430 } });
  });

  test('a 32-character scene and a 128-byte createQRCode path are accepted (the limits are inclusive)', async () => {
    const { service, generator } = memoryService();
    expect((await handleCodeEvent('wxacode.getUnlimited', { scene: 'x'.repeat(32) }, service)).errCode).toBe(0);
    expect((await handleCodeEvent('wxacode.createQRCode', { path: 'p'.repeat(128) }, service)).errCode).toBe(0);
    expect(generator.calls).toHaveLength(2);
  });

  test('a get path of exactly 1024 bytes passes validation, in ASCII or in Chinese', () => {
    // checked on the rule itself: drawing a 1024-byte QR code in the memory generator is slow on a loaded machine
    for (const path of ['p'.repeat(1024), `pages/a?q=${'码'.repeat(338)}`]) {
      expect(Buffer.byteLength(path)).toBe(1024);
      expect(validateParams('wxacode.get', { path }).params).toMatchObject({ path });
    }
  });

  test('a 200-byte get path, refused before, is accepted; the same path for createQRCode is not', async () => {
    const { service, generator } = memoryService();
    const path = `pages/detail/detail?ref=${'a'.repeat(176)}`;
    expect(Buffer.byteLength(path)).toBe(200);
    expect((await handleCodeEvent('wxacode.get', { path }, service)).errCode).toBe(0);
    expect((await handleCodeEvent('wxacode.createQRCode', { path }, service)).errCode).toBe(40159);
    expect(generator.calls.map((call) => call.api)).toEqual(['wxacode.get']);
  });
});

describe("WeChat's 45009 on wxacode.get is the daily cap", () => {
  test('the errMsg keeps WeChat\'s words and says the cap resets the next day', async () => {
    const { service, generator } = memoryService();
    generator.failNext(45009, 'reach max api daily quota limit rid: 1-2-3');
    const result = await handleCodeEvent('wxacode.get', { path: 'pages/a', cache: false }, service);
    expect(result).toEqual({
      errCode: 45009,
      errMsg: expect.stringMatching(/^reach max api daily quota limit rid: 1-2-3\. wxacode.get makes at most 10,000 codes a day; the cap resets the next day/),
    });
  });

  test("getUnlimited's 45009 (per minute) gets no daily hint", async () => {
    const { service, generator } = memoryService();
    for (let i = 0; i < 5; i++) generator.failNext(45009, 'reach max api minute-freq limit');
    const result = await handleCodeEvent('wxacode.getUnlimited', { scene: 'a=1' }, service);
    expect(result.errCode).toBe(45009);
    expect((result as { errMsg: string }).errMsg).not.toMatch(/next day/);
  });
});
