import { decodeImage } from './decode-image';
import { AUTO_COLOR } from './rules';
import { createWechatService, type WechatServiceOptions } from './service';
import type { WechatReply } from './types';

const PAGES = ['pages/index/index', 'pages/detail/detail', 'packageA/pages/cat'];
const RID = '[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}';

function setup(overrides: Partial<WechatServiceOptions> = {}) {
  const clock = { ms: 1_700_000_000_000 };
  const pages = [...PAGES];
  const service = createWechatService({ appPages: () => ({ pages }), now: () => clock.ms, ...overrides });
  const unlimited = (params: Record<string, unknown>) => service.call('wxacode.getUnlimited', params, 'cloud');
  const get = (params: Record<string, unknown>) => service.call('wxacode.get', params, 'https');
  const createQRCode = (params: Record<string, unknown>) => service.call('wxacode.createQRCode', params, 'cloud');
  return { service, clock, pages, unlimited, get, createQRCode };
}

function errcodeOf(reply: WechatReply): number {
  return reply.ok ? 0 : reply.errcode;
}

function image(reply: WechatReply) {
  if (!reply.ok) throw new Error(`expected an image, got ${reply.errcode} ${reply.errmsg}`);
  return decodeImage(reply.buffer);
}

describe('WeChat service: images', () => {
  it('answers getUnlimited with a 430 px JPEG carrying exactly the params WeChat received', async () => {
    const { unlimited } = setup();
    const params = { scene: 'id=42', page: 'pages/detail/detail', check_path: true, env_version: 'trial' };
    const reply = await unlimited(params);
    expect(reply.ok && reply.contentType).toBe('image/jpeg');
    const decoded = image(reply);
    expect(decoded.width).toBe(430);
    expect(JSON.parse(decoded.text!)).toEqual({ api: 'wxacode.getUnlimited', ...params });
  });

  it('answers get and createQRCode with images too', async () => {
    const { get, createQRCode } = setup();
    expect(JSON.parse(image(await get({ path: 'pages/index/index?x=1', env_version: 'develop' })).text!)).toEqual({
      api: 'wxacode.get',
      path: 'pages/index/index?x=1',
      env_version: 'develop',
    });
    expect(JSON.parse(image(await createQRCode({ path: 'anything/at/all', width: 300 })).text!)).toEqual({
      api: 'wxacode.createQRCode',
      path: 'anything/at/all',
      width: 300,
    });
  });

  it.each([
    [100, 280],
    [5000, 1280],
    [500.4, 500],
    ['500', 430],
    [null, 430],
  ])('clamps or defaults width %j to %i px, as WeChat does', async (width, expected) => {
    const { unlimited } = setup();
    const decoded = image(await unlimited({ scene: 'a', width }));
    expect([decoded.width, decoded.height]).toEqual([expected, expected]);
  });

  it('draws in line_color, given as numbers or decimal strings', async () => {
    const { unlimited } = setup();
    const dark = image(await unlimited({ scene: 'a', line_color: { r: '200', g: 40, b: '10' } })).darkPixel!;
    expect(Math.abs(dark.r - 200)).toBeLessThan(25);
    expect(Math.abs(dark.g - 40)).toBeLessThan(25);
    expect(Math.abs(dark.b - 10)).toBeLessThan(25);
  });

  it('draws in its own tone when auto_color is true, whatever line_color says', async () => {
    const { get } = setup();
    const dark = image(await get({ path: 'p', auto_color: true, line_color: { r: 255, g: 0, b: 0 } })).darkPixel!;
    expect(Math.abs(dark.r - AUTO_COLOR.r)).toBeLessThan(25);
    expect(Math.abs(dark.g - AUTO_COLOR.g)).toBeLessThan(25);
    expect(Math.abs(dark.b - AUTO_COLOR.b)).toBeLessThan(25);
  });

  it('answers a transparent PNG when is_hyaline is true', async () => {
    const { createQRCode } = setup();
    const reply = await createQRCode({ path: 'p', is_hyaline: true });
    expect(reply.ok && reply.contentType).toBe('image/png');
    const decoded = image(reply);
    expect(decoded.pixel(0, 0).a).toBe(0);
    expect(decoded.darkPixel!.a).toBe(255);
  });
});

