import { handleBatchRequest, restartStalledJobs, type BatchReply } from './batch-handler';
import type { JobStatus, ManifestRow } from './contract';
import { manifestCsv, parseItemsText } from './files';
import { memoryBatch, type MemoryBatch } from './testing/memory-batch';
import { runSlice } from './worker';
import { nextChinaMidnight } from '../links/link-caps';
import { parseScene, sceneQuery } from '../scene/codec';

const FAR = Number.MAX_SAFE_INTEGER;

async function call(b: MemoryBatch, body: Record<string, unknown>): Promise<BatchReply & Record<string, any>> {
  return b.time.run(handleBatchRequest(body, b.deps, FAR));
}

async function drain(b: MemoryBatch): Promise<void> {
  while (b.handedOn.length > 0) {
    const slices = b.handedOn.splice(0).map((jobId) => runSlice(b.deps, jobId, b.time.now + 60_000));
    await b.time.run(Promise.all(slices));
  }
}

async function status(b: MemoryBatch, jobId: string): Promise<JobStatus> {
  return (await call(b, { action: 'status', jobId })).job as JobStatus;
}

async function rows(b: MemoryBatch, jobId: string): Promise<ManifestRow[]> {
  const out: ManifestRow[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const reply = await call(b, { action: 'results', jobId, offset });
    out.push(...(reply.rows as ManifestRow[]));
    offset = reply.nextOffset as number | null;
  }
  return out;
}

