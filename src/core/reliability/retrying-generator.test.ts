import { MemoryCodeGenerator } from '../../adapters/memory/code-generator';
import { ErrCode } from '../errors';
import type { CodeRequest } from '../params/types';
import { backoffMs, RetryingGenerator } from './retrying-generator';

const request: CodeRequest = { api: 'wxacode.createQRCode', params: { path: 'pages/a', width: 430 } };

function setup() {
  const inner = new MemoryCodeGenerator();
  const sleeps: number[] = [];
  const generator = new RetryingGenerator(inner, { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000 }, {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
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