describe('WeChat service: rules', () => {
  it.each([
    [{}, 40169],
    [{ scene: '' }, 40169],
    [{ scene: 'x'.repeat(33) }, 40169],
    [{ scene: 42 }, 40169],
    [{ scene: 'a b' }, 40129],
    [{ scene: 'id=%20' }, 40129],
    [{ scene: '中文' }, 40129],
    [{ scene: 'x'.repeat(32) }, 0],
    [{ scene: "!#$&'()*+,/:;=?@-._~" }, 0],
    [{ scene: 'a', page: '/pages/index/index' }, 41030],
    [{ scene: 'a', page: 'pages/index/index?id=1' }, 41030],
    [{ scene: 'a', page: 'pages/missing/missing' }, 41030],
    [{ scene: 'a', page: 7 }, 41030],
    [{ scene: 'a', page: 'pages/missing/missing', check_path: false }, 0],
    [{ scene: 'a', page: 'packageA/pages/cat' }, 0],
    [{ scene: 'a', page: '' }, 0],
    [{ scene: 'a', page: 'pages/index/index?scancode_time=1' }, 85096],
    [{ scene: 'a', env_version: 'release_error' }, 40097],
    [{ scene: 'a', env_version: 'trial' }, 0],
    [{ scene: 'a', check_path: 'false' }, 40097],
    [{ scene: 'a', is_hyaline: 1 }, 40097],
    [{ scene: 'a', auto_color: 'true' }, 40097],
    [{ scene: 'a', line_color: 'black' }, 40097],
    [{ scene: 'a', line_color: { r: 256, g: 0, b: 0 } }, 40097],
    [{ scene: 'a', line_color: { r: 0, g: '-1', b: 0 } }, 40097],
  ])('getUnlimited %j -> errcode %i', async (params, errcode) => {
    const { unlimited } = setup();
    expect(errcodeOf(await unlimited(params))).toBe(errcode);
  });

  it.each([
    // 获取小程序码 / 获取小程序二维码: 40159 for an empty or too-long path; get 1024 bytes, createQRCode 128
    ['wxacode.get', {}, 40159],
    ['wxacode.get', { path: '' }, 40159],
    ['wxacode.get', { path: 12 }, 40097],
    ['wxacode.get', { path: '中'.repeat(43) }, 0], // 129 bytes: fine for get
    ['wxacode.get', { path: 'p'.repeat(1024) }, 0],
    ['wxacode.get', { path: `p${'中'.repeat(341)}` }, 0], // 1024 bytes
    ['wxacode.get', { path: `pp${'中'.repeat(341)}` }, 40159], // 1025 bytes
    ['wxacode.get', { path: 'p'.repeat(1025) }, 40159],
    ['wxacode.createQRCode', { path: 'p'.repeat(128) }, 0],
    ['wxacode.createQRCode', { path: '中'.repeat(43) }, 40159], // 129 bytes
    ['wxacode.createQRCode', { path: '' }, 40159],
    ['wxacode.get', { path: 'pages/a?scancode_time=1' }, 85096],
    ['wxacode.get', { path: 'p', env_version: 'prod' }, 40097],
    ['wxacode.createQRCode', { path: 'p', env_version: 'prod' }, 0],
    ['wxacode.createQRCode', {}, 40159],
    ['wxacode.createQRCode', { path: 'a/scancode_time' }, 85096],
    // 获取小程序码 (wxacode.get) lists 40189 for width; createQRCode and getUnlimited clamp
    ['wxacode.get', { path: 'p', width: 279 }, 40189],
    ['wxacode.get', { path: 'p', width: 1281 }, 40189],
    ['wxacode.get', { path: 'p', width: '430' }, 40189],
    ['wxacode.get', { path: 'p', width: 300.5 }, 40189],
    ['wxacode.get', { path: 'p', width: 1280 }, 0],
    ['wxacode.createQRCode', { path: 'p', width: 100 }, 0],
  ])('%s %j -> errcode %i', async (api, params, errcode) => {
    const { service } = setup();
    expect(errcodeOf(await service.call(api, params, 'cloud'))).toBe(errcode);
  });

  it("words 40159 as createQRCode's failure example does", async () => {
    const { createQRCode } = setup();
    expect(await createQRCode({ path: '', width: 430 })).toEqual({
      ok: false,
      errcode: 40159,
      errmsg: expect.stringMatching(new RegExp(`^invalid length for path or the data is not json string rid: ${RID}$`)),
    });
  });

  it("words errmsg like WeChat, with a rid suffix", async () => {
    const { unlimited } = setup();
    const reply = await unlimited({ scene: 'a', page: 'pages/nope' });
    expect(reply).toEqual({ ok: false, errcode: 41030, errmsg: expect.stringMatching(new RegExp(`^invalid page rid: ${RID}$`)) });
    expect(await unlimited({ scene: '' })).toMatchObject({ errmsg: expect.stringMatching(/^invalid length for scene or thedata is not json string rid: /) });
    expect(await unlimited({ scene: 'a', page: 'scancode_time' })).toMatchObject({ errmsg: expect.stringMatching(/^not allow include scancode_time field rid: /) });
  });

  it('checks page against app.json as it is now', async () => {
    const { unlimited, pages } = setup();
    expect(errcodeOf(await unlimited({ scene: 'a', page: 'pages/new/new' }))).toBe(41030);
    pages.push('pages/new/new');
    expect(errcodeOf(await unlimited({ scene: 'a', page: 'pages/new/new' }))).toBe(0);
  });

  it('answers an unknown api with 48001 and non-object params with 47001, never throwing', async () => {
    const { service } = setup();
    expect(await service.call('wxacode.getSomething', { path: 'p' }, 'cloud')).toMatchObject({ errcode: 48001, errmsg: expect.stringMatching(/^api unauthorized rid: /) });
    expect(errcodeOf(await service.call('wxacode.get', null as never, 'cloud'))).toBe(47001);
    expect(errcodeOf(await service.call('wxacode.get', ['p'] as never, 'cloud'))).toBe(47001);
  });

  it('answers a broken app.json with system error and says why in the call log', async () => {
    const { service } = setup({ appPages: () => { throw new Error('app.json is not valid JSON'); } });
    expect(errcodeOf(await service.call('wxacode.getUnlimited', { scene: 'a', page: 'pages/x' }, 'cloud'))).toBe(-1);
    expect(service.calls()[0].reason).toMatch(/app.json is not valid JSON/);
  });

  it('caps distinct unpublished pages under check_path=false', async () => {
    const { unlimited } = setup({ unpublishedPageCap: 1 });
    expect(errcodeOf(await unlimited({ scene: 'a', page: 'pages/new1', check_path: false }))).toBe(0);
    expect(errcodeOf(await unlimited({ scene: 'b', page: 'pages/new1', check_path: false }))).toBe(0);
    expect(errcodeOf(await unlimited({ scene: 'a', page: 'pages/index/index', check_path: false }))).toBe(0);
    expect(errcodeOf(await unlimited({ scene: 'a', page: 'pages/new2', check_path: false }))).toBe(40097);
  });
});

