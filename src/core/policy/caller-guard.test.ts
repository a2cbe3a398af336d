import { MemoryCodeGenerator } from '../../adapters/memory/code-generator';
import { MemoryCodeIndex } from '../../adapters/memory/code-index';
import { MemoryFileStore } from '../../adapters/memory/file-store';
import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { CodeService } from '../delivery/code-service';
import { ErrCode } from '../errors';
import { handleCodeEvent } from '../handler/handle-code-event';
import { memoryService } from '../testing/memory-service';
import { CallerGuard } from './caller-guard';
import { DEFAULT_POLICY, type CallerPolicy } from './policy';
import { readPolicy } from './read-policy';

const PAGES = ['pages/index/index', 'pages/make/make', 'shop/pages/item'];

/** openid null: a caller without OPENID */
function setup(policy: Partial<CallerPolicy> = {}, openid: string | null = 'oUser') {
  const memory = memoryService();
  const counter = new MemoryRateCounter();
  let now = 1_700_000_000_000;
  const clock = { now: () => now };
  const full: CallerPolicy = { ...DEFAULT_POLICY, allowedPages: PAGES, ...policy };
  const guardFor = (who: string | null) => new CallerGuard(full, () => ({ openid: who ?? undefined }), counter, clock);
  const call = (api: Parameters<typeof handleCodeEvent>[0], event: unknown, who: string | null = openid) =>
    handleCodeEvent(api, event, memory.service, { guard: guardFor(who) });
  return { ...memory, counter, call, advance: (ms: number) => (now += ms) };
}

describe('pages', () => {
  test.each([
    ['wxacode.get', { path: 'pages/secret/admin?id=1' }, 'path', 'pages/secret/admin'],
    ['wxacode.createQRCode', { path: 'pages/nope' }, 'path', 'pages/nope'],
    ['wxacode.getUnlimited', { scene: 'a=1', page: 'pages/other/other', checkPath: false }, 'page', 'pages/other/other'],
  ] as const)('%s to a page outside app.json is refused without a WeChat call', async (api, event, field, page) => {
    const { call, generator } = setup();
    const result = await call(api, event);
    expect(result.errCode).toBe(ErrCode.PAGE_NOT_ALLOWED);
    expect(result.errMsg).toBe(
      `${field}: must open one of this app's pages (pages/index/index, pages/make/make, shop/pages/item); received string "${page}". Add the page to app.json and rebuild (a project set up by \`npx wxacode-cloudbase add\`: run add again and upload the function), or list it in WXACODE_ALLOWED_PAGES`,
    );
    expect(generator.calls).toHaveLength(0);
  });

  test('pages of app.json, subpackages included, and the home page (no page) are allowed', async () => {
    const { call, generator } = setup();
    expect((await call('wxacode.get', { path: 'shop/pages/item?id=9' })).errCode).toBe(0);
    expect((await call('wxacode.getUnlimited', { scene: 'a' })).errCode).toBe(0);
    expect((await call('wxacode.getUnlimited', { scene: 'a', page: 'pages/make/make' })).errCode).toBe(0);
    expect(generator.calls).toHaveLength(3);
  });
});

describe('admins', () => {
  test('when admins are set, others cannot make new quota-limited codes but get stored ones', async () => {
    const { call, generator } = setup({ adminOpenids: ['oAdmin'] });
    const refused = await call('wxacode.get', { path: 'pages/index/index?id=1' }, 'oUser');
    expect(refused.errCode).toBe(ErrCode.CALLER_NOT_ADMIN);
    expect(refused.errMsg).toMatch(/only admins \(WXACODE_ADMIN_OPENIDS\) may make new ones/);
    expect(generator.calls).toHaveLength(0);
    expect((await call('wxacode.get', { path: 'pages/index/index?id=1' }, 'oAdmin'))).toMatchObject({ errCode: 0, cached: false });
    expect((await call('wxacode.get', { path: 'pages/index/index?id=1' }, 'oUser'))).toMatchObject({ errCode: 0, cached: true });
    expect((await call('wxacode.createQRCode', { path: 'pages/index/index' }, 'oUser')).errCode).toBe(ErrCode.CALLER_NOT_ADMIN);
    expect(generator.calls).toHaveLength(1);
  });

  test('getUnlimited, which spends no lifetime quota, stays open to everyone', async () => {
    const { call } = setup({ adminOpenids: ['oAdmin'] });
    expect((await call('wxacode.getUnlimited', { scene: 'x=1' }, 'oUser')).errCode).toBe(0);
  });

  test('a server-side caller (no OPENID: another function, a trigger, the console) is trusted', async () => {
    const { call, generator } = setup({ adminOpenids: ['oAdmin'] }, null);
    expect((await call('wxacode.get', { path: 'pages/index/index' })).errCode).toBe(0);
    expect(generator.calls).toHaveLength(1);
  });
});

