import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

/**
 * WeChat's current rules for path, width and get's daily cap, as a user of the built functions sees them through the
 * real wx-server-sdk: refused locally with WeChat's code where we can tell in advance, answered by the emulated
 * WeChat with the same code where only WeChat can tell.
 */
const USER = 'oRulesUser';
let emu: FunctionsEmulator;
beforeAll(async () => {
  // the emulator's own variable for get's daily cap (default 10000), set low so the test can reach it
  process.env.WXACODE_EMULATOR_GET_DAILY_CAP = '2';
  try {
    emu = await startFunctionsEmulator({ functionEnv: { WXACODE_RATE_LIMIT: 'off' } });
  } finally {
    delete process.env.WXACODE_EMULATOR_GET_DAILY_CAP;
  }
});
afterAll(() => emu?.dispose());
beforeEach(() => emu.reset());
afterEach(() => expect(emu.blocked()).toEqual([]));

const path200 = `pages/index/index?ref=${'a'.repeat(178)}`;

it('a 200-byte path makes a wxacode.get code (get allows 1024 bytes) whose image carries that path', async () => {
  expect(Buffer.byteLength(path200)).toBe(200);
  const result = await emu.result('wxacodeGet', { path: path200 }, USER);
  expect(result).toMatchObject({ errCode: 0, cached: false });
  expect(scannedPayload((await downloadImage(result.tempFileURL)).bytes)).toMatchObject({ api: 'wxacode.get', path: path200 });
});

it.each([
  ['40159: the same 200-byte path for createQRCode (128 bytes)', 'wxacodeCreateQRCode', { path: path200 }, 40159, /at most 128 bytes/],
  ['40159: an empty path', 'wxacodeGet', { path: '' }, 40159, /^path: must not be empty/],
  ['40159: a get path over 1024 bytes', 'wxacodeGet', { path: `pages/index/index?q=${'码'.repeat(340)}` }, 40159, /at most 1024 bytes/],
  ['40189: a get width out of range', 'wxacodeGet', { path: 'pages/index/index', width: 2000 }, 40189, /^width: /],
  ['40097: a createQRCode width out of range (its page lists no width code)', 'wxacodeCreateQRCode', { path: 'pages/index/index', width: 2000 }, 40097, /^width: /],
])('%s, refused before WeChat is called', async (_name, fn, event, errCode, message) => {
  expect(await emu.result(fn, event, USER)).toEqual({ errCode, errMsg: expect.stringMatching(message) });
  expect(await emu.wechatCalls()).toEqual([]);
});

it("get's daily cap: the third new code of the day answers 45009 saying it resets the next day; stored codes are still served", async () => {
  const first = await emu.result('wxacodeGet', { path: 'pages/index/index?n=1' }, USER);
  expect(first.errCode).toBe(0);
  expect((await emu.result('wxacodeGet', { path: 'pages/index/index?n=2' }, USER)).errCode).toBe(0);
  const capped = await emu.result('wxacodeGet', { path: 'pages/index/index?n=3' }, USER);
  expect(capped).toEqual({
    errCode: 45009,
    errMsg: expect.stringMatching(/reach max api daily quota limit.*the cap resets the next day/),
  });
  const calls = await emu.wechatCalls();
  expect(calls.filter((call) => call.errcode === 45009).length).toBeGreaterThan(0);
  expect(calls.filter((call) => call.errcode === 45009).every((call) => call.api === 'wxacode.get')).toBe(true);
  // the cap is on new codes: the stored one costs no WeChat call
  expect(await emu.result('wxacodeGet', { path: 'pages/index/index?n=1' }, USER)).toMatchObject({ errCode: 0, cached: true, fileID: first.fileID });
  // and getUnlimited has its own (per-minute) limit, untouched by get's day
  expect((await emu.result('wxacodeGetUnlimited', { scene: 'a=1' }, USER)).errCode).toBe(0);
});
