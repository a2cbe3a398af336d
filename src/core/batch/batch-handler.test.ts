import { handleCodeEvent } from '../handler/handle-code-event';
import { memoryService } from '../testing/memory-service';
import { handleBatchRequest, type BatchReply } from './batch-handler';
import type { BatchItem, JobStatus } from './contract';
import { memoryBatch, type MemoryBatch } from './testing/memory-batch';
import { runSlice } from './worker';

const FAR = Number.MAX_SAFE_INTEGER;

function table(n: number, from = 0): BatchItem[] {
  return Array.from({ length: n }, (_, i) => ({ label: `桌${from + i}`, scene: `t=${from + i}` }));
}

async function call(b: MemoryBatch, body: Record<string, unknown>): Promise<BatchReply & Record<string, any>> {
  return b.time.run(handleBatchRequest(body, b.deps, FAR));
}

/** runs the worker slices the job has handed on, one after another, until none is left */
async function drain(b: MemoryBatch, sliceMs = 60_000): Promise<void> {
  while (b.handedOn.length > 0) {
    const jobId = b.handedOn.shift() as string;
    await b.time.run(runSlice(b.deps, jobId, b.time.now + sliceMs));
  }
}

async function status(b: MemoryBatch, jobId: string): Promise<JobStatus> {
  const reply = await call(b, { action: 'status', jobId });
  expect(reply.errCode).toBe(0);
  return reply.job as JobStatus;
}

