import { MemoryCodeGenerator } from '../../adapters/memory/code-generator';
import { ErrCode, toWxacodeError } from '../errors';
import type { CodeRequest } from '../params/types';
import type { CodeImage } from '../params/types';
import type { CodeGenerator } from '../ports';
import { backoffMs, DEFAULT_RETRY, RetryingGenerator } from './retrying-generator';

const request: CodeRequest = { api: 'wxacode.createQRCode', params: { path: 'pages/a', width: 430 } };

function setup() {
  const inner = new MemoryCodeGenerator();
  const sleeps: number[] = [];
  const generator = new RetryingGenerator(inner, { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000 }, {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    now: () => 0,
  });
  return { inner, sleeps, generator };
}

test.each([ErrCode.SYSTEM_ERROR, ErrCode.MINUTE_RATE_LIMIT])('errCode %i is retried and then succeeds', async (errCode) => {
  const { inner, sleeps, generator } = setup();
  inner.failNext(errCode).failNext(errCode);
  const image = await generator.generate(request);
  expect(image.contentType).toBe('image/png');
  expect(inner.calls).toHaveLength(3);
  expect(sleeps).toHaveLength(2);
});

test('retries are bounded: the last error comes through after the set number of attempts', async () => {
  const { inner, generator } = setup();
  inner.failNext(-1, 'a').failNext(-1, 'b').failNext(-1, 'c').failNext(-1, 'd');
  await expect(generator.generate(request)).rejects.toMatchObject({ errCode: -1, errMsg: 'c' });
  expect(inner.calls).toHaveLength(3);
});

test.each([ErrCode.LIFETIME_QUOTA_REACHED, ErrCode.INVALID_PAGE, 40001, ErrCode.INVALID_SCENE, -604101])(
  'errCode %i cannot succeed on retry and is not retried',
  async (errCode) => {
    const { inner, sleeps, generator } = setup();
    inner.failNext(errCode);
    await expect(generator.generate(request)).rejects.toMatchObject({ errCode });
    expect(inner.calls).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  },
);

test('backoff grows exponentially, is jittered within its ceiling, and waits longer after 45009', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5000 };
  expect([1, 2, 3, 4].map((a) => backoffMs(a, -1, policy, () => 1))).toEqual([100, 200, 400, 800]);
  expect(backoffMs(3, -1, policy, () => 0)).toBe(0);
  expect(backoffMs(10, -1, policy, () => 1)).toBe(5000);
  expect(backoffMs(1, ErrCode.MINUTE_RATE_LIMIT, policy, () => 0)).toBe(1000);
});

test('45009 waits are jittered above the 1 s floor, so callers that failed together do not retry together', () => {
  for (const attempt of [1, 2]) {
    const waits = Array.from({ length: 200 }, (_, i) => backoffMs(attempt, ErrCode.MINUTE_RATE_LIMIT, DEFAULT_RETRY, () => i / 200));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
    expect(new Set(waits).size).toBeGreaterThan(150);
    expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThanOrEqual(900);
  }
});

test("wxacode.get's 45009 is its daily limit: not retried", async () => {
  const { inner, sleeps, generator } = setup();
  inner.failNext(ErrCode.DAILY_LIMIT, 'reach max api daily quota limit');
  const error = await generator.generate({ api: 'wxacode.get', params: { path: 'pages/a', width: 430 } } as never).catch((e) => e);
  expect(error).toMatchObject({ errCode: 45009, errMsg: 'reach max api daily quota limit' });
  expect(inner.calls).toHaveLength(1);
  expect(sleeps).toHaveLength(0);
});

test("getUnlimited's 45009 (per minute) is still retried", async () => {
  const { inner, generator } = setup();
  inner.failNext(ErrCode.MINUTE_RATE_LIMIT);
  await generator.generate({ api: 'wxacode.getUnlimited', params: { scene: 'a', width: 430 } } as never);
  expect(inner.calls).toHaveLength(2);
});

