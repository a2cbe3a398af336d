import type { RetryEnvironment } from '../../core/reliability/retry-loop';
import type { CloudSdk } from './cloud';
import { requestPacer } from '../../core/reliability/request-pacer';
import { qpsRetry, withQpsRetry } from './cloudbase-requests';
import { currentInvocationEnd, inInvocation } from './invocation';

const refusal = () => Object.assign(new Error('-501004 exceed concurrent request limit.'), { errCode: -501004, errMsg: 'collection.get:fail -501004 exceed concurrent request limit.' });

function virtualTime(): RetryEnvironment & { t: number } {
  const env = { t: 0, now: () => env.t, random: () => 0.5, sleep: async (ms: number) => void (env.t += ms) };
  return env;
}

/** requests by name, each refused `refusals` times first; the SDK's builders are immutable, as @cloudbase/database's */
function fakeSdk(refusals: number) {
  const sent: string[] = [];
  const answer = (name: string) => async () => {
    sent.push(name);
    if (sent.filter((s) => s === name).length <= refusals) throw refusal();
    return { data: [{ _id: 'a' }], stats: { updated: 1 } };
  };
  const command = { inc: (n: number) => ({ $inc: n }) };
  const query = (path: string): Record<string, unknown> => ({
    where: (q: unknown) => query(`${path}.where(${JSON.stringify(q)})`),
    limit: (n: number) => query(`${path}.limit(${n})`),
    get: answer(`${path}.get`),
    update: answer(`${path}.update`),
    count: answer(`${path}.count`),
  });
  // openapi as wx-server-sdk builds it: callable proxies all the way down
  const callable = (paths: string[]): unknown =>
    new Proxy(function () {}, {
      get: (_t, prop) => callable([...paths, String(prop)]),
      apply: (_t, _this, args) => answer(`openapi.${paths.join('.')}(${JSON.stringify(args[0])})`)(),
    });
  const sdk = {
    openapi: callable([]),
    uploadFile: answer('uploadFile'),
    getTempFileURL: answer('getTempFileURL'),
    downloadFile: answer('downloadFile'),
    callFunction: answer('callFunction'),
    getWXContext: () => ({ OPENID: 'o' }),
    database: () => ({ collection: (name: string) => query(name), createCollection: answer('createCollection'), command, serverDate: () => 'now' }),
  } as unknown as CloudSdk;
  return { sdk, sent, command };
}

test('every kind of request the adapters send is sent again after -501004, and answered', async () => {
  const env = virtualTime();
  const { sdk, sent } = fakeSdk(2);
  const cloud = withQpsRetry(sdk, qpsRetry({ env }, () => undefined));
  const db = cloud.database();
  await expect(db.collection('jobs').where({ _id: 'a' }).limit(1).get()).resolves.toMatchObject({ data: [{ _id: 'a' }] });
  await db.collection('jobs').where({ state: 'running' }).update({ data: {} });
  await db.createCollection('jobs');
  await cloud.uploadFile({ cloudPath: 'a.png', fileContent: Buffer.from('x') });
  await cloud.getTempFileURL({ fileList: ['cloud://a'] });
  await cloud.downloadFile({ fileID: 'cloud://a' });
  await cloud.callFunction({ name: 'wxacodeBatch', data: {} });
  await cloud.openapi.wxacode.getUnlimited({ scene: 'a=1' });
  const counts = sent.reduce<Record<string, number>>((c, name) => ({ ...c, [name]: (c[name] ?? 0) + 1 }), {});
  expect(counts).toEqual({
    'jobs.where({"_id":"a"}).limit(1).get': 3,
    'jobs.where({"state":"running"}).update': 3,
    createCollection: 3,
    uploadFile: 3,
    getTempFileURL: 3,
    downloadFile: 3,
    callFunction: 3,
    'openapi.wxacode.getUnlimited({"scene":"a=1"})': 3,
  });
});

test("values are not requests: the database's command and serverDate are the SDK's own, and builders are not sent", async () => {
  const { sdk, sent, command } = fakeSdk(0);
  const db = withQpsRetry(sdk, qpsRetry({ env: virtualTime() }, () => undefined)).database();
  expect(db.command).toBe(command);
  expect(db.serverDate()).toBe('now');
  db.collection('jobs').where({ a: 1 }).limit(5);
  expect(sent).toEqual([]);
});

test("the retries of a request stop at the time limit of the invocation that sent it", async () => {
  const env = virtualTime();
  const { sdk, sent } = fakeSdk(100);
  const cloud = withQpsRetry(sdk, qpsRetry({ env }));
  let end = 0;
  // SCF's context: a 10 s function; the virtual clock starts at its start
  const error = await inInvocation({ time_limit_in_ms: 10_000 }, async () => {
    env.t = Date.now();
    end = currentInvocationEnd() ?? 0;
    expect(end - env.t).toBeGreaterThanOrEqual(9_900);
    return cloud.database().collection('jobs').where({}).get().catch((e: unknown) => e);
  });
  expect(error).toMatchObject({ errCode: -501004 });
  expect((error as { errMsg: string }).errMsg).toContain("another try would run past the function's time limit");
  // waits of 1.5, 2 and 3 s fit before the end less the 1 s kept for answering; a fourth of 3 s would not
  expect(sent).toHaveLength(4);
  expect(env.t).toBeLessThanOrEqual(end - 1000);
  expect(currentInvocationEnd()).toBeUndefined();
});

test("a paced invocation's requests wait for room first, tries and retries alike, and never more than the pace in any second", async () => {
  const env = virtualTime();
  const { sdk, sent } = fakeSdk(1);
  const at: number[] = [];
  const pace = requestPacer(3, env);
  const cloud = withQpsRetry(sdk, qpsRetry({ env }, () => undefined, () => async () => {
    await pace();
    at.push(env.t);
  }));
  const db = cloud.database();
  await Promise.all(Array.from({ length: 4 }, (_, i) => db.collection('items').where({ i }).count()));
  // 4 requests, each refused once: 8 sends, paced 3 to a second
  expect(sent).toHaveLength(8);
  expect(at).toHaveLength(8);
  for (const t of at) expect(at.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(3);
});