describe('WeChat service: quota and rate', () => {
  it('lets get + createQRCode together make lifetimeQuota codes, then answers 45029; getUnlimited is not counted', async () => {
    const { get, createQRCode, unlimited } = setup({ lifetimeQuota: 2 });
    expect(errcodeOf(await get({ path: 'p' }))).toBe(0);
    expect(errcodeOf(await createQRCode({ path: 'p' }))).toBe(0);
    const refused = await get({ path: 'p' });
    expect(refused).toMatchObject({ errcode: 45029, errmsg: expect.stringMatching(/^reach max limit rid: /) });
    expect(errcodeOf(await createQRCode({ path: 'p' }))).toBe(45029);
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(0);
  });

  it('takes quota only for codes actually made', async () => {
    const { get, service } = setup({ lifetimeQuota: 1 });
    expect(errcodeOf(await get({ path: '' }))).toBe(40159);
    service.faults.set({ force45029: true });
    expect(errcodeOf(await get({ path: 'p' }))).toBe(45029);
    service.faults.set({ force45029: false });
    expect(errcodeOf(await get({ path: 'p' }))).toBe(0);
    expect(errcodeOf(await get({ path: 'p' }))).toBe(45029);
  });

  it('gives the last unit to one of two concurrent calls only', async () => {
    const { get } = setup({ lifetimeQuota: 1 });
    const codes = (await Promise.all([get({ path: 'a' }), get({ path: 'b' })])).map(errcodeOf).sort();
    expect(codes).toEqual([0, 45029]);
  });

  it('keeps the quota across reset() unless resetQuota', async () => {
    const { get, service } = setup({ lifetimeQuota: 1 });
    await get({ path: 'p' });
    service.reset();
    expect(errcodeOf(await get({ path: 'p' }))).toBe(45029);
    service.reset({ resetQuota: true });
    expect(errcodeOf(await get({ path: 'p' }))).toBe(0);
  });

  it('admits ratePerMinute getUnlimited calls per sliding minute, then answers 45009', async () => {
    const { unlimited, get, clock } = setup({ ratePerMinute: 2 });
    const start = clock.ms;
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(0);
    clock.ms = start + 30_000;
    expect(errcodeOf(await unlimited({ scene: '' }))).toBe(40169); // a refused call still used the gateway
    clock.ms = start + 59_999;
    expect(await unlimited({ scene: 'a' })).toMatchObject({ errcode: 45009, errmsg: expect.stringMatching(/^reach max api minute-freq limit rid: /) });
    expect(errcodeOf(await get({ path: 'p' }))).toBe(0);
    clock.ms = start + 60_000;
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(0);
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(45009);
  });

  it("caps wxacode.get at getDailyCap codes per Beijing day with a daily 45009, reset at midnight UTC+8", async () => {
    // 2023-11-14 15:00 UTC = 23:00 in Beijing
    const { get, createQRCode, unlimited, clock, service } = setup({ getDailyCap: 2 });
    clock.ms = Date.UTC(2023, 10, 14, 15, 0, 0);
    expect(errcodeOf(await get({ path: 'a' }))).toBe(0);
    expect(errcodeOf(await get({ path: '' }))).toBe(40159); // refused calls make no code and take no unit
    expect(errcodeOf(await get({ path: 'b' }))).toBe(0);
    const capped = await get({ path: 'c' });
    expect(capped).toEqual({ ok: false, errcode: 45009, errmsg: expect.stringMatching(new RegExp(`^reach max api daily quota limit rid: ${RID}$`)) });
    expect(service.calls().at(-1)?.reason).toMatch(/resets at midnight Beijing time, the next day/);
    // createQRCode and getUnlimited are not counted against get's day
    expect(errcodeOf(await createQRCode({ path: 'c' }))).toBe(0);
    expect(errcodeOf(await unlimited({ scene: 'c' }))).toBe(0);
    clock.ms = Date.UTC(2023, 10, 14, 15, 59, 59); // 23:59:59 in Beijing: still the same day
    expect(errcodeOf(await get({ path: 'c' }))).toBe(45009);
    clock.ms = Date.UTC(2023, 10, 14, 16, 0, 0); // midnight in Beijing
    expect(errcodeOf(await get({ path: 'c' }))).toBe(0);
  });

  it('forgets the minute window on reset()', async () => {
    const { unlimited, service } = setup({ ratePerMinute: 1 });
    await unlimited({ scene: 'a' });
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(45009);
    service.reset();
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(0);
  });

  it.each([
    [{ lifetimeQuota: -1 }, /lifetimeQuota/],
    [{ ratePerMinute: 1.5 }, /ratePerMinute/],
    [{ getDailyCap: -2 }, /getDailyCap/],
    [{ unpublishedPageCap: Number.NaN }, /unpublishedPageCap/],
    [{ faults: { systemErrorRate: 3 } }, /systemErrorRate/],
    [{ appPages: undefined }, /appPages/],
  ])('refuses bad options %j', (overrides, message) => {
    expect(() => setup(overrides as Partial<WechatServiceOptions>)).toThrow(message);
  });
});