describe('submit: every item checked before anything is made', () => {
  test('every invalid item is reported with its index, field, errCode and the same message as the functions; nothing is submitted', async () => {
    const b = memoryBatch();
    const items = [
      { label: 'ok-1', scene: 'a=1' },
      { label: 'wide', scene: 'a=2', width: 100 },
      { label: 'bad/name', scene: 'a=3' },
      { label: 'ok-1', scene: 'a=4' },
      { label: 'pct', scene: 'id=50%' },
      { label: 'typo', scene: 'a=5', is_hyaline: true },
      { label: 'nowhere', scene: 'a=6', page: 'pages/admin/secret' },
    ];
    const reply = await call(b, { action: 'submit', items });
    expect(reply.errCode).toBe(-700201);
    expect(reply.problemCount).toBe(6);
    expect(reply.problems.map((p: any) => [p.index, p.field, p.errCode])).toEqual([
      [1, 'width', 40097],
      [2, 'label', 40097],
      [3, 'label', 40097],
      [4, 'scene', 40129],
      [5, 'is_hyaline', 40097],
      [6, 'page', -700104],
    ]);
    expect(reply.errMsg).toMatch(/^6 of 7 items are invalid, so nothing was submitted; the first: item 1 \(wide\): width: /);
    // the function's own message for the same parameters, word for word
    const { service } = memoryService();
    const direct = await handleCodeEvent('wxacode.getUnlimited', { scene: 'a=2', width: 100 }, service);
    expect(reply.problems[0].errMsg).toBe(direct.errMsg);
    expect(reply.problems[2].errMsg).toMatch(/must be unique in the job.*item 0/);
    expect(b.store.jobs.size).toBe(0);
    expect(b.generator.calls).toHaveLength(0);
  });

  test('a label garbled by a wrong encoding (U+FFFD) is refused, inline items too', async () => {
    const b = memoryBatch();
    const reply = await call(b, { action: 'submit', items: [{ label: '����-01', scene: 'a=1' }] });
    expect(reply.problems).toEqual([expect.objectContaining({ index: 0, field: 'label', errMsg: expect.stringMatching(/^label: must not contain U\+FFFD \(�\).*CSV UTF-8/) })]);
  });

  test('an itemsFileID in GBK is read exactly; one in no encoding is refused with its line', async () => {
    const b = memoryBatch();
    // 朝阳 in GBK, as Excel on Chinese Windows saves a CSV
    const gbk = Buffer.concat([Buffer.from('label,scene\n'), Buffer.from([0xb3, 0xaf, 0xd1, 0xf4]), Buffer.from(',t=1\n')]);
    const { fileID } = await b.deps.files.upload('lists/gbk.csv', { contentType: 'text/csv', buffer: gbk });
    const taken = await call(b, { action: 'submit', itemsFileID: fileID });
    expect(taken).toMatchObject({ errCode: 0, job: { total: 1 } });
    await drain(b);
    expect((await call(b, { action: 'results', jobId: taken.jobId })).rows.map((r: any) => r.label)).toEqual(['朝阳']);
    const { fileID: broken } = await b.deps.files.upload('lists/broken.csv', { contentType: 'text/csv', buffer: Buffer.from([0x6c, 0x61, 0x62, 0x65, 0x6c, 0x0a, 0xff, 0x0a]) });
    const refused = await call(b, { action: 'submit', itemsFileID: broken });
    expect(refused.errCode).toBe(-700201);
    expect(refused.problems[0]).toMatchObject({ line: 2, field: 'file', errMsg: expect.stringContaining('line 2, byte offset 6') });
  });

  test('a CSV file names the line of each invalid item, and skipInvalid makes the rest', async () => {
    const b = memoryBatch();
    const csv = ['label,scene,width', 'A1,t=1,430', 'A2,t=2,9999', '', 'A3,中文,430', 'A4,t=4,'].join('\n');
    const up = await call(b, { action: 'upload', uploadId: 'csv-upload-1', part: 0, text: csv, last: true, format: 'csv' });
    expect(up).toMatchObject({ errCode: 0, fileID: expect.stringMatching(/wxacode-batch\/uploads\/csv-upload-1\.csv$/) });

    const refused = await call(b, { action: 'submit', itemsFileID: up.fileID });
    expect(refused.errCode).toBe(-700201);
    expect(refused.problems.map((p: any) => [p.line, p.label, p.field, p.errCode])).toEqual([
      [3, 'A2', 'width', 40097],
      [5, 'A3', 'scene', 40129],
    ]);
    expect(refused.errMsg).toContain('the first: line 3 (A2): width: must be');

    const taken = await call(b, { action: 'submit', itemsFileID: up.fileID, skipInvalid: true });
    expect(taken).toMatchObject({ errCode: 0, created: true, job: { total: 2, state: 'running' } });
    expect(taken.skipped.map((p: any) => p.line)).toEqual([3, 5]);
    await drain(b);
    const rows = (await call(b, { action: 'results', jobId: taken.jobId })).rows;
    expect(rows.map((r: any) => [r.label, r.scene, r.status])).toEqual([
      ['A1', 't=1', 'made'],
      ['A4', 't=4', 'made'],
    ]);
  });

  test('the same job key is the same job: nothing is made again', async () => {
    const b = memoryBatch();
    const first = await call(b, { action: 'submit', jobKey: 'menu-2026', items: table(3) });
    await drain(b);
    const again = await call(b, { action: 'submit', jobKey: 'menu-2026', items: table(3) });
    expect(again).toMatchObject({ errCode: 0, jobId: first.jobId, created: false, job: { state: 'done', made: 3 } });
    expect(b.handedOn).toEqual([]);
    expect(b.generator.calls).toHaveLength(3);
  });
});