describe('batches of links', () => {
  test('1,000 URL Links within 100 calls a second (the budget set higher): 0 failed, each row with its link and expiry', async () => {
    const b = memoryBatch({ workers: 2, lanes: 48, ratePerMinute: 20_000, cloudbaseQps: 5000 });
    const items = Array.from({ length: 1000 }, (_, i) => ({ label: `会员${i}`, query: `member=${i}&from=sms` }));
    const submitted = await call(b, { action: 'submit', api: 'urlLink', defaults: { path: 'pages/index/index', expireInterval: 30 }, items });
    expect(submitted).toMatchObject({ errCode: 0, created: true, cost: { requestsPerItemAtMost: 7, wechatCallsPerMinute: 6000 } });
    const started = b.time.now;
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 1000, failed: 0, remaining: 0 });
    expect(b.linkMaker.calls).toHaveLength(1000);
    expect(new Set(b.linkMaker.calls.map((c) => (c.params as { query: string }).query)).size).toBe(1000);
    // never more than 100 calls in a second of the shared budget
    const perSecond = new Map<number, number>();
    for (const s of b.slots.admitted) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(100);
    // and close to it: 1,000 at 100 a second take about 10 s of (virtual) time
    expect(b.time.now - started).toBeLessThan(14_000);
    const all = await rows(b, submitted.jobId);
    expect(all).toHaveLength(1000);
    expect(all[7]).toEqual({ label: '会员7', link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/T/), expiresAt: expect.stringMatching(/^2026-01-3\dT/), linkId: expect.stringMatching(/^[A-Za-z0-9_-]{11}$/), scene: '', sceneMode: '', fileID: '', status: 'made', errCode: 0, errMsg: '' });
    // the id the page passes to wxacodeResolveScene is the one in the link's query
    expect((b.linkMaker.calls.find((c) => (c.params as { query: string }).query.startsWith('member=7&')) as { params: { query: string } }).params.query).toBe(`member=7&from=sms&wxl=${all[7].linkId}`);
    expect(manifestCsv(all).split(/\r?\n/)[0]).toBe('\uFEFFlabel,link,expiresAt,linkId,scene,sceneMode,status,errCode,errMsg');
  });

  test('a job that meets the daily cap stops with its reason and resumes by itself the next China day', async () => {
    const b = memoryBatch({ workers: 1, lanes: 4, ratePerMinute: 600 }, { urlLinksAndSchemesPerDay: 30 });
    // the job starts at 20:00 China time
    b.time.now = Date.parse('2026-01-01T12:00:00Z');
    const items = Array.from({ length: 50 }, (_, i) => ({ label: `u${i}`, query: `u=${i}` }));
    const submitted = await call(b, { action: 'submit', api: 'urlScheme', items });
    await drain(b);
    const stopped = await status(b, submitted.jobId);
    expect(stopped).toMatchObject({ state: 'stopped', made: 30, failed: 0, remaining: 20 });
    expect(stopped.stoppedReason).toMatch(/^the day's 30 URL Links and URL Schemes .*generation resumes at 00:00 China time \(2026-01-02T00:00:00\+08:00, in 4 h 0 min\).*The job stopped here: the items not made are kept as pending, and the job resumes by itself after/);
    expect(b.linkMaker.calls).toHaveLength(30);
    // before midnight the hourly timer leaves it
    expect((await b.time.run(restartStalledJobs(b.deps))).resumed).toBeUndefined();
    b.time.now = nextChinaMidnight(b.time.now) + 60_000;
    expect((await b.time.run(restartStalledJobs(b.deps))).resumed).toEqual([submitted.jobId]);
    await drain(b);
    expect(await status(b, submitted.jobId)).toMatchObject({ state: 'done', made: 50, failed: 0, remaining: 0 });
    expect(b.linkMaker.calls).toHaveLength(50);
  });

  test("WeChat's own 44993 stops the job the same way, the item not failed", async () => {
    const b = memoryBatch({ workers: 1, lanes: 1, ratePerMinute: 600 });
    const submitted = await call(b, { action: 'submit', api: 'urlLink', items: [{ label: 'a', query: 'a=1' }, { label: 'b', query: 'b=1' }] });
    b.linkMaker.failNext(44993, 'reach max limit of scheme and url link');
    await drain(b);
    const job = await status(b, submitted.jobId);
    expect(job).toMatchObject({ state: 'stopped', failed: 0, remaining: 2 });
    expect(job.stoppedReason).toMatch(/^reach max limit of scheme and url link\. The day's 50万 .* The job stopped here/);
  });

  test('a CSV of label + query columns, or label + queryData columns', async () => {
    const b = memoryBatch({ workers: 1, lanes: 4, ratePerMinute: 600 });
    const byQuery = parseItemsText('label,query\n张三,member=1\n李四,member=2\n', 'csv');
    const byData = parseItemsText('label,shop,table:number\n桌1,北京朝阳店,1\n桌2,北京朝阳店,2\n', 'csv');
    const a = await call(b, { action: 'submit', api: 'shortLink', defaults: { page: 'pages/index/index' }, items: byQuery.items });
    const c = await call(b, { action: 'submit', api: 'urlLink', items: byData.items });
    await drain(b);
    expect(await rows(b, a.jobId)).toEqual([
      expect.objectContaining({ label: '张三', link: expect.stringMatching(/^#小程序:\/\//), status: 'made' }),
      expect.objectContaining({ label: '李四', status: 'made' }),
    ]);
    const dataRows = await rows(b, c.jobId);
    // short enough for the query itself: inline, read by the page with no call
    expect(dataRows.map((r) => r.sceneMode)).toEqual(['inline', 'inline']);
    expect(parseScene(dataRows[1].scene)).toMatchObject({ form: 'inline', data: { shop: '北京朝阳店', table: 2 } });
    expect(b.linkMaker.calls.slice(2).map((c) => (c.params as { query: string }).query.replace(/&wxl=[A-Za-z0-9_-]{11}$/, ''))).toEqual(dataRows.map((r) => sceneQuery(r.scene)));
  });

  test('items are checked as the link functions check their events, every problem with its line', async () => {
    const b = memoryBatch();
    const parsed = parseItemsText('label,query,expireInterval\nok,a=1,7\nbad,name=张三,7\nlong,a=1,31\n', 'csv');
    const reply = await call(b, { action: 'submit', api: 'urlLink', items: parsed.items, defaults: {} });
    expect(reply).toMatchObject({ errCode: -700201, problemCount: 2 });
    expect(reply.problems).toEqual([
      expect.objectContaining({ index: 1, label: 'bad', field: 'query', errCode: 40212 }),
      expect.objectContaining({ index: 2, label: 'long', field: 'expireInterval', errCode: 85401 }),
    ]);
    expect(b.linkMaker.calls).toHaveLength(0);
  });

  test('permanent Short Links are spent only with an allowance', async () => {
    const b = memoryBatch({ workers: 1, lanes: 2, ratePerMinute: 600 });
    const items = [{ label: 'p1', pageUrl: 'pages/index/index?p=1', isPermanent: true }, { label: 't1', pageUrl: 'pages/index/index?t=1' }];
    expect(await call(b, { action: 'submit', api: 'shortLink', items })).toMatchObject({ errCode: -700202, wouldSpend: 1, errMsg: expect.stringMatching(/10万 permanent links for good.*allowance: 1/) });
    const submitted = await call(b, { action: 'submit', api: 'shortLink', items, allowance: 1 });
    await drain(b);
    const out = await rows(b, submitted.jobId);
    expect(out.map((r) => [r.label, r.status, r.expiresAt === '' ? 'never' : 'expires'])).toEqual([
      ['p1', 'made', 'never'],
      ['t1', 'made', 'expires'],
    ]);
  });
});
