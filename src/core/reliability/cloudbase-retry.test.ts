import { ErrCode, toWxacodeError } from '../errors';
import { CLOUDBASE_RETRY, CLOUDBASE_RETRY_MARGIN_MS, cloudbaseBackoffMs, sendWithinQps } from './cloudbase-retry';
import type { RetryEnvironment } from './retry-loop';

/** what wx-server-sdk rejects with: database requests errCode -501004, storage requests -1 with the TCB code kept */
const qpsRefusal = () => Object.assign(new Error('collection.get:fail -501004 exceed concurrent request limit.'), { errCode: -501004, errMsg: 'collection.get:fail -501004 exceed concurrent request limit.' });
const storageQpsRefusal = () => Object.assign(new Error('uploadFile:fail qps'), { errCode: -1, errMsg: 'uploadFile:fail qps', code: 'EXCEED_CONCURRENT_REQUEST_LIMIT' });
const monthRefusal = () => Object.assign(new Error('collection.get:fail -501003 exceed request limit.'), { errCode: -501003, errMsg: 'collection.get:fail -501003 exceed request limit.' });

/** virtual time: sleeping moves the clock, nothing waits */
function virtualTime(random: () => number = () => 0.5): RetryEnvironment & { t: number; sleeps: number[] } {
  const env = {
    t: 1_000_000,
    sleeps: [] as number[],
    now: () => env.t,
    random,
    sleep: async (ms: number) => {
      env.sleeps.push(ms);
      env.t += ms;
    },
  };
  return env;
}

/** a request refused `refusals` times, then answered; each try takes latencyMs of virtual time */
function request(env: { t: number }, refusals: number, latencyMs = 20, refusal = qpsRefusal) {
  const sentAt: number[] = [];
  return {
    sentAt,
    send: async () => {
      sentAt.push(env.t);
      env.t += latencyMs;
      if (sentAt.length <= refusals) throw refusal();
      return 'answer';
    },
  };
}

test('a refused request is sent again until it is answered, each try at least 1 s after the refusal', async () => {
  const env = virtualTime();
  const r = request(env, 3);
  await expect(sendWithinQps(r.send, { env })).resolves.toBe('answer');
  expect(r.sentAt).toHaveLength(4);
  for (let i = 1; i < r.sentAt.length; i++) expect(r.sentAt[i] - (r.sentAt[i - 1] + 20)).toBeGreaterThanOrEqual(1000);
});

test.each([
  ['a database request', qpsRefusal],
  ['a storage request', storageQpsRefusal],
])('attempts are bounded (%s): after 6 refusals it ends in -501004 saying how often and what to do', async (_name, refusal) => {
  const env = virtualTime();
  const r = request(env, 100, 20, refusal);
  const error = toWxacodeError(await sendWithinQps(r.send, { env }).catch((e: unknown) => e));
  expect(r.sentAt).toHaveLength(CLOUDBASE_RETRY.attempts);
  expect(CLOUDBASE_RETRY.attempts).toBe(6);
  expect(env.sleeps).toHaveLength(5);
  expect(error.errCode).toBe(ErrCode.CLOUDBASE_QPS_EXCEEDED);
  expect(error.errMsg).toMatch(/refused 6 times over \d+ s; the environment stayed at its QPS limit/);
  expect(error.errMsg).toContain('Try again in a second');
  expect(error.errMsg).toContain('WXACODE_BATCH_QPS');
});

test('the waits are at least 1 s, spread wider after each refusal (up to 5 s), and jittered so refused callers part', () => {
  for (const attempt of [1, 2, 3, 4, 5]) {
    const waits = Array.from({ length: 200 }, (_, i) => cloudbaseBackoffMs(attempt, CLOUDBASE_RETRY, () => i / 200));
    expect(Math.min(...waits)).toBe(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000 + Math.min(4000, 1000 * 2 ** (attempt - 1)));
    expect(new Set(waits).size).toBeGreaterThan(150);
  }
  expect(cloudbaseBackoffMs(1, CLOUDBASE_RETRY, () => 1)).toBe(2000);
  expect(cloudbaseBackoffMs(3, CLOUDBASE_RETRY, () => 1)).toBe(5000);
  expect(cloudbaseBackoffMs(6, CLOUDBASE_RETRY, () => 1)).toBe(5000);
});

test.each([
  ['-501003 (the month used up)', monthRefusal],
  ['-502001 (a duplicate key: the request was carried out)', () => Object.assign(new Error('duplicate key'), { errCode: -502001 })],
  ['-1 (a storage fault)', () => Object.assign(new Error('uploadFile:fail'), { errCode: -1, errMsg: 'uploadFile:fail' })],
  ['-502005 (no collection: the adapters create it)', () => Object.assign(new Error('collection not exists'), { errCode: -502005 })],
])('%s is not retried, and comes through as it was thrown', async (_name, refusal) => {
  const env = virtualTime();
  const thrown = refusal();
  const error = await sendWithinQps(async () => {
    throw thrown;
  }, { env }).catch((e: unknown) => e);
  expect(error).toBe(thrown);
  expect(env.sleeps).toEqual([]);
});

test("never past the invocation's deadline: no try is started that the wait and a try as slow as the slowest would carry past it", async () => {
  const env = virtualTime(() => 1);
  const deadline = env.t + 8000;
  const r = request(env, 100, 300);
  const error = toWxacodeError(await sendWithinQps(r.send, { env, deadline }).catch((e: unknown) => e));
  expect(error.errCode).toBe(-501004);
  expect(error.errMsg).toContain("another try would run past the function's time limit");
  // waits of 2 s then 3 s (random() = 1): tries at 0, 2.3 s, 5.6 s; a third wait of 5 s would end past 8 s - 1 s
  expect(r.sentAt.map((t) => t - 1_000_000)).toEqual([0, 2300, 5600]);
  expect(env.t).toBeLessThanOrEqual(deadline - CLOUDBASE_RETRY_MARGIN_MS);
});

test('a deadline already too close allows the first try only', async () => {
  const env = virtualTime();
  const r = request(env, 1);
  await expect(sendWithinQps(r.send, { env, deadline: env.t + 1500 })).rejects.toMatchObject({ errCode: -501004 });
  expect(r.sentAt).toHaveLength(1);
});