describe('per-OPENID rate of new codes', () => {
  test('the limit counts new codes only, per user, and frees up when the window moves on', async () => {
    const { call, generator, advance } = setup({ newCodesPerOpenid: { limit: 2, windowSeconds: 60 } });
    expect((await call('wxacode.getUnlimited', { scene: '1' })).errCode).toBe(0);
    expect((await call('wxacode.getUnlimited', { scene: '2' })).errCode).toBe(0);
    expect((await call('wxacode.getUnlimited', { scene: '1' })).errCode).toBe(0); // cached: free
    const limited = await call('wxacode.getUnlimited', { scene: '3' });
    expect(limited.errCode).toBe(ErrCode.CALLER_RATE_LIMITED);
    expect(limited.errMsg).toMatch(/may make 2 new codes per 60 s.*Try again in \d+ s/);
    expect((await call('wxacode.getUnlimited', { scene: '3' }, 'oOther')).errCode).toBe(0);
    advance(60_000);
    expect((await call('wxacode.getUnlimited', { scene: '4' })).errCode).toBe(0);
    expect(generator.calls.map((c) => (c.params as { scene: string }).scene)).toEqual(['1', '2', '3', '4']);
  });

  test('failures cost nothing: with WeChat failing (-1) 35 times in a row, the user still gets a code after', async () => {
    const { call, generator, counter } = setup({ newCodesPerOpenid: { limit: 30, windowSeconds: 3600 } });
    for (let i = 0; i < 35; i++) generator.failNext(-1, 'system error');
    const failures = [];
    for (let i = 0; i < 35; i++) failures.push((await call('wxacode.getUnlimited', { scene: `s${i}` })).errCode);
    expect(failures).toEqual(Array(35).fill(-1));
    expect(await call('wxacode.getUnlimited', { scene: 'after' })).toMatchObject({ errCode: 0, cached: false });
    expect([...counter.counts.values()]).toEqual([1]);
  });

  test("concurrent requests of one user cannot pass the limit together, and refused ones are not counted", async () => {
    const { call, generator, counter } = setup({ newCodesPerOpenid: { limit: 5, windowSeconds: 3600 } });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call('wxacode.getUnlimited', { scene: `c${i}` })));
    expect(results.filter((r) => r.errCode === 0)).toHaveLength(5);
    expect(results.filter((r) => r.errCode === ErrCode.CALLER_RATE_LIMITED)).toHaveLength(7);
    expect(generator.calls).toHaveLength(5);
    expect([...counter.counts.values()]).toEqual([5]);
  });

  test('50 users asking for one code together through 50 instances: one WeChat call, charged once', async () => {
    const generator = new MemoryCodeGenerator();
    const files = new MemoryFileStore();
    const index = new MemoryCodeIndex();
    const counter = new MemoryRateCounter();
    const policy: CallerPolicy = { ...DEFAULT_POLICY, allowedPages: PAGES };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        // one function instance each: no shared in-flight map, only the claim in the index
        const service = new CodeService({ generator, files, index, claimPollMs: 5, claimWaitMs: 60_000 });
        const guard = new CallerGuard(policy, () => ({ openid: `oUser${i}` }), counter);
        return handleCodeEvent('wxacode.getUnlimited', { scene: 'poster=1' }, service, { guard });
      }),
    );
    expect(results.every((r) => r.errCode === 0)).toBe(true);
    expect(generator.calls).toHaveLength(1);
    expect([...counter.counts.values()].reduce((a, b) => a + b, 0)).toBe(1);
  });

  test('a user at the limit still gets a code another instance is making (served by its claim, not charged)', async () => {
    const generator = new MemoryCodeGenerator();
    const files = new MemoryFileStore();
    const index = new MemoryCodeIndex();
    const counter = new MemoryRateCounter();
    const policy: CallerPolicy = { ...DEFAULT_POLICY, allowedPages: PAGES, newCodesPerOpenid: { limit: 1, windowSeconds: 3600 } };
    const slowInstance = new CodeService({ generator, files, index });
    const waitingInstance = new CodeService({ generator, files, index, claimPollMs: 5 });
    const guardOf = (openid: string) => new CallerGuard(policy, () => ({ openid }), counter);
    expect((await handleCodeEvent('wxacode.getUnlimited', { scene: 'mine' }, waitingInstance, { guard: guardOf('oFull') })).errCode).toBe(0);
    const [maker, waiter] = await Promise.all([
      handleCodeEvent('wxacode.getUnlimited', { scene: 'shared' }, slowInstance, {}),
      handleCodeEvent('wxacode.getUnlimited', { scene: 'shared' }, waitingInstance, { guard: guardOf('oFull') }),
    ]);
    expect(maker).toMatchObject({ errCode: 0, cached: false });
    expect(waiter).toMatchObject({ errCode: 0, cached: true });
    expect(generator.calls).toHaveLength(2);
    expect([...counter.counts.values()]).toEqual([1]);
  });

  test('admins are not rate limited', async () => {
    const { call } = setup({ adminOpenids: ['oAdmin'], newCodesPerOpenid: { limit: 1, windowSeconds: 60 } });
    for (const scene of ['1', '2', '3']) expect((await call('wxacode.getUnlimited', { scene }, 'oAdmin')).errCode).toBe(0);
  });
});

