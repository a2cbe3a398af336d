/**
 * What a batch job costs in CloudBase requests, counted as cloudbase-requests.e2e.test.ts counts single codes: every
 * request the real SDK sends from the job's invocations (submit, workers, their hand-ons), plus one object upload per
 * code made. The job is watched through the emulator's state, so the test's own polling costs nothing.
 */
import { httpRequest, parseJsonReply } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { startCountingProxy, type CountingProxy } from './testing/counting-proxy';

const TOKEN = 'tok_e2e_batch_requests_4f2a9c';
const ITEMS = Number(process.env.WXACODE_TEST_BATCH_ITEMS ?? 1000);

async function withEmulator(env: Record<string, string>, emulatorEnv: Record<string, string> = {}): Promise<{ proxy: CountingProxy; fx: FunctionsEmulator }> {
  const proxy = await startCountingProxy();
  Object.assign(process.env, emulatorEnv);
  try {
    const fx = await startFunctionsEmulator({
      functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, ...env } },
      emulator: { functionsAdminUrl: proxy.adminUrl },
    });
    proxy.target(fx.emulator.adminUrl);
    return { proxy, fx };
  } finally {
    for (const name of Object.keys(emulatorEnv)) delete process.env[name];
  }
}

/** submits the items and waits, through the emulator's state, for the job to end */
async function runJob(fx: FunctionsEmulator, items: unknown[]): Promise<Record<string, unknown>> {
  const reply = await httpRequest(`${fx.url}/api/wxacode/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ action: 'submit', items, defaults: { page: 'pages/index/index' } }),
  });
  const submitted = parseJsonReply('submit', reply);
  expect(submitted).toMatchObject({ errCode: 0, created: true, cost: { requestsPerItemAtMost: 4, cloudbaseRequestsAtMost: items.length * 4 } });
  const jobOf = () => (fx.emulator.state.database.documents('wxacode_batch_jobs') ?? []).find((doc) => doc._id === submitted.jobId);
  for (const until = Date.now() + Number(process.env.WXACODE_TEST_JOB_WAIT_MS ?? 240_000); jobOf()?.state === 'running'; ) {
    if (Date.now() > until) {
      const statuses = itemsOfJob(fx, submitted.jobId).map((item) => `${item.status}:${item.errCode ?? ''}`);
      const usage = parseJsonReply('usage', await httpRequest(`${fx.url}/_emulator/usage`));
      throw new Error(`the job is still running: ${JSON.stringify(jobOf())}; usage ${JSON.stringify({ refused: usage.refused, byAction: usage.byAction })}; items ${JSON.stringify(statuses)}; log ${fx.functionLogs.slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // the last worker's invocation may still be returning: let its requests arrive
  await new Promise((r) => setTimeout(r, 1500));
  return { ...jobOf(), jobId: submitted.jobId };
}

function itemsOfJob(fx: FunctionsEmulator, jobId: string): Record<string, unknown>[] {
  return (fx.emulator.state.database.documents('wxacode_batch_items') ?? []).filter((doc) => doc.jobId === jobId);
}

let proxy: CountingProxy;
let fx: FunctionsEmulator;
afterEach(async () => {
  await fx?.dispose();
  await proxy?.close();
});

it(`a ${ITEMS}-item job costs at most 4 CloudBase requests an item, the upload and the job's bookkeeping included`, async () => {
  ({ proxy, fx } = await withEmulator({}));
  const items = Array.from({ length: ITEMS }, (_, i) => ({ label: `桌-${i}`, scene: `t=${i}` }));
  proxy.take();
  const job = await runJob(fx, items);
  expect(job).toMatchObject({ state: 'done' });
  const requests = proxy.take();
  const uploads = (fx.emulator.state.storage.list() ?? []).filter((f) => f.cloudPath.startsWith('wxacode/getUnlimited/')).length;
  expect(uploads).toBe(ITEMS);
  const perItem = (proxy.total(requests) + uploads) / ITEMS;
  console.log(JSON.stringify({ perItem, uploads, requests }));
  expect(perItem).toBeLessThanOrEqual(4);
}, 300_000);

it('within WXACODE_BATCH_QPS=20 under an environment limit of 30 (WXACODE_EMULATOR_QPS), a 100-item job ends with no item failed, at most 20 requests a second', async () => {
  ({ proxy, fx } = await withEmulator({ WXACODE_BATCH_QPS: '20' }, { WXACODE_EMULATOR_QPS: '30' }));
  const items = Array.from({ length: 100 }, (_, i) => ({ label: `桌-${i}`, scene: `q=${i}` }));
  proxy.take();
  const job = await runJob(fx, items);
  const times = proxy.times();
  const requests = proxy.take();
  expect(job).toMatchObject({ state: 'done' });
  const statuses = itemsOfJob(fx, String(job.jobId)).map((item) => item.status);
  expect(statuses.filter((status) => status !== 'made' && status !== 'cached')).toEqual([]);
  expect(statuses).toHaveLength(100);
  const seconds = (times[times.length - 1] - times[0]) / 1000;
  const perSecond = proxy.total(requests) / seconds;
  const refused = parseJsonReply('usage', await httpRequest(`${fx.url}/_emulator/usage`)).refused;
  console.log(JSON.stringify({ seconds, perSecond, total: proxy.total(requests), refused, requests }));
  expect(perSecond).toBeLessThanOrEqual(20);
}, 300_000);

it('a 200-link job (api urlLink) costs at most 7 CloudBase requests a link, the job\'s bookkeeping included, and ends with 0 failed', async () => {
  ({ proxy, fx } = await withEmulator({}));
  const items = Array.from({ length: 200 }, (_, i) => ({ label: `会员-${i}`, query: `member=${i}` }));
  proxy.take();
  const reply = await httpRequest(`${fx.url}/api/wxacode/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ action: 'submit', api: 'urlLink', items, defaults: { path: 'pages/index/index' } }),
  });
  const submitted = parseJsonReply('submit', reply);
  expect(submitted).toMatchObject({ errCode: 0, created: true, cost: { requestsPerItemAtMost: 7, cloudbaseRequestsAtMost: 1400 } });
  const jobOf = () => (fx.emulator.state.database.documents('wxacode_batch_jobs') ?? []).find((doc) => doc._id === submitted.jobId);
  for (const until = Date.now() + 120_000; jobOf()?.state === 'running'; ) {
    if (Date.now() > until) throw new Error(`the link job is still running: ${JSON.stringify(jobOf())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect(jobOf()).toMatchObject({ state: 'done' });
  const statuses = itemsOfJob(fx, submitted.jobId).map((item) => item.status);
  expect(statuses.filter((status) => status !== 'made')).toEqual([]);
  expect(itemsOfJob(fx, submitted.jobId).every((item) => typeof item.link === 'string' && /^https:\/\/wxaurl\.cn\//.test(item.link as string))).toBe(true);
  const requests = proxy.take();
  const perItem = proxy.total(requests) / items.length;
  console.log(JSON.stringify({ perItem, requests }));
  expect(perItem).toBeLessThanOrEqual(7);
}, 180_000);
