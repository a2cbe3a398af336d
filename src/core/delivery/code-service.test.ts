import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ErrCode } from '../errors';
import { handleCodeEvent } from '../handler/handle-code-event';
import { memoryService } from '../testing/memory-service';
import { cacheKey } from '../cache/cache-key';
import { validateParams } from '../validation/validate-params';
import { CodeService } from './code-service';
import type { FileDelivered } from './results';

function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}

describe('content-addressed delivery', () => {
  test('a code is stored, indexed, and its stored bytes decode to the request WeChat received', async () => {
    const { service, files, index } = memoryService();
    const result = (await handleCodeEvent('wxacode.getUnlimited', { scene: 'id=42', page: 'pages/index/index' }, service)) as FileDelivered;
    // the path says JPEG, as WeChat's non-transparent codes are (the memory generator draws PNGs)
    expect(result).toMatchObject({ errCode: 0, errMsg: 'ok', contentType: 'image/jpeg', cached: false });
    expect(result.fileID).toMatch(/^cloud:\/\/.+\/wxacode\/getUnlimited\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
    expect(result.tempFileURL).toContain(encodeURIComponent(result.fileID));
    const stored = files.files.get(result.fileID);
    expect(JSON.parse(decodeQr(stored!.buffer))).toMatchObject({ api: 'wxacode.getUnlimited', params: { scene: 'id=42', page: 'pages/index/index' } });
    expect([...index.records.values()].map((r) => r.cloudPath)).toEqual([result.fileID.replace(/^cloud:\/\/[^/]+\//, '')]);
  });

  test('a repeated request is served from the cache with zero WeChat calls', async () => {
    const { service, generator, files } = memoryService();
    const first = (await handleCodeEvent('wxacode.get', { path: 'pages/a?id=1' }, service)) as FileDelivered;
    const second = (await handleCodeEvent('wxacode.get', { path: 'pages/a?id=1' }, service)) as FileDelivered;
    expect(generator.calls).toHaveLength(1);
    expect(files.uploads).toBe(1);
    expect(second).toEqual({ ...first, cached: true });
  });

  test.each([
    ['wxacode.get', { path: 'p' }, { path: 'p', width: 430, autoColor: false, isHyaline: false, envVersion: 'release', lineColor: { b: 0, g: 0, r: 0 } }],
    ['wxacode.createQRCode', { path: 'p' }, { path: 'p', width: 430 }],
    ['wxacode.getUnlimited', { scene: 's' }, { scene: 's', width: 430, checkPath: true }],
    ['wxacode.get', { path: 'p', autoColor: true, lineColor: { r: 9, g: 9, b: 9 } }, { path: 'p', autoColor: true }],
  ] as const)('%s: %j and %j are one code', async (api, a, b) => {
    const { service, generator } = memoryService();
    const first = (await handleCodeEvent(api, a, service)) as FileDelivered;
    const second = (await handleCodeEvent(api, b, service)) as FileDelivered;
    expect(second.fileID).toBe(first.fileID);
    expect(second.cached).toBe(true);
    expect(generator.calls).toHaveLength(1);
  });

  test('different parameters are different codes', async () => {
    const { service, generator } = memoryService();
    const a = (await handleCodeEvent('wxacode.getUnlimited', { scene: 'a=1' }, service)) as FileDelivered;
    const b = (await handleCodeEvent('wxacode.getUnlimited', { scene: 'a=1', width: 431 }, service)) as FileDelivered;
    const c = (await handleCodeEvent('wxacode.getUnlimited', { scene: 'a=1', isHyaline: true }, service)) as FileDelivered;
    expect(new Set([a.fileID, b.fileID, c.fileID]).size).toBe(3);
    expect(c.fileID).toMatch(/\.png$/);
    expect(generator.calls).toHaveLength(3);
  });

  test('cache: false makes a fresh code and replaces the stored one in place', async () => {
    const { service, generator, files, index } = memoryService();
    const first = (await handleCodeEvent('wxacode.createQRCode', { path: 'p' }, service)) as FileDelivered;
    const fresh = (await handleCodeEvent('wxacode.createQRCode', { path: 'p', cache: false }, service)) as FileDelivered;
    expect(generator.calls).toHaveLength(2);
    expect(fresh).toMatchObject({ cached: false, fileID: first.fileID });
    expect(files.files.size).toBe(1);
    expect(index.records.size).toBe(1);
  });

  test("output: 'base64' returns the image and stores nothing", async () => {
    const { service, files, index } = memoryService();
    const result = await handleCodeEvent('wxacode.createQRCode', { path: 'pages/b', output: 'base64' }, service);
    expect(result).toMatchObject({ errCode: 0, errMsg: 'ok', contentType: 'image/png' });
    const { base64 } = result as { base64: string };
    expect(JSON.parse(decodeQr(Buffer.from(base64, 'base64')))).toMatchObject({ params: { path: 'pages/b' } });
    expect(files.files.size).toBe(0);
    expect(index.records.size).toBe(0);
  });

  test("output: 'base64' of a stored code reads storage instead of calling WeChat", async () => {
    const { service, generator } = memoryService();
    await handleCodeEvent('wxacode.get', { path: 'pages/c' }, service);
    const result = (await handleCodeEvent('wxacode.get', { path: 'pages/c', output: 'base64' }, service)) as { base64: string };
    expect(generator.calls).toHaveLength(1);
    expect(JSON.parse(decodeQr(Buffer.from(result.base64, 'base64')))).toMatchObject({ params: { path: 'pages/c' } });
  });
});

describe('failures', () => {
  test("WeChat's errors keep their own code and message, and nothing is stored", async () => {
    const { service, generator, files, index } = memoryService();
    generator.failNext(45029, 'openapi.wxacode.get:fail reach max limit rid: 1');
    const result = await handleCodeEvent('wxacode.get', { path: 'p' }, service);
    expect(result).toEqual({ errCode: 45029, errMsg: 'openapi.wxacode.get:fail reach max limit rid: 1' });
    expect(files.files.size).toBe(0);
    expect(index.records.size).toBe(0);
  });

  test('an error body that arrives as "image" bytes is never stored as an image', async () => {
    const { service, generator, files, index } = memoryService();
    generator.replyNext({ contentType: 'image/jpeg', buffer: Buffer.from('{"errcode":41030,"errmsg":"invalid page"}') });
    const result = await handleCodeEvent('wxacode.getUnlimited', { scene: 'a' }, service);
    expect(result.errCode).toBe(ErrCode.UPSTREAM_BAD_REPLY);
    expect(result.errMsg).toMatch(/not a JPEG or PNG image.*errcode.*nothing was stored/);
    expect(files.files.size).toBe(0);
    expect(index.records.size).toBe(0);
  });

  test('a failed upload leaves no cache record, and the retry makes the code', async () => {
    const { service, generator, files, index } = memoryService();
    files.failNextUploads(1);
    const failed = await handleCodeEvent('wxacode.getUnlimited', { scene: 'a' }, service);
    expect(failed).toEqual({ errCode: -1, errMsg: 'uploadFile:fail storage unavailable' });
    expect(index.records.size).toBe(0);
    const retried = await handleCodeEvent('wxacode.getUnlimited', { scene: 'a' }, service);
    expect(retried).toMatchObject({ errCode: 0, cached: false });
    expect(generator.calls).toHaveLength(2);
  });

  test('a failure right after the upload costs no second WeChat call on retry: the stored file is the code', async () => {
    const { service, generator, files, index } = memoryService();
    files.failNextTemporaryUrls(1);
    const crashed = await handleCodeEvent('wxacode.get', { path: 'pages/quota' }, service);
    expect(crashed.errCode).toBe(-1);
    expect(files.files.size).toBe(1);
    const retried = (await handleCodeEvent('wxacode.get', { path: 'pages/quota' }, service)) as FileDelivered;
    expect(retried).toMatchObject({ errCode: 0, cached: true, fileID: [...files.files.keys()][0] });
    expect(generator.calls).toHaveLength(1);
    expect(index.records.size).toBe(1);
  });

  test('identical requests in flight at once share one WeChat call', async () => {
    const { service, generator, files } = memoryService();
    const results = await Promise.all(Array.from({ length: 20 }, () => handleCodeEvent('wxacode.get', { path: 'pages/hot' }, service)));
    expect(generator.calls).toHaveLength(1);
    expect(files.uploads).toBe(1);
    expect(new Set(results.map((r) => (r as FileDelivered).fileID)).size).toBe(1);
  });
});

describe('identical requests in different instances', () => {
  function twoInstances() {
    const shared = memoryService();
    const options = { claimPollMs: 5, claimWaitMs: 2000 };
    const other = new CodeService({ generator: shared.generator, files: shared.files, index: shared.index, ...options });
    const first = new CodeService({ generator: shared.generator, files: shared.files, index: shared.index, ...options });
    return { ...shared, first, other };
  }

  test('share one WeChat call: the second instance waits for the first one\'s record', async () => {
    const { first, other, generator, files } = twoInstances();
    const results = (await Promise.all([
      handleCodeEvent('wxacode.get', { path: 'pages/shared' }, first),
      handleCodeEvent('wxacode.get', { path: 'pages/shared' }, other),
    ])) as FileDelivered[];
    expect(generator.calls).toHaveLength(1);
    expect(files.uploads).toBe(1);
    expect(results.map((r) => r.cached).sort()).toEqual([false, true]);
    expect(results[0].fileID).toBe(results[1].fileID);
  });

  test('a failed attempt releases its claim, so the next request makes the code at once', async () => {
    const { first, other, generator, index } = twoInstances();
    generator.failNext(45029, 'reach max limit');
    expect((await handleCodeEvent('wxacode.get', { path: 'pages/x' }, first)).errCode).toBe(45029);
    expect(index.records.size).toBe(0);
    expect(await handleCodeEvent('wxacode.get', { path: 'pages/x' }, other)).toMatchObject({ errCode: 0, cached: false });
  });

  test('a claim left by an instance that died is taken over once stale', async () => {
    const { first, index, generator } = twoInstances();
    // an instance claimed the code 31 s ago and never finished
    index.plantClaim(cacheKey(validateParams('wxacode.get', { path: 'pages/dead' })), Date.now() - 31_000);
    expect(await handleCodeEvent('wxacode.get', { path: 'pages/dead' }, first)).toMatchObject({ errCode: 0, cached: false });
    expect(generator.calls).toHaveLength(1);
  });

  test('a live claim that never becomes a record ends in a clear error, with no WeChat call here', async () => {
    const { first, index, generator } = twoInstances();
    index.plantClaim(cacheKey(validateParams('wxacode.get', { path: 'pages/stuck' })), Date.now());
    const result = await handleCodeEvent('wxacode.get', { path: 'pages/stuck' }, first);
    expect(result).toEqual({ errCode: ErrCode.CODE_IN_PROGRESS, errMsg: expect.stringMatching(/another request has been making this same code.*Try again in a few seconds/) });
    expect(generator.calls).toHaveLength(0);
  });
});

test('when the instance making a code fails, an instance waiting on it takes over at once', async () => {
  const shared = memoryService();
  const options = { claimPollMs: 5, claimWaitMs: 60_000 };
  const a = new CodeService({ generator: shared.generator, files: shared.files, index: shared.index, ...options });
  const b = new CodeService({ generator: shared.generator, files: shared.files, index: shared.index, ...options });
  shared.generator.failNext(-1, 'system error');
  const results = await Promise.all([
    handleCodeEvent('wxacode.createQRCode', { path: 'pages/flaky' }, a),
    handleCodeEvent('wxacode.createQRCode', { path: 'pages/flaky' }, b),
  ]);
  expect(results.map((r) => r.errCode).sort()).toEqual([-1, 0]);
  expect(shared.generator.calls).toHaveLength(2);
});