describe('get and createQRCode jobs spend the lifetime quota only with an allowance', () => {
  test('a get job says what it would spend and refuses to start without an allowance; cached codes cost nothing', async () => {
    const b = memoryBatch();
    const items = [0, 1, 2].map((i) => ({ label: `p${i}`, path: `pages/index/index?id=${i}` }));
    // one of them is in the cache already (made earlier by wxacodeGet)
    const warm = await call(b, { action: 'submit', api: 'get', items: items.slice(0, 1), allowance: 1 });
    await drain(b);
    expect(warm.errCode).toBe(0);
    expect(b.generator.calls).toHaveLength(1);

    const refused = await call(b, { action: 'submit', api: 'get', items });
    expect(refused).toMatchObject({ errCode: -700202, wouldSpend: 2 });
    expect(refused.errMsg).toContain("spending 2 of the app's lifetime quota of 100,000");
    expect(refused.errMsg).toContain("2 of get's 10,000 a day");
    expect(refused.errMsg).toContain('allowance: 2');
    const tooLittle = await call(b, { action: 'submit', api: 'get', items, allowance: 1 });
    expect(tooLittle).toMatchObject({ errCode: -700202, wouldSpend: 2 });
    expect(b.generator.calls).toHaveLength(1);

    const ok = await call(b, { action: 'submit', api: 'get', items, allowance: 2 });
    expect(ok.errCode).toBe(0);
    await drain(b);
    expect(await status(b, ok.jobId)).toMatchObject({ state: 'done', made: 2, cached: 1, failed: 0, remaining: 0 });
    expect(b.generator.calls.map((c) => c.api)).toEqual(['wxacode.get', 'wxacode.get', 'wxacode.get']);
  });

  test('createQRCode says only the lifetime quota; 45029 stops the job with its reason and keeps the rest pending', async () => {
    const b = memoryBatch({ lanes: 1 });
    const items = [0, 1, 2].map((i) => ({ label: `q${i}`, path: `pages/make/make?id=${i}` }));
    const refused = await call(b, { action: 'submit', api: 'createQRCode', items });
    expect(refused.errMsg).not.toContain('a day');
    b.generator.failNext(45029, 'reach max limit');
    const job = await call(b, { action: 'submit', api: 'createQRCode', items, allowance: 3 });
    await drain(b);
    const stopped = await status(b, job.jobId);
    expect(stopped).toMatchObject({ state: 'stopped', made: 0, failed: 0, remaining: 3 });
    expect(stopped.stoppedReason).toMatch(/45029.*lifetime quota of 100,000/);
    // more quota later: retryFailed resumes it
    await call(b, { action: 'retryFailed', jobId: job.jobId });
    await drain(b);
    expect(await status(b, job.jobId)).toMatchObject({ state: 'done', made: 3 });
  });
});

describe('submit under pressure: once the job exists, the reply names it', () => {
  const qpsRefusal = () => Object.assign(new Error('collection.count:fail -501004 exceed concurrent request limit.'), { errCode: -501004, errMsg: 'collection.count:fail -501004 exceed concurrent request limit.' });

  test('CloudBase refusing every count after the job is created: submit answers the job, its workers started after it was stored', async () => {
    const b = memoryBatch();
    const handedOnAt: string[] = [];
    const handOn = b.deps.handOn;
    b.deps.handOn = async (jobId) => {
      // the job is stored and running, all its items with it, before any worker starts
      handedOnAt.push(`${b.store.jobs.get(jobId)?.state}:${[...b.store.items.values()].filter((i) => i.jobId === jobId).length}`);
      return handOn(jobId);
    };
    const countItems = jest.spyOn(b.store, 'countItems').mockRejectedValue(qpsRefusal());
    const reply = await call(b, { action: 'submit', items: table(100) });
    expect(reply).toMatchObject({ errCode: 0, errMsg: 'ok', created: true, job: { jobId: reply.jobId, state: 'running', total: 100, remaining: 100 } });
    expect(reply.jobId).toMatch(/^job_/);
    expect(b.store.jobs.has(reply.jobId)).toBe(true);
    // submit's own requests end before its workers': it asks for no counts at all
    expect(countItems).not.toHaveBeenCalled();
    expect(handedOnAt).toEqual(Array(b.deps.settings.workers).fill('running:100'));

    // the same submit again while counts are still refused: the same job, not an error
    const again = await call(b, { action: 'submit', items: table(100) });
    expect(again).toMatchObject({ errCode: 0, jobId: reply.jobId, created: false, job: { total: 100 } });
    expect(again.errMsg).toMatch(/^ok: the job exists; its counts could not be read just now .*-501004.*ask status/);
    countItems.mockRestore();
    await drain(b);
    expect(await status(b, reply.jobId)).toMatchObject({ state: 'done', made: 100 });
  });

  test('items refused while being stored: the reply names the job and nothing runs; the same submit again finishes it, every item made once', async () => {
    const b = memoryBatch();
    const insertItems = jest.spyOn(b.store, 'insertItems').mockRejectedValueOnce(qpsRefusal());
    const reply = await call(b, { action: 'submit', items: table(30) });
    expect(reply.errCode).toBe(-501004);
    expect(reply.jobId).toMatch(/^job_/);
    expect(reply.errMsg).toContain(`Job ${reply.jobId} is created but not all of its 30 items could be stored yet`);
    expect(reply.errMsg).toContain('submit the same request again');
    expect(b.handedOn).toEqual([]);
    insertItems.mockRestore();

    const again = await call(b, { action: 'submit', items: table(30) });
    expect(again).toMatchObject({ errCode: 0, jobId: reply.jobId, created: true, job: { total: 30 } });
    expect(b.handedOn).toEqual(Array(b.deps.settings.workers).fill(reply.jobId));
    await drain(b);
    expect(await status(b, reply.jobId)).toMatchObject({ state: 'done', made: 30 });
    expect(b.generator.calls).toHaveLength(30);
  });
});

