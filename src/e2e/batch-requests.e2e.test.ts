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

let proxy: CountingProxy;
let fx: FunctionsEmulator;

beforeAll(async () => {
  proxy = await startCountingProxy();
  fx = await startFunctionsEmulator({
    functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN } },
    emulator: { functionsAdminUrl: proxy.adminUrl },
  });
  proxy.target(fx.emulator.adminUrl);
});
afterAll(async () => {
  await fx?.dispose();
  await proxy?.close();
});

function jobOf(jobId: string): Record<string, unknown> | undefined {
  return (fx.emulator.state.database.documents('wxacode_batch_jobs') ?? []).find((doc) => doc._id === jobId);
}

it(`a ${ITEMS}-item job costs at most 4 CloudBase requests an item, the upload and the job's bookkeeping included`, async () => {
  const items = Array.from({ length: ITEMS }, (_, i) => ({ label: `桌-${i}`, scene: `t=${i}` }));
  proxy.take();
  const reply = await httpRequest(`${fx.url}/api/wxacode/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ action: 'submit', items, defaults: { page: 'pages/index/index' } }),
  });
  const submitted = parseJsonReply('submit', reply);
  expect(submitted).toMatchObject({ errCode: 0, created: true });
  for (const until = Date.now() + 240_000; jobOf(submitted.jobId)?.state === 'running'; ) {
    if (Date.now() > until) throw new Error(`the job is still running: ${JSON.stringify(jobOf(submitted.jobId))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(jobOf(submitted.jobId)).toMatchObject({ state: 'done' });
  // the last worker's invocation may still be returning: let its requests arrive
  await new Promise((r) => setTimeout(r, 1500));
  const requests = proxy.take();
  const uploads = (fx.emulator.state.storage.list() ?? []).filter((f) => f.cloudPath.startsWith('wxacode/getUnlimited/')).length;
  expect(uploads).toBe(ITEMS);
  const perItem = (proxy.total(requests) + uploads) / ITEMS;
  console.log(JSON.stringify({ perItem, uploads, requests }));
  expect(perItem).toBeLessThanOrEqual(4);
}, 300_000);
