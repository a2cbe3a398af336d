import { requestPacer } from './request-pacer';

test('at most perSecond requests in any 1000 ms, in the order asked, the later ones waiting only as long as needed', async () => {
  const env = { t: 0, now: () => env.t, sleep: async (ms: number) => void (env.t += ms) };
  const pace = requestPacer(5, env);
  const at: number[] = [];
  await Promise.all(Array.from({ length: 12 }, (_, i) => pace().then(() => at.push(env.t * 100 + i))));
  const times = at.map((x) => Math.floor(x / 100));
  const order = at.map((x) => x % 100);
  expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(times).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
});

test('a request after a quiet second goes at once', async () => {
  const env = { t: 0, now: () => env.t, sleep: async (ms: number) => void (env.t += ms) };
  const pace = requestPacer(2, env);
  await pace();
  await pace();
  env.t = 1500;
  await pace();
  expect(env.t).toBe(1500);
});