describe('workers', () => {
  test('two workers on one job make every item exactly once between them', async () => {
    const b = memoryBatch({ workers: 2, lanes: 3, ratePerMinute: 600 });
    const submitted = await call(b, { action: 'submit', items: table(60) });
    expect(b.handedOn).toEqual([submitted.jobId, submitted.jobId]);
    const [a, c] = b.handedOn.splice(0);
    const [one, two] = await b.time.run(Promise.all([runSlice(b.deps, a, FAR), runSlice(b.deps, c, FAR)]));
    expect(one.settled).toBeGreaterThan(0);
    expect(two.settled).toBeGreaterThan(0);
    expect(one.settled + two.settled).toBe(60);
    const scenes = b.generator.calls.map((c) => (c.params as { scene: string }).scene);
    expect(scenes).toHaveLength(60);
    expect(new Set(scenes).size).toBe(60);
    expect(b.files.uploads).toBe(60);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 60, remaining: 0 });
  });

  test('a worker killed mid-slice: its claims run out, another worker takes them over, nothing is made twice', async () => {
    const b = memoryBatch({ lanes: 4, claimTtlMs: 90_000 });
    const submitted = await call(b, { action: 'submit', items: table(20) });
    const jobId = b.handedOn.shift() as string;
    // the first worker dies (its process is gone) during its 7th WeChat call: from then on it does nothing at all
    let killed = false;
    let calls = 0;
    const hang = new Promise<never>(() => undefined);
    const dying = {
      ...b.deps,
      generator: { generate: (r: any) => (++calls >= 7 || killed ? ((killed = true), hang) : b.generator.generate(r)) },
      store: new Proxy(b.store, { get: (t, k) => (typeof (t as any)[k] === 'function' ? (...a: unknown[]) => (killed ? hang : (t as any)[k](...a)) : (t as any)[k]) }),
    };
    void runSlice(dying as typeof b.deps, jobId, FAR);
    await b.time.run(new Promise((r) => setTimeout(r, 50)));
    expect(killed).toBe(true);
    const held = [...b.store.items.values()].filter((i) => i.status === 'claimed');
    expect(held.length).toBeGreaterThan(0);

    const survivor = await b.time.run(runSlice(b.deps, jobId, FAR));
    expect(survivor.state).toBe('done');
    const final = await status(b, submitted.jobId);
    expect(final).toMatchObject({ state: 'done', failed: 0, remaining: 0 });
    // codes the dead worker had stored before it could record them on their items are found in the cache
    expect(final.made + final.cached).toBe(20);
    // one stored code per item, and WeChat answered each item once
    expect(b.files.uploads).toBe(20);
    const answered = b.generator.calls.map((c) => (c.params as { scene: string }).scene);
    expect(new Set(answered).size).toBe(20);
    expect(answered).toHaveLength(20);
  });

  test('the whole environment restarted: a re-submit or a status poll gives the stalled job workers again, once', async () => {
    const b = memoryBatch({ workers: 2, lanes: 2 });
    const items = table(6);
    const submitted = await call(b, { action: 'submit', items });
    b.handedOn.length = 0; // every worker died with the environment
    // a job that beat moments ago is working: asking about it starts nothing
    expect((await call(b, { action: 'submit', items })).created).toBe(false);
    await status(b, submitted.jobId);
    expect(b.handedOn).toEqual([]);
    await b.time.run(b.time.sleep(3 * 60_000));
    const again = await call(b, { action: 'submit', items });
    expect(again).toMatchObject({ errCode: 0, created: false, jobId: submitted.jobId });
    expect(b.handedOn).toEqual([submitted.jobId, submitted.jobId]);
    // the CLI polls status right after: the workers just started are not doubled
    await status(b, submitted.jobId);
    expect(b.handedOn).toHaveLength(2);
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 6, remaining: 0 });
    expect(b.generator.calls).toHaveLength(6);
  });

  test('a status poll restarts a stalled job too (the CLI only polls once it has submitted)', async () => {
    const b = memoryBatch();
    const submitted = await call(b, { action: 'submit', items: table(3) });
    b.handedOn.length = 0;
    await b.time.run(b.time.sleep(3 * 60_000));
    await status(b, submitted.jobId);
    expect(b.handedOn).toEqual([submitted.jobId]);
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 3 });
  });

  test('the hourly timer restarts a job left running with no worker', async () => {
    const b = memoryBatch();
    const submitted = await call(b, { action: 'submit', items: table(2) });
    b.handedOn.length = 0; // the hand-on was lost
    const { restartStalledJobs } = await import('./batch-handler');
    expect((await b.time.run(restartStalledJobs(b.deps))).restarted).toEqual([]);
    await b.time.run(b.time.sleep(6 * 60_000));
    expect((await b.time.run(restartStalledJobs(b.deps))).restarted).toEqual([submitted.jobId]);
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 2 });
  });
});