test('an event larger than the limit is refused unread', async () => {
  const { call, generator } = setup({ maxEventBytes: 256 });
  const result = await call('wxacode.get', { path: 'pages/index/index', pad: 'x'.repeat(300) });
  expect(result).toEqual({ errCode: ErrCode.EVENT_TOO_LARGE, errMsg: expect.stringMatching(/^event: must be at most 256 bytes as JSON \(it is 3\d\d\)/) });
  expect(generator.calls).toHaveLength(0);
});

describe('readPolicy', () => {
  test('defaults: app.json pages, no admins, 30 new codes per hour, 4 KB events', () => {
    expect(readPolicy({}, PAGES)).toEqual({ allowedPages: PAGES, adminOpenids: [], newCodesPerOpenid: { limit: 30, windowSeconds: 3600 }, maxEventBytes: 4096 });
  });

  test('each variable tightens or loosens one thing', () => {
    expect(
      readPolicy({ WXACODE_ALLOWED_PAGES: 'pages/a, pages/b', WXACODE_ADMIN_OPENIDS: 'o1,o2', WXACODE_RATE_LIMIT: '5/60', WXACODE_MAX_EVENT_BYTES: '1024' }, PAGES),
    ).toEqual({ allowedPages: ['pages/a', 'pages/b'], adminOpenids: ['o1', 'o2'], newCodesPerOpenid: { limit: 5, windowSeconds: 60 }, maxEventBytes: 1024 });
    expect(readPolicy({ WXACODE_ALLOWED_PAGES: '*', WXACODE_RATE_LIMIT: 'off' }, PAGES)).toMatchObject({ allowedPages: '*', newCodesPerOpenid: null });
  });

  test.each([
    [{ WXACODE_RATE_LIMIT: 'lots' }, /WXACODE_RATE_LIMIT: must be "<new codes>\/<seconds>"/],
    [{ WXACODE_RATE_LIMIT: '0/60' }, /WXACODE_RATE_LIMIT/],
    [{ WXACODE_ALLOWED_PAGES: '/pages/a' }, /WXACODE_ALLOWED_PAGES: pages are written as in app.json/],
    [{ WXACODE_MAX_EVENT_BYTES: '10' }, /WXACODE_MAX_EVENT_BYTES: must be a whole number of bytes, at least 256/],
  ])('a malformed variable %j is an error naming it, not an open door', (env, message) => {
    expect(() => readPolicy(env, PAGES)).toThrow(expect.objectContaining({ errCode: ErrCode.INTERNAL, errMsg: expect.stringMatching(message) }));
  });
});
