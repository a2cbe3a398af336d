/**
 * wxacodeBatch under an environment limit of 30 requests a second (WXACODE_EMULATOR_QPS=30), its share set the way it
 * is deployed: cloudbaserc.json's envVariables `"WXACODE_BATCH_QPS": "{{env.WXACODE_BATCH_QPS}}"`, filled from the
 * environment the emulator was started in. The job is watched through the emulator's state, so the test's own polling
 * costs nothing; what is counted is the refusals of the requests the function's own processes sent.
 */
import { httpRequest, parseJsonReply } from './loopback-http';
import { startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';

const TOKEN = 'tok_e2e_batch_qps_7d1e55';
const FN = 'wxacodeBatch';

/** POST /api/wxacode/batch as a client does: a call the HTTP access service refused for the QPS window (429) is sent again */
async function post(fx: FunctionsEmulator, body: unknown): Promise<Record<string, any>> {
  for (let attempt = 1; ; attempt++) {
    const reply = await httpRequest(`${fx.url}/api/wxacode/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    if (reply.status !== 429 || attempt === 5) return parseJsonReply('batch', reply);
    await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
  }
}

async function runJob(fx: FunctionsEmulator, scenePrefix: string) {
  const items = Array.from({ length: 100 }, (_, i) => ({ label: `桌-${i}`, scene: `${scenePrefix}=${i}` }));
  const submitted = await post(fx, { action: 'submit', items, defaults: { page: 'pages/index/index' } });
  const jobOf = () => (fx.emulator.state.database.documents('wxacode_batch_jobs') ?? []).find((doc) => doc._id === submitted.jobId);
  for (const until = Date.now() + 180_000; jobOf()?.state === 'running' && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
  // the last worker's invocation may still be returning: let its requests arrive
  await new Promise((r) => setTimeout(r, 1500));
  const statuses = (fx.emulator.state.database.documents('wxacode_batch_items') ?? []).filter((doc) => doc.jobId === submitted.jobId).map((doc) => doc.status);
  const usage = parseJsonReply('usage', await httpRequest(`${fx.url}/_emulator/usage`));
  return { submitted, job: jobOf(), statuses, refusedOwn: usage.byFunction[FN]?.refused.qps as number, refusedAll: usage.refused.qps as number };
}

describe.each([
  ['unset: the default share (350 a second) floods an environment of 30', undefined],
  // half the environment's 30: the pacer counts requests as they leave, CloudBase as they arrive, and on a loaded
  // machine a second's worth can arrive bunched (at 20 of 30, one request in 100 items was refused once under load)
  ['15 a second, from {{env.WXACODE_BATCH_QPS}}', '15'],
])('WXACODE_EMULATOR_QPS=30, WXACODE_BATCH_QPS %s', (_name, share) => {
  let fx: FunctionsEmulator;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.WXACODE_EMULATOR_QPS = '30';
    if (share) process.env.WXACODE_BATCH_QPS = share;
    else delete process.env.WXACODE_BATCH_QPS;
    fx = await startFunctionsEmulator({
      functionEnvByName: { [FN]: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_QPS: '{{env.WXACODE_BATCH_QPS}}' } },
    });
  });
  afterAll(async () => {
    await fx?.dispose();
    process.env = saved;
  });

  it('submit answers the job it created, and the 100-item job ends with every item made', async () => {
    const { submitted, job, statuses, refusedOwn, refusedAll } = await runJob(fx, share ? 'share' : 'flood');
    console.log(`[batch-qps] WXACODE_BATCH_QPS ${share ?? 'unset'}: ${refusedOwn} of the function's own requests refused (${refusedAll} in the environment)`);
    expect(submitted).toMatchObject({ errCode: 0, created: true, jobId: expect.stringMatching(/^job_/), job: { total: 100 }, cost: { cloudbaseQps: share ? Number(share) : 350 } });
    expect(job).toMatchObject({ state: 'done' });
    expect(statuses.filter((status) => status !== 'made' && status !== 'cached')).toEqual([]);
    expect(statuses).toHaveLength(100);
    // once its share is set the job keeps to it: none of its own requests is refused
    if (share) expect(refusedOwn).toBe(0);
  }, 200_000);
});