describe('the shared rate budget', () => {
  /** calls admitted per virtual second, and the most in any 60 s window */
  function perSecond(b: MemoryBatch): { counts: Map<number, number>; worstMinute: number } {
    const counts = new Map<number, number>();
    for (const s of b.slots.admitted) counts.set(s, (counts.get(s) ?? 0) + 1);
    const seconds = [...counts.keys()].sort((x, y) => x - y);
    let worstMinute = 0;
    for (const start of seconds) {
      let sum = 0;
      for (let s = start; s < start + 60; s++) sum += counts.get(s) ?? 0;
      worstMinute = Math.max(worstMinute, sum);
    }
    return { counts, worstMinute };
  }

  test('two jobs with two workers each never exceed the per-minute budget together, and use all of it', async () => {
    const b = memoryBatch({ workers: 2, lanes: 8, ratePerMinute: 120 });
    await call(b, { action: 'submit', jobKey: 'x', items: table(150) });
    await call(b, { action: 'submit', jobKey: 'y', items: table(150, 1000) });
    const started = b.time.now;
    const slices = b.handedOn.splice(0).map((jobId) => runSlice(b.deps, jobId, FAR));
    await b.time.run(Promise.all(slices));
    const { counts, worstMinute } = perSecond(b);
    expect(b.generator.calls).toHaveLength(300);
    expect(Math.max(...counts.values())).toBe(2); // 120 a minute is 2 a second
    expect(worstMinute).toBe(120);
    // 300 calls at 120 a minute take 150 s: the budget is used, not wasted (a few seconds of start and finish)
    expect(b.time.now - started).toBeLessThan(155_000);
    expect(b.time.now - started).toBeGreaterThanOrEqual(149_000);
  });

  test('cached codes cost no WeChat call and no budget', async () => {
    const b = memoryBatch({ ratePerMinute: 60 });
    await call(b, { action: 'submit', jobKey: 'first', items: table(5) });
    await drain(b);
    const before = b.slots.admitted.length;
    const second = await call(b, { action: 'submit', jobKey: 'second', items: table(5).map((i) => ({ ...i, label: `again-${i.label}` })) });
    await drain(b);
    expect(b.slots.admitted.length).toBe(before);
    expect(b.generator.calls).toHaveLength(5);
    expect(await status(b, second.jobId)).toMatchObject({ state: 'done', made: 0, cached: 5 });
  });

  test('45009 halves the job\'s share, no item fails with it, and the share grows back slowly', async () => {
    const b = memoryBatch({ lanes: 8, ratePerMinute: 600 });
    const submitted = await call(b, { action: 'submit', items: table(400) });
    for (let i = 0; i < 3; i++) b.generator.failNext(45009, 'reach max api minute limit');
    const started = b.time.now;
    await b.time.run(runSlice(b.deps, b.handedOn.shift() as string, FAR));
    const done = await status(b, submitted.jobId);
    expect(done).toMatchObject({ state: 'done', made: 400, failed: 0, failedByErrCode: {} });
    const { counts } = perSecond(b);
    const second0 = Math.floor(started / 1000);
    const inSecond = (k: number) => counts.get(second0 + k) ?? 0;
    expect(inSecond(0)).toBeLessThanOrEqual(10); // 600 a minute: 10 a second before the 45009s
    // right after: half the share (5 a second) for 30 s, then 10 % more every 30 s
    for (let k = 1; k < 30; k++) expect(inSecond(k)).toBeLessThanOrEqual(5);
    for (let k = 31; k < 60; k++) expect(inSecond(k)).toBeLessThanOrEqual(6);
    expect(Math.max(...[...counts.values()])).toBeLessThanOrEqual(10);
    const job = b.store.jobs.get(submitted.jobId);
    expect(job?.rateFactor).toBe(0.5);
    // 3 answered 45009 and were made again: 403 calls for 400 codes
    expect(b.generator.calls).toHaveLength(403);
  });
});