/** WeChat answering -1 after latencyMs of a fake clock */
function slowFailing(clock: { t: number }, latencyMs: number): CodeGenerator & { calls: number } {
  return {
    calls: 0,
    async generate(): Promise<CodeImage> {
      this.calls += 1;
      clock.t += latencyMs;
      throw Object.assign(new Error('system error'), { errCode: -1, errMsg: 'system error' });
    },
  };
}

test('retries stop with a clear error before the deadline: no attempt is started that would run past it', async () => {
  const clock = { t: 0 };
  const inner = slowFailing(clock, 8000);
  const generator = new RetryingGenerator(inner, DEFAULT_RETRY, { sleep: async (ms) => void (clock.t += ms), random: () => 0.5, now: () => clock.t });
  // a 20 s function, less the reserve kept for storing the code
  const error = await generator.generate(request, { deadline: 17_000 }).catch((e) => e);
  expect(inner.calls).toBe(2);
  expect(clock.t).toBeLessThanOrEqual(17_000);
  expect(error).toMatchObject({ errCode: -1 });
  expect(error.errMsg).toContain("another try would run past the function's time limit");
});

test('an attempt still unanswered at the deadline ends in -700502 rather than in the platform killing the function', async () => {
  const hanging: CodeGenerator = { generate: () => new Promise<CodeImage>(() => undefined) };
  const generator = new RetryingGenerator(hanging);
  await expect(generator.generate(request, { deadline: Date.now() + 30 })).rejects.toMatchObject({ errCode: ErrCode.UPSTREAM_TIMEOUT });
});

describe("CloudBase's limit refusals", () => {
  // what wx-server-sdk rejects with: database and cloud-call requests get -501003/-501004 from TCB_ERR_CODE, storage
  // requests errCode -1 with only the code string kept
  const refusals = [
    { errCode: -501003, errMsg: 'openapi.wxacode.getUnlimited:fail -501003 exceed request limit. quota used', code: 'EXCEED_REQUEST_LIMIT' },
    { errCode: -501004, errMsg: 'openapi.wxacode.getUnlimited:fail -501004 exceed concurrent request limit. qps', code: 'EXCEED_CONCURRENT_REQUEST_LIMIT' },
    { errCode: -1, errMsg: 'uploadFile:fail qps', code: 'EXCEED_CONCURRENT_REQUEST_LIMIT' },
    { errCode: -1, errMsg: 'uploadFile:fail quota used', code: 'EXCEED_REQUEST_LIMIT' },
  ];
  test.each(refusals)('$code as errCode $errCode is tried once, not retried like WeChat -1', async (refusal) => {
    const calls: CodeRequest[] = [];
    const sleeps: number[] = [];
    const inner: CodeGenerator = {
      async generate(req): Promise<CodeImage> {
        calls.push(req);
        throw Object.assign(new Error(refusal.errMsg), refusal);
      },
    };
    const generator = new RetryingGenerator(inner, DEFAULT_RETRY, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => 0 });
    const expected = refusal.code === 'EXCEED_REQUEST_LIMIT' ? ErrCode.CLOUDBASE_CALLS_EXHAUSTED : ErrCode.CLOUDBASE_QPS_EXCEEDED;
    const error = await generator.generate(request).catch((e: unknown) => e);
    expect(toWxacodeError(error)).toMatchObject({ errCode: expected });
    expect(toWxacodeError(error).errMsg).toContain(refusal.errMsg);
    expect(toWxacodeError(error).errMsg).toContain(expected === -501003 ? 'upgrade the plan' : 'WXACODE_BATCH_QPS');
    expect(calls).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
    // read back from a reply ({errCode, errMsg} as JSON), it is the same error, not one with the hint twice
    const again = toWxacodeError({ errCode: toWxacodeError(error).errCode, errMsg: toWxacodeError(error).errMsg });
    expect(again.errMsg).toBe(toWxacodeError(error).errMsg);
  });
});
