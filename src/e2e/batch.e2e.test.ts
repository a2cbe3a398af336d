/**
 * Issue 11: wxacodeBatch in the emulator, the real built bundle and the real wx-server-sdk, reached over its HTTP
 * access path as the CLI reaches it. Its workers hand on to each other through cloud.callFunction, claim items in the
 * emulated database and share the rate budget there, while WeChat answers -1 to 30 % of the calls.
 */
import { readSheet } from '../core/batch/files/testing/read-sheet';
import { downloadImage, scannedPayload, startFunctionsEmulator, type FunctionsEmulator } from './functions-emulator';
import { httpRequest, parseJsonReply } from './loopback-http';

const TOKEN = 'tok_e2e_batch_7c1d9e4a2b6f';
const ENDPOINT = '/api/wxacode/batch';
const ITEMS = 24;

let emu: FunctionsEmulator;
beforeAll(async () => {
  emu = await startFunctionsEmulator({
    // one try per item, so the 30 % of failing calls leave failed items for retryFailed to finish
    functionEnvByName: { wxacodeBatch: { WXACODE_HTTP_TOKENS: TOKEN, WXACODE_BATCH_ATTEMPTS: '1', WXACODE_BATCH_RATE: '600' } },
    emulator: { faults: { systemErrorRate: 0.3 } },
  });
});
afterAll(() => emu?.dispose());
afterEach(() => expect(emu.blocked()).toEqual([]));

async function batch(body: unknown, token: string | null = TOKEN): Promise<{ status: number; json: any }> {
  const reply = await httpRequest(`${emu.url}${ENDPOINT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: reply.status, json: parseJsonReply(`POST ${ENDPOINT}`, reply) };
}

/** polls status until the job leaves `running` (generous: the machine is shared) */
async function settled(jobId: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const { json } = await batch({ action: 'status', jobId });
    expect(json.errCode).toBe(0);
    if (json.job.state !== 'running') return json.job;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`job ${jobId} still running after 5 minutes`);
}

it('refuses callers without the token, and mini program users who are not admins', async () => {
  expect(await batch({ action: 'status', jobId: 'job_x' }, null)).toMatchObject({ status: 401, json: { errCode: -700101 } });
  expect(await batch({ action: 'status', jobId: 'job_x' }, 'wrong')).toMatchObject({ status: 403, json: { errCode: -700101 } });
  expect(await batch({ action: 'status', jobId: 'job_x' })).toMatchObject({ status: 404, json: { errCode: -700203 } });
  const fromUser = await emu.result('wxacodeBatch', { action: 'status', jobId: 'job_x' }, 'oSomeUser');
  expect(fromUser).toMatchObject({ errCode: -700101, errMsg: expect.stringContaining('WXACODE_ADMIN_OPENIDS') });
});

it('with 30 % of WeChat calls failing every item ends made or failed with its errCode, and retryFailed finishes the rest', async () => {
  const items = Array.from({ length: ITEMS }, (_, i) => ({ label: `table-${i}`, scene: `t=${i}` }));
  const submitted = await batch({ action: 'submit', items, defaults: { page: 'pages/index/index' } });
  expect(submitted).toMatchObject({ status: 200, json: { errCode: 0, created: true, job: { total: ITEMS } } });
  const jobId = submitted.json.jobId as string;

  const first = await settled(jobId);
  expect(first.state).toBe('done');
  expect(first.made + first.failed).toBe(ITEMS);
  expect(first.failed).toBeGreaterThan(0);
  expect(first.failedByErrCode).toEqual({ '-1': first.failed });
  const { json: firstResults } = await batch({ action: 'results', jobId });
  for (const row of firstResults.rows) {
    if (row.status === 'failed') expect(row).toMatchObject({ errCode: -1, errMsg: expect.stringMatching(/system error/i), fileID: '' });
    else expect(row).toMatchObject({ status: 'made', errCode: 0, fileID: expect.stringMatching(/^cloud:\/\//) });
  }

  await emu.setFaults({ systemErrorRate: 0 });
  const retried = await batch({ action: 'retryFailed', jobId });
  // the failed items are pending again (the workers it started may have made some already)
  expect(retried.json).toMatchObject({ errCode: 0, job: { failed: 0 } });
  expect(retried.json.job.remaining).toBeLessThanOrEqual(first.failed);
  const final = await settled(jobId);
  expect(final).toMatchObject({ state: 'done', made: ITEMS, failed: 0, remaining: 0 });

  // every code decodes to its item's scene, and WeChat made each once: the answered calls are one per item
  const { json: results } = await batch({ action: 'results', jobId });
  expect(results.rows.map((r: any) => r.label)).toEqual(items.map((i) => i.label));
  for (const [i, row] of results.rows.entries()) {
    expect(row).toMatchObject({ status: 'made', scene: `t=${i}`, sceneMode: 'raw' });
    expect(scannedPayload((await downloadImage(row.tempFileURL)).bytes)).toMatchObject({ scene: `t=${i}`, page: 'pages/index/index' });
  }
  const answered = (await emu.wechatCalls()).filter((c) => c.errcode === 0).map((c) => c.params.scene);
  expect(answered.sort()).toEqual(items.map((i) => i.scene).sort());
  expect((await emu.wechatCalls()).filter((c) => c.errcode === 45009)).toEqual([]);

  // the same items again: the same job, nothing made
  expect((await batch({ action: 'submit', items, defaults: { page: 'pages/index/index' } })).json).toMatchObject({ errCode: 0, jobId, created: false });
});

it('results hands out the manifest, a ZIP named by label and a print sheet made by the deployed bundle', async () => {
  await emu.setFaults({ systemErrorRate: 0 });
  const items = [{ label: '桌号-1', scene: 'table=1' }, { label: '桌号-2', scene: 'table=2' }];
  const { json: submitted } = await batch({ action: 'submit', items, defaults: { page: 'pages/index/index' } });
  expect(submitted.errCode).toBe(0);
  expect(await settled(submitted.jobId)).toMatchObject({ state: 'done', made: 2 });
  const { json } = await batch({ action: 'results', jobId: submitted.jobId, manifest: true, zip: true, sheet: true });
  expect(json).toMatchObject({ errCode: 0, manifest: { csvURL: expect.any(String), jsonURL: expect.any(String) }, zip: { url: expect.any(String) }, sheet: { url: expect.any(String) } });
  const download = async (url: string) => {
    const reply = await httpRequest(url);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  expect((await download(json.manifest.csvURL)).toString('utf8')).toContain('桌号-2');
  expect((await download(json.zip.url)).subarray(0, 2).toString('latin1')).toBe('PK');
  const sheet = readSheet(await download(json.sheet.url));
  expect(sheet.pages).toBe(1);
  expect(sheet.texts[0].join(' ')).toEqual(expect.stringMatching(/桌号-1.*桌号-2/));
  expect(sheet.images[0].map((png) => scannedPayload(png).scene)).toEqual(['table=1', 'table=2']);
});

it('its hourly timer (fired through the emulator) looks for stalled jobs and finds none while workers are alive', async () => {
  const reply = await httpRequest(`${emu.url}/_emulator/triggers/wxacodeBatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = parseJsonReply('POST /_emulator/triggers/wxacodeBatch', reply);
  expect(reply.status).toBe(200);
  expect(body).toMatchObject({ result: { errCode: 0, errMsg: 'ok', restarted: [] }, event: { Type: 'Timer', TriggerName: 'hourly' } });
});