describe('faults', () => {
  test('-1 is retried; an item that keeps failing ends failed with its errCode, and retryFailed finishes it', async () => {
    const b = memoryBatch({ lanes: 1, maxAttempts: 3 });
    const submitted = await call(b, { action: 'submit', items: table(3) });
    b.generator.failScene('t=1', 3, -1, 'system error').failScene('t=2', 2, -1, 'system error');
    await drain(b);
    const after = await status(b, submitted.jobId);
    expect(after).toMatchObject({ state: 'done', made: 2, failed: 1, failedByErrCode: { '-1': 1 } });
    const rows = (await call(b, { action: 'results', jobId: submitted.jobId })).rows;
    expect(rows.find((r: any) => r.status === 'failed')).toMatchObject({ errCode: -1, errMsg: 'system error', fileID: '' });
    const retried = await call(b, { action: 'retryFailed', jobId: submitted.jobId });
    expect(retried.job).toMatchObject({ state: 'running', failed: 0, remaining: 1 });
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 3, failed: 0 });
    // t=1: 3 tries, then 1 after retryFailed; t=2: made on its 3rd try; t=0: once
    expect(b.generator.calls).toHaveLength(1 + 3 + 3 + 1);
  });

  test('a page WeChat refuses fails at once with WeChat\'s code, the others are made', async () => {
    const b = memoryBatch({ lanes: 1 });
    const submitted = await call(b, { action: 'submit', items: table(2) });
    b.generator.failNext(41030, 'invalid page rid: x');
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ made: 1, failed: 1, failedByErrCode: { '41030': 1 } });
    expect(b.generator.calls).toHaveLength(2);
  });
});