describe('WeChat service: faults', () => {
  it('answers system error for the injected share of calls, deterministically', async () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const { unlimited } = setup({ faults: { systemErrorRate: 0.3 }, random: () => draws.shift()! });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(errcodeOf(await unlimited({ scene: 'a' })));
    expect(codes).toEqual([-1, 0, -1, 0]);
  });

  it('forces 45009 on getUnlimited only and 45029 on get/createQRCode only, switchable while running', async () => {
    const { service, unlimited, get, createQRCode } = setup();
    service.faults.set({ force45009: true });
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(45009);
    expect(errcodeOf(await get({ path: 'p' }))).toBe(0);
    service.faults.set({ force45009: false, force45029: true });
    expect(errcodeOf(await unlimited({ scene: 'a' }))).toBe(0);
    expect(errcodeOf(await get({ path: 'p' }))).toBe(45029);
    expect(errcodeOf(await createQRCode({ path: 'p' }))).toBe(45029);
  });

  it('waits latencyMs before answering', async () => {
    let release: () => void = () => undefined;
    const waited: number[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => { waited.push(ms); release = resolve; });
    const { service, unlimited } = setup({ sleep, faults: { latencyMs: 250 } });
    let answered = false;
    const pending = unlimited({ scene: 'a' }).then((reply) => { answered = true; return reply; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(waited).toEqual([250]);
    expect(answered).toBe(false);
    expect(service.calls()).toHaveLength(0);
    release();
    expect(errcodeOf(await pending)).toBe(0);
  });
});

describe('WeChat service: call log', () => {
  it('logs every call, refused or not, with what WeChat received', async () => {
    const { service, clock, unlimited, get } = setup({ lifetimeQuota: 0 });
    expect(service.calls()).toEqual([]);
    const params: Record<string, unknown> = { scene: 'a b' };
    await unlimited(params);
    params.scene = 'changed later';
    clock.ms += 1000;
    await get({ path: 'p' });
    await service.call('nope', {}, 'https');
    expect(service.calls()).toEqual([
      { api: 'wxacode.getUnlimited', params: { scene: 'a b' }, via: 'cloud', at: clock.ms - 1000, errcode: 40129, reason: expect.stringContaining('" "') },
      { api: 'wxacode.get', params: { path: 'p' }, via: 'https', at: clock.ms, errcode: 45029, reason: expect.any(String) },
      { api: 'nope', params: {}, via: 'https', at: clock.ms, errcode: 48001, reason: expect.stringContaining('unknown api') },
    ]);
    service.reset();
    expect(service.calls()).toEqual([]);
  });

  it('logs a success with errcode 0 and no reason', async () => {
    const { service, unlimited } = setup();
    await unlimited({ scene: 'ok' });
    expect(service.calls()).toEqual([{ api: 'wxacode.getUnlimited', params: { scene: 'ok' }, via: 'cloud', at: expect.any(Number), errcode: 0 }]);
  });
});