describe('cancel and results', () => {
  test('cancel stops a job: pending items are cancelled, made ones stay', async () => {
    const b = memoryBatch({ lanes: 1, ratePerMinute: 60 });
    const submitted = await call(b, { action: 'submit', items: table(10) });
    const jobId = b.handedOn.shift() as string;
    const slice = runSlice(b.deps, jobId, FAR);
    await b.time.run(b.time.sleep(3500));
    const cancelled = await call(b, { action: 'cancel', jobId });
    await b.time.run(slice);
    const job = await status(b, submitted.jobId);
    expect(job.state).toBe('cancelled');
    expect(job.made).toBeGreaterThan(0);
    expect(job.made).toBeLessThan(10);
    expect(cancelled.job.remaining).toBe(0);
    const rows = (await call(b, { action: 'results', jobId })).rows;
    expect(rows.filter((r: any) => r.status === 'cancelled')).toHaveLength(10 - job.made);
  });

  test('results pages through rows in item order with temporary URLs, and stores the manifest, a ZIP and a print sheet', async () => {
    const b = memoryBatch();
    const items = [{ label: '一号桌', sceneData: { table: 1, shop: '静安店' } }, ...table(2)];
    const submitted = await call(b, { action: 'submit', items });
    await drain(b);
    const page1 = await call(b, { action: 'results', jobId: submitted.jobId, limit: 2 });
    expect(page1.nextOffset).toBe(2);
    expect(page1.rows.map((r: any) => [r.label, r.sceneMode, r.status])).toEqual([
      ['一号桌', 'inline', 'made'],
      ['桌0', 'raw', 'made'],
    ]);
    expect(page1.rows[0].tempFileURL).toMatch(/^https:\/\/memory\.invalid\//);
    const page2 = await call(b, { action: 'results', jobId: submitted.jobId, offset: 2, manifest: true, zip: true, sheet: { columns: 2 } });
    expect(page2.nextOffset).toBeNull();
    expect(page2.rows).toHaveLength(1);
    const csv = (await b.files.download(page2.manifest.csvFileID)).toString('utf8');
    // a BOM first, so Excel reads the Chinese labels as UTF-8
    expect(csv.split(/\r?\n/)[0]).toBe('\uFEFFlabel,scene,sceneMode,fileID,status,errCode,errMsg');
    expect(csv).toContain('一号桌');
    const json = JSON.parse((await b.files.download(page2.manifest.jsonFileID)).toString('utf8'));
    expect(Array.isArray(json) ? json : json.rows ?? json.items).toHaveLength(3);
    expect((await b.files.download(page2.zip.fileID)).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await b.files.download(page2.sheet.fileID)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('unknown jobs and bad arguments get their own codes and name the field', async () => {
    const b = memoryBatch();
    expect(await call(b, { action: 'status', jobId: 'job_nope' })).toMatchObject({ errCode: -700203, errMsg: expect.stringContaining('jobId') });
    expect(await call(b, { action: 'launch' })).toMatchObject({ errCode: -700204, errMsg: expect.stringMatching(/^action: /) });
    expect(await call(b, { action: 'submit', api: 'getLimited', items: table(1) })).toMatchObject({ errCode: -700204, errMsg: expect.stringMatching(/^api: /) });
    // the API names are camelCase: a lower-cased one is pointed at its spelling
    expect(await call(b, { action: 'submit', api: 'urllink', items: table(1) })).toMatchObject({ errCode: -700204, errMsg: expect.stringMatching(/^api: .*received string "urllink"\. Did you mean urlLink\?$/) });
    expect(await call(b, { action: 'results', jobId: 'job_x', limit: 5000 })).toMatchObject({ errCode: -700203 });
    expect(await call(b, { action: 'upload', uploadId: 'short', part: 0, text: 'x', last: true })).toMatchObject({ errCode: -700204, errMsg: expect.stringMatching(/^uploadId: /) });
  });
});
